#include "kernels/cuda/conv_weights.h"

#include <cstring>

namespace oar::kernels::cuda {

Tensor ReorderKcrsToKrsc(const Tensor& host) {
  const int64_t k = host.shape()[0], c = host.shape()[1], r = host.shape()[2], s = host.shape()[3];
  Tensor out(host.dtype(), host.shape());
  const size_t es = DTypeSize(host.dtype());
  const char* src = static_cast<const char*>(host.raw_data());
  char* dst = static_cast<char*>(out.raw_data());
  for (int64_t ki = 0; ki < k; ++ki) {
    for (int64_t ci = 0; ci < c; ++ci) {
      for (int64_t ri = 0; ri < r; ++ri) {
        for (int64_t si = 0; si < s; ++si) {
          const int64_t from = ((ki * c + ci) * r + ri) * s + si;
          const int64_t to = ((ki * r + ri) * s + si) * c + ci;
          std::memcpy(dst + to * es, src + from * es, es);
        }
      }
    }
  }
  return out;
}

StatusOr<Tensor> ConvWeightsFor(const Tensor& w, bool channels_last, oar::cuda::CudaContext& cctx,
                                const std::string& where) {
  if (!channels_last) return w;
  Tensor host = w;
  if (w.device().is_cuda()) {
    host = Tensor(w.dtype(), w.shape());
    OAR_RETURN_IF_ERROR(oar::cuda::CopyTensor(w, &host, cctx.stream(), where + "weights download"));
    OAR_RETURN_IF_ERROR(cctx.Synchronize());
  }
  return oar::cuda::ToDevice(ReorderKcrsToKrsc(host), cctx);
}

}  // namespace oar::kernels::cuda
