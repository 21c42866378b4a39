// CUDA kernels of the unary elementwise ops (unary.h): attributes are read in Prepare, Run enqueues
// one vectorised pass. Float ops run on f32/f16; Relu and Clip also on i32/i64 (as the CPU kernels).
#include "kernels/cuda/unary.h"

#include <cmath>
#include <limits>
#include <memory>

#include "kernels/cuda/math_kernels.h"

namespace oar::kernels::cuda {

namespace {

/// A Clip bound for an integer tensor of type T, as the CPU kernel rounds it: inward (ceil for the
/// minimum, floor for the maximum), then saturated into T's range.
template <typename T>
int64_t IntClipBound(double v, bool is_min) {
  v = is_min ? std::ceil(v) : std::floor(v);
  if (v <= static_cast<double>(std::numeric_limits<T>::lowest())) return std::numeric_limits<T>::lowest();
  if (v >= static_cast<double>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<int64_t>(v);
}

class UnaryKernel final : public runtime::Kernel {
 public:
  explicit UnaryKernel(UnaryOp op) : op_(op) {}

  Status Prepare(const runtime::KernelContext& ctx) override {
    dtype_ = ctx.input(0).dtype();
    OAR_RETURN_IF_ERROR(CheckOutputLike(ctx, dtype_));
    params_ = UnaryParams{};
    switch (op_) {
      case UnaryOp::kLeakyRelu: {
        OAR_ASSIGN_OR_RETURN(const ir::LeakyReluAttrs* a, CudaAttrs<ir::LeakyReluAttrs>(ctx));
        params_.alpha = a->alpha;
        break;
      }
      case UnaryOp::kHardSigmoid: {
        OAR_ASSIGN_OR_RETURN(const ir::HardSigmoidAttrs* a, CudaAttrs<ir::HardSigmoidAttrs>(ctx));
        params_.alpha = a->slope;
        params_.beta = a->offset;
        break;
      }
      case UnaryOp::kHardSwish: {
        OAR_ASSIGN_OR_RETURN(const ir::HardSwishAttrs* a, CudaAttrs<ir::HardSwishAttrs>(ctx));
        params_.alpha = a->threshold;
        params_.beta = a->scale;
        params_.gamma = a->offset;
        break;
      }
      case UnaryOp::kSwish: {
        OAR_ASSIGN_OR_RETURN(const ir::SwishAttrs* a, CudaAttrs<ir::SwishAttrs>(ctx));
        params_.alpha = a->beta;
        break;
      }
      case UnaryOp::kGelu:
      case UnaryOp::kGeluTanh: {
        OAR_ASSIGN_OR_RETURN(const ir::GeluAttrs* a, CudaAttrs<ir::GeluAttrs>(ctx));
        op_ = a->approximate ? UnaryOp::kGeluTanh : UnaryOp::kGelu;
        break;
      }
      case UnaryOp::kClip: {
        OAR_ASSIGN_OR_RETURN(const ir::ClipAttrs* a, CudaAttrs<ir::ClipAttrs>(ctx));
        params_.alpha = a->min;
        params_.beta = a->max;
        if (dtype_ == DType::kInt32) {
          params_.int_lo = IntClipBound<int32_t>(a->min, true);
          params_.int_hi = IntClipBound<int32_t>(a->max, false);
        } else if (dtype_ == DType::kInt64) {
          params_.int_lo = IntClipBound<int64_t>(a->min, true);
          params_.int_hi = IntClipBound<int64_t>(a->max, false);
        }
        break;
      }
      default:
        break;
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    return LaunchUnary(cctx->stream(), dtype_, op_, params_, ctx.input(0).raw_data(), ctx.output(0).raw_data(),
                       ctx.input(0).numel(), ctx.Where());
  }

 private:
  UnaryOp op_;
  DType dtype_ = DType::kUndefined;
  UnaryParams params_;
};

template <UnaryOp kOp>
std::unique_ptr<runtime::Kernel> MakeUnary() {
  return std::make_unique<UnaryKernel>(kOp);
}

bool AcceptsNumeric(const ir::Node& node, const std::vector<DType>& input_dtypes) {
  (void)node;
  if (input_dtypes.empty()) return false;
  const DType t = input_dtypes[0];
  return IsCudaFloat(t) || t == DType::kInt32 || t == DType::kInt64;
}

template <UnaryOp kOp>
void RegisterFloatOp(runtime::KernelRegistry& registry, ir::OpKind kind) {
  for (DType t : {DType::kFloat32, DType::kFloat16}) {
    RegisterCudaPointwiseKernel(registry, kind, t, "cuda", &MakeUnary<kOp>, &AcceptsFloatInputs);
  }
}

template <UnaryOp kOp>
void RegisterNumericOp(runtime::KernelRegistry& registry, ir::OpKind kind) {
  for (DType t : {DType::kFloat32, DType::kFloat16, DType::kInt32, DType::kInt64}) {
    RegisterCudaPointwiseKernel(registry, kind, t, "cuda", &MakeUnary<kOp>, &AcceptsNumeric);
  }
}

}  // namespace

void RegisterUnaryKernels(runtime::KernelRegistry& registry) {
  RegisterNumericOp<UnaryOp::kRelu>(registry, ir::OpKind::kRelu);
  RegisterFloatOp<UnaryOp::kLeakyRelu>(registry, ir::OpKind::kLeakyRelu);
  RegisterFloatOp<UnaryOp::kSigmoid>(registry, ir::OpKind::kSigmoid);
  RegisterFloatOp<UnaryOp::kTanh>(registry, ir::OpKind::kTanh);
  RegisterFloatOp<UnaryOp::kHardSigmoid>(registry, ir::OpKind::kHardSigmoid);
  RegisterFloatOp<UnaryOp::kHardSwish>(registry, ir::OpKind::kHardSwish);
  RegisterFloatOp<UnaryOp::kSwish>(registry, ir::OpKind::kSwish);
  RegisterFloatOp<UnaryOp::kGelu>(registry, ir::OpKind::kGelu);
  RegisterNumericOp<UnaryOp::kClip>(registry, ir::OpKind::kClip);
  RegisterFloatOp<UnaryOp::kExp>(registry, ir::OpKind::kExp);
  RegisterFloatOp<UnaryOp::kSqrt>(registry, ir::OpKind::kSqrt);
}

}  // namespace oar::kernels::cuda
