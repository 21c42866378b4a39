// CUDA kernels of the broadcasting binary ops (binary.h): Prepare collapses the broadcast into a
// BinaryGeometry, Run enqueues one kernel. Registered for f32/f16 (all ops) and i32/i64 (Add, Sub,
// Mul, Max, Min); integer Div and Pow are refused in `accepts` and run on the CPU.
#include "kernels/cuda/binary.h"

#include <memory>
#include <vector>

#include "kernels/cuda/math_kernels.h"

namespace oar::kernels::cuda {

Status MakeBinaryGeometry(const Shape& a, const Shape& b, const Shape& out, const std::string& where,
                          BinaryGeometry* geometry) {
  BinaryGeometry g;
  const int r = out.rank();
  if (a.rank() > r || b.rank() > r) {
    return Internal(where + "operand " + (a.rank() > r ? a : b).ToString() + " has a higher rank than the output " +
                    out.ToString());
  }
  g.total = out.NumElements();
  // Collapsed dims with the broadcast flag of each operand; neighbours that broadcast alike merge.
  std::vector<int64_t> dims;
  std::vector<char> bcast_a, bcast_b;
  for (int d = 0; d < r; ++d) {
    const int64_t od = out[d];
    const int64_t ad = d < r - a.rank() ? 1 : a[d - (r - a.rank())];
    const int64_t bd = d < r - b.rank() ? 1 : b[d - (r - b.rank())];
    if ((ad != od && ad != 1) || (bd != od && bd != 1)) {
      return Internal(where + "inputs " + a.ToString() + " and " + b.ToString() + " do not broadcast to the output " +
                      out.ToString());
    }
    if (od == 1) continue;  // size-1 dims change no offset
    const char ba = ad != od, bb = bd != od;
    if (!dims.empty() && bcast_a.back() == ba && bcast_b.back() == bb) {
      dims.back() *= od;
    } else {
      dims.push_back(od);
      bcast_a.push_back(ba);
      bcast_b.push_back(bb);
    }
  }
  if (dims.empty()) {  // every dim is 1: one element
    dims.push_back(1);
    bcast_a.push_back(0);
    bcast_b.push_back(0);
  }
  const int k = static_cast<int>(dims.size());
  if (k > kMaxBinaryDims) {
    return Unsupported(where + "inputs " + a.ToString() + " and " + b.ToString() + " need " + std::to_string(k) +
                       " broadcast dims, more than the " + std::to_string(kMaxBinaryDims) + " the CUDA kernel handles");
  }
  g.rank = k;
  int64_t sa = 1, sb = 1;
  for (int d = k - 1; d >= 0; --d) {
    const size_t i = static_cast<size_t>(d);
    g.dims[d] = dims[i];
    g.stride_a[d] = bcast_a[i] ? 0 : sa;
    g.stride_b[d] = bcast_b[i] ? 0 : sb;
    if (!bcast_a[i]) sa *= dims[i];
    if (!bcast_b[i]) sb *= dims[i];
  }
  // Pick the pattern. An operand that broadcasts nowhere is full; one that varies along exactly
  // one collapsed dim (the others broadcast) is a per-channel vector.
  auto full = [&](const std::vector<char>& f) {
    for (char c : f) {
      if (c) return false;
    }
    return true;
  };
  auto channel_dim = [&](const std::vector<char>& f) {
    int found = -1;
    for (int d = 0; d < k; ++d) {
      if (f[static_cast<size_t>(d)]) continue;
      if (found >= 0) return -1;
      found = d;
    }
    return found;
  };
  if (k == 1) {
    g.pattern = BinaryGeometry::Pattern::kFlat;
    g.a_step = bcast_a[0] ? 0 : 1;
    g.b_step = bcast_b[0] ? 0 : 1;
  } else if (full(bcast_a) && channel_dim(bcast_b) >= 0) {
    g.pattern = BinaryGeometry::Pattern::kChannelB;
    const int c = channel_dim(bcast_b);
    g.channels = dims[static_cast<size_t>(c)];
    for (int d = c + 1; d < k; ++d) g.inner *= dims[static_cast<size_t>(d)];
  } else if (full(bcast_b) && channel_dim(bcast_a) >= 0) {
    g.pattern = BinaryGeometry::Pattern::kChannelA;
    const int c = channel_dim(bcast_a);
    g.channels = dims[static_cast<size_t>(c)];
    for (int d = c + 1; d < k; ++d) g.inner *= dims[static_cast<size_t>(d)];
  } else {
    g.pattern = BinaryGeometry::Pattern::kGeneral;
  }
  *geometry = g;
  return Status::OK();
}

namespace {

class BinaryKernel final : public runtime::Kernel {
 public:
  explicit BinaryKernel(BinaryOp op) : op_(op) {}

  Status Prepare(const runtime::KernelContext& ctx) override {
    dtype_ = ctx.input(0).dtype();
    if (ctx.input(1).dtype() != dtype_ || ctx.output(0).dtype() != dtype_) {
      return Internal("cuda kernels: " + ctx.Where() + "input #1 " + ctx.input(1).Describe() + " and output " +
                      ctx.output(0).Describe() + ": expected dtype " + DTypeName(dtype_) + " (input #0's)");
    }
    if (!CudaBinarySupports(op_, dtype_)) {
      return Unsupported("cuda kernels: " + ctx.Where() + "no CUDA kernel for " + DTypeName(dtype_) + " inputs");
    }
    return MakeBinaryGeometry(ctx.input(0).shape(), ctx.input(1).shape(), ctx.output(0).shape(),
                              "cuda kernels: " + ctx.Where(), &geometry_);
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    return LaunchBinary(cctx->stream(), dtype_, op_, geometry_, ctx.input(0).raw_data(), ctx.input(1).raw_data(),
                        ctx.output(0).raw_data(), ctx.Where());
  }

 private:
  BinaryOp op_;
  DType dtype_ = DType::kUndefined;
  BinaryGeometry geometry_;
};

template <BinaryOp kOp>
std::unique_ptr<runtime::Kernel> MakeBinary() {
  return std::make_unique<BinaryKernel>(kOp);
}

/// Both inputs of one dtype that LaunchBinary has a kernel for with this op.
template <BinaryOp kOp>
bool AcceptsBinary(const ir::Node& node, const std::vector<DType>& input_dtypes) {
  (void)node;
  if (input_dtypes.size() != 2 || input_dtypes[0] != input_dtypes[1]) return false;
  return CudaBinarySupports(kOp, input_dtypes[0]);
}

template <BinaryOp kOp>
void RegisterOp(runtime::KernelRegistry& registry, ir::OpKind kind) {
  for (DType t : {DType::kFloat32, DType::kFloat16, DType::kInt32, DType::kInt64}) {
    if (CudaBinarySupports(kOp, t)) {
      RegisterCudaKernel(registry, kind, t, "cuda", &MakeBinary<kOp>, &AcceptsBinary<kOp>);
    }
  }
}

}  // namespace

void RegisterBinaryKernels(runtime::KernelRegistry& registry) {
  RegisterOp<BinaryOp::kAdd>(registry, ir::OpKind::kAdd);
  RegisterOp<BinaryOp::kSub>(registry, ir::OpKind::kSub);
  RegisterOp<BinaryOp::kMul>(registry, ir::OpKind::kMul);
  RegisterOp<BinaryOp::kDiv>(registry, ir::OpKind::kDiv);
  RegisterOp<BinaryOp::kMax>(registry, ir::OpKind::kMax);
  RegisterOp<BinaryOp::kMin>(registry, ir::OpKind::kMin);
  RegisterOp<BinaryOp::kPow>(registry, ir::OpKind::kPow);
}

}  // namespace oar::kernels::cuda
