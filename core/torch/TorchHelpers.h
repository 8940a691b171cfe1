#pragma once

// Private to kmw_torch_module: helpers shared by its .cpp files (model, layers, trainer,
// runner).
// Include <torch/torch.h> before this header (and before any Qt header).

#include <QString>

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace kmw::torchsmoke {

/// A std::runtime_error carrying `message` (what the builder and the layers throw).
inline std::runtime_error fail(const QString &message)
{
    return std::runtime_error(message.toStdString());
}

/// The number of elements of a shape (1 for an empty one).
inline int64_t product(const std::vector<int64_t> &shape)
{
    int64_t p = 1;
    for (int64_t d : shape)
        p *= d;
    return p;
}

} // namespace kmw::torchsmoke
