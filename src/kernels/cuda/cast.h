// Cast on the GPU between every pair of f32, f16, bf16, f64, i8, u8, i16, i32, i64 and bool, with
// the element rules of the CPU kernel (kernels/cpu/convert.h): f16/bf16 go through f32 (round to
// nearest even), floating -> integer truncates toward zero and saturates (NaN -> 0), integer ->
// integer wraps, anything -> bool is (x != 0). The same dtype copies bytes.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "core/dtype.h"
#include "core/status.h"

namespace oar::kernels::cuda {

/// True for every dtype LaunchCast converts from and to (all but kUndefined).
bool IsCudaCastDType(DType t);

/// y = cast<to>(x) over n contiguous elements (x and y device pointers; x may equal y only when
/// from == to). kUnsupported for kUndefined.
Status LaunchCast(cudaStream_t stream, DType from, DType to, const void* x, void* y, int64_t n,
                  const std::string& where);

}  // namespace oar::kernels::cuda
