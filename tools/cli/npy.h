// Reading and writing NumPy .npy files (format 1.0-3.0, little-endian, C order).
#pragma once

#include <string>

#include "core/status.h"
#include "core/tensor.h"

namespace oar::cli {

StatusOr<Tensor> ReadNpy(const std::string& path);
Status WriteNpy(const std::string& path, const Tensor& tensor);

}  // namespace oar::cli
