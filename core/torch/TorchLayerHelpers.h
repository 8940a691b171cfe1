#pragma once

// Private to kmw_torch_module: helpers shared by TorchModel.cpp and TorchLayers.cpp.
// Include <torch/torch.h> before this header (and before any Qt header).

#include <QString>

#include <stdexcept>

namespace kmw::torchsmoke {

/// A std::runtime_error carrying `message` (what the builder and the layers throw).
inline std::runtime_error fail(const QString &message)
{
    return std::runtime_error(message.toStdString());
}

} // namespace kmw::torchsmoke
