// A PyTorch state_dict file from host arrays (kmw-cli port-weights).
#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/serialization/pickler.h>
#include <torch/script.h>
#include <torch/torch.h>

#include "TorchRunner.h"

#include <QSaveFile>

namespace kmw {

bool writeStateDictImpl(const QString &path, const QVector<QPair<QString, HostArray>> &state, QString *error)
{
    try {
        c10::Dict<std::string, at::Tensor> dict;
        for (const auto &[key, array] : state) {
            std::vector<int64_t> shape(array.shape.begin(), array.shape.end());
            at::Tensor t = torch::from_blob(const_cast<float *>(array.values.data()), shape, torch::kFloat32).clone();
            dict.insert(key.toStdString(), t);
        }
        // torch.save's zip layout (archive/data.pkl, archive/data/<key>, version), with
        // a plain dict: torch.load(weights_only=True) refuses the type tags that
        // torch::pickle_save puts on typed dicts.
        std::vector<char> pickle;
        int key = 0;
        torch::jit::Pickler pickler([&](const char *data, size_t size) { pickle.insert(pickle.end(), data, data + size); },
                                    nullptr, nullptr, nullptr, [&](const at::Tensor &) { return std::to_string(key++); },
                                    /*tag_aggregates=*/false);
        pickler.protocol();
        pickler.pushIValue(c10::IValue(dict));
        pickler.stop();
        std::vector<char> bytes;
        {
            caffe2::serialize::PyTorchStreamWriter writer([&](const void *data, size_t size) {
                const char *p = static_cast<const char *>(data);
                bytes.insert(bytes.end(), p, p + size);
                return size;
            });
            writer.writeRecord("data.pkl", pickle.data(), pickle.size());
            const std::vector<at::Tensor> &tensors = pickler.tensorData();
            for (size_t i = 0; i < tensors.size(); ++i)
                writer.writeRecord("data/" + std::to_string(i), tensors[i].storage().data(), tensors[i].storage().nbytes());
            writer.writeEndOfFile();
        }
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes.data(), qint64(bytes.size())) != qint64(bytes.size())
            || !file.commit()) {
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
            return false;
        }
        return true;
    } catch (const std::exception &e) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, QString::fromUtf8(e.what()).section(QLatin1Char('\n'), 0, 0));
        return false;
    }
}

} // namespace kmw
