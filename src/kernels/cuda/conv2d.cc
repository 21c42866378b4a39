// conv2d on cuDNN: y = act(conv(x, w) + bias + sum) in NCHW or, inside an engine that asks for
// it, NHWC (KernelContext::channels_last), for f32 and f16 data (f16 with f32 accumulation).
//
// Tactics: "cudnn" lets cuDNN's heuristics pick the algorithm (the native executor's choice);
// "cudnn_<algo>" fixes one algorithm, so the engine builder can time each and keep the fastest.
// An algorithm whose workspace exceeds KernelContext::workspace_limit is refused in Prepare
// (kUnsupported), which makes the builder skip that tactic.
//
// Epilogue: with no activation or ReLU, cudnnConvolutionBiasActivationForward does conv, the
// residual (z) and bias and the activation in one call (cuDNN allows the identity activation only
// with IMPLICIT_PRECOMP_GEMM). Everything else runs cudnnConvolutionForward and then one pass of
// LaunchBiasResidualActivation. A fused call cuDNN refuses in Prepare drops back to that path.
//
// cuDNN's legacy convolution API takes symmetric padding only: asymmetric explicit pads, and SAME
// padding that can come out asymmetric, are refused in `accepts` so the node runs elsewhere.
#include <cudnn.h>

#include <cstring>
#include <memory>
#include <vector>

#include "core/logging.h"
#include "ir/schemas/nn_shape_util.h"
#include "kernels/cuda/conv_weights.h"
#include "kernels/cuda/cuda_kernel_util.h"
#include "kernels/cuda/epilogue.h"
#include "kernels/cuda/register_groups.h"

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace oar::kernels::cuda {

namespace {

constexpr int kHeuristic = -1;

struct AlgoName {
  cudnnConvolutionFwdAlgo_t algo;
  const char* name;
};
// FFT, tiled FFT, non-fused Winograd and explicit GEMM are left out: they lose precision in f32
// (FFT: ~5e-4 relative on AlexNet's 11x11 layer, over the 1e-4 the engine promises) and are never
// the fastest for f16 channels-last data, while timing them doubles the build time.
constexpr AlgoName kAlgos[] = {
    {CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM, "cudnn_implicit_gemm"},
    {CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM, "cudnn_precomp_gemm"},
    {CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD, "cudnn_winograd"},
};

cudnnDataType_t CudnnType(DType t) { return t == DType::kFloat16 ? CUDNN_DATA_HALF : CUDNN_DATA_FLOAT; }

// Owns the descriptors of one prepared convolution.
struct Descriptors {
  cudnnTensorDescriptor_t x = nullptr, y = nullptr, bias = nullptr;
  cudnnFilterDescriptor_t w = nullptr;
  cudnnConvolutionDescriptor_t conv = nullptr;
  cudnnActivationDescriptor_t act = nullptr;
  ~Descriptors() {
    if (x) cudnnDestroyTensorDescriptor(x);
    if (y) cudnnDestroyTensorDescriptor(y);
    if (bias) cudnnDestroyTensorDescriptor(bias);
    if (w) cudnnDestroyFilterDescriptor(w);
    if (conv) cudnnDestroyConvolutionDescriptor(conv);
    if (act) cudnnDestroyActivationDescriptor(act);
  }
};

class CudnnConv2d : public runtime::Kernel {
 public:
  explicit CudnnConv2d(int algo) : fixed_algo_(algo) {}

  Status Prepare(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    const std::string where = "cuda conv2d: " + ctx.Where();
    const auto& a = ctx.attr<ir::Conv2dAttrs>();
    const Tensor& x = ctx.input(0);
    const Tensor& w = ctx.input(1);
    const Tensor& y = ctx.output(0);
    dtype_ = x.dtype();
    if (w.shape().rank() != 4 || x.shape().rank() != 4) {
      return InvalidArgument(where + "expects 4-D input and weights, got " + x.Describe() + " and " + w.Describe());
    }
    const int64_t n = x.shape()[0], c = x.shape()[1], h = x.shape()[2], wd = x.shape()[3];
    const int64_t k = w.shape()[0], kh = w.shape()[2], kw = w.shape()[3];
    const ir::Window2d g = ir::ResolveConv2d(a, h, wd, kh, kw);
    if (g.pads[0] != g.pads[2] || g.pads[1] != g.pads[3]) {
      return Unsupported(where + "asymmetric padding " + std::to_string(g.pads[0]) + "," + std::to_string(g.pads[1]) +
                         "," + std::to_string(g.pads[2]) + "," + std::to_string(g.pads[3]) +
                         " (cuDNN pads symmetrically)");
    }
    channels_last_ = ctx.channels_last;
    const cudnnTensorFormat_t fmt = channels_last_ ? CUDNN_TENSOR_NHWC : CUDNN_TENSOR_NCHW;
    const cudnnDataType_t dt = CudnnType(dtype_);
    d_ = std::make_unique<Descriptors>();
    const std::string cw = where;
    OAR_CUDA_RETURN_IF_ERROR(cudnnCreateTensorDescriptor(&d_->x), cw);
    OAR_CUDA_RETURN_IF_ERROR(cudnnCreateTensorDescriptor(&d_->y), cw);
    OAR_CUDA_RETURN_IF_ERROR(cudnnCreateTensorDescriptor(&d_->bias), cw);
    OAR_CUDA_RETURN_IF_ERROR(cudnnCreateFilterDescriptor(&d_->w), cw);
    OAR_CUDA_RETURN_IF_ERROR(cudnnCreateConvolutionDescriptor(&d_->conv), cw);
    OAR_CUDA_RETURN_IF_ERROR(cudnnCreateActivationDescriptor(&d_->act), cw);
    OAR_CUDA_RETURN_IF_ERROR(cudnnSetTensor4dDescriptor(d_->x, fmt, dt, static_cast<int>(n), static_cast<int>(c),
                                                        static_cast<int>(h), static_cast<int>(wd)),
                             cw);
    OAR_CUDA_RETURN_IF_ERROR(
        cudnnSetTensor4dDescriptor(d_->y, fmt, dt, static_cast<int>(y.shape()[0]), static_cast<int>(y.shape()[1]),
                                   static_cast<int>(y.shape()[2]), static_cast<int>(y.shape()[3])),
        cw);
    OAR_CUDA_RETURN_IF_ERROR(cudnnSetTensor4dDescriptor(d_->bias, CUDNN_TENSOR_NCHW, dt, 1, static_cast<int>(k), 1, 1),
                             cw);
    OAR_CUDA_RETURN_IF_ERROR(cudnnSetFilter4dDescriptor(d_->w, dt, fmt, static_cast<int>(k),
                                                        static_cast<int>(w.shape()[1]), static_cast<int>(kh),
                                                        static_cast<int>(kw)),
                             cw);
    OAR_CUDA_RETURN_IF_ERROR(
        cudnnSetConvolution2dDescriptor(d_->conv, static_cast<int>(g.pads[0]), static_cast<int>(g.pads[1]),
                                        static_cast<int>(g.strides[0]), static_cast<int>(g.strides[1]),
                                        static_cast<int>(g.dilations[0]), static_cast<int>(g.dilations[1]),
                                        CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT),
        cw);
    OAR_CUDA_RETURN_IF_ERROR(cudnnSetConvolutionGroupCount(d_->conv, static_cast<int>(a.groups)), cw);
    // f16: tensor cores. f32: plain FMA unless TF32 is allowed.
    const cudnnMathType_t math = dtype_ == DType::kFloat16 ? CUDNN_TENSOR_OP_MATH
                                 : ctx.allow_tf32          ? CUDNN_DEFAULT_MATH
                                                           : CUDNN_FMA_MATH;
    OAR_CUDA_RETURN_IF_ERROR(cudnnSetConvolutionMathType(d_->conv, math), cw);

    OAR_ASSIGN_OR_RETURN(cudnnHandle_t handle, cctx->cudnn());
    const size_t limit = ctx.workspace_limit < 0 ? (size_t{1} << 31) : static_cast<size_t>(ctx.workspace_limit);
    if (fixed_algo_ == kHeuristic) {
      cudnnConvolutionFwdAlgoPerf_t perf[CUDNN_CONVOLUTION_FWD_ALGO_COUNT];
      int returned = 0;
      OAR_CUDA_RETURN_IF_ERROR(cudnnGetConvolutionForwardAlgorithm_v7(handle, d_->x, d_->w, d_->conv, d_->y,
                                                                      CUDNN_CONVOLUTION_FWD_ALGO_COUNT, &returned, perf),
                               cw);
      bool found = false;
      for (int i = 0; i < returned && !found; ++i) {
        const bool lossy = perf[i].algo == CUDNN_CONVOLUTION_FWD_ALGO_FFT ||
                           perf[i].algo == CUDNN_CONVOLUTION_FWD_ALGO_FFT_TILING ||
                           perf[i].algo == CUDNN_CONVOLUTION_FWD_ALGO_WINOGRAD_NONFUSED;
        if (lossy && dtype_ == DType::kFloat32 && !ctx.allow_tf32) continue;  // keep f32 at 1e-6, not 1e-4
        if (perf[i].status == CUDNN_STATUS_SUCCESS && perf[i].memory <= limit) {
          algo_ = perf[i].algo;
          found = true;
        }
      }
      if (!found) return Unsupported(where + "cuDNN has no algorithm for this convolution within the workspace limit");
    } else {
      algo_ = static_cast<cudnnConvolutionFwdAlgo_t>(fixed_algo_);
    }
    size_t ws = 0;
    OAR_CUDA_RETURN_IF_ERROR(cudnnGetConvolutionForwardWorkspaceSize(handle, d_->x, d_->w, d_->conv, d_->y, algo_, &ws),
                             cw);
    if (ws > limit) {
      return Unsupported(where + "algorithm needs " + std::to_string(ws) + " bytes of workspace, the limit is " +
                         std::to_string(limit));
    }
    workspace_bytes_ = ws;
    OAR_ASSIGN_OR_RETURN(workspace_, cctx->Workspace(ws));

    const bool constant_w = ctx.constant_inputs.size() > 1 && ctx.constant_inputs[1];
    if (!constant_w && channels_last_) {
      return Unsupported(where + "channels-last convolution needs constant weights");
    }
    OAR_ASSIGN_OR_RETURN(weights_, ConvWeightsFor(w, channels_last_, *cctx, where));
    has_bias_ = ctx.has_input(2);
    has_sum_ = ctx.has_input(3);
    if (has_bias_ && ctx.input(2).dtype() != dtype_) {
      return InvalidArgument(where + "bias " + ctx.input(2).Describe() + " must have the input's dtype " +
                             DTypeName(dtype_));
    }
    const ir::FusedActivation& act = a.activation;
    fused_ = (act.kind == ir::ActivationKind::kRelu) ||
             (act.kind == ir::ActivationKind::kNone && algo_ == CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM);
    if (fused_) {
      if (!has_bias_) {
        Tensor zeros(dtype_, Shape{k});
        zeros.Zero();
        OAR_ASSIGN_OR_RETURN(zero_bias_, oar::cuda::ToDevice(zeros, *cctx));
      }
      OAR_CUDA_RETURN_IF_ERROR(
          cudnnSetActivationDescriptor(d_->act,
                                       act.kind == ir::ActivationKind::kRelu ? CUDNN_ACTIVATION_RELU
                                                                             : CUDNN_ACTIVATION_IDENTITY,
                                       CUDNN_PROPAGATE_NAN, 0.0),
          cw);
      // cuDNN may refuse this combination: try it now and keep the two-pass path if it does.
      Status trial = RunFused(ctx, handle);
      if (!trial.ok()) {
        OAR_VLOG(1, where + "fused conv+bias+activation refused (" + trial.message() + "), using an epilogue");
        cudaGetLastError();
        fused_ = false;
      }
    }
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_ASSIGN_OR_RETURN(cudnnHandle_t handle, cctx->cudnn());
    if (fused_) {
      OAR_ASSIGN_OR_RETURN(workspace_, cctx->Workspace(workspace_bytes_));
      return RunFused(ctx, handle);
    }
    const std::string where = "cuda conv2d: " + ctx.Where();
    const float one = 1.0f, zero = 0.0f;
    Tensor& y = ctx.output(0);
    OAR_ASSIGN_OR_RETURN(workspace_, cctx->Workspace(workspace_bytes_));
    OAR_CUDA_RETURN_IF_ERROR(cudnnConvolutionForward(handle, &one, d_->x, ctx.input(0).raw_data(), d_->w,
                                                     weights_.raw_data(), d_->conv, algo_, workspace_,
                                                     workspace_bytes_, &zero, d_->y, y.raw_data()),
                             where);
    const auto& a = ctx.attr<ir::Conv2dAttrs>();
    if (!has_bias_ && !has_sum_ && a.activation.none()) return Status::OK();
    const Shape& ys = y.shape();
    const int64_t outer = channels_last_ ? ys[0] * ys[2] * ys[3] : ys[0];
    const int64_t inner = channels_last_ ? 1 : ys[2] * ys[3];
    return LaunchBiasResidualActivation(cctx->stream(), dtype_, y.raw_data(), outer, ys[1], inner, channels_last_,
                                        has_bias_ ? ctx.input(2).raw_data() : nullptr,
                                        has_sum_ ? ctx.input(3).raw_data() : nullptr, a.activation, where);
  }

 private:
  Status RunFused(const runtime::KernelContext& ctx, cudnnHandle_t handle) {
    const float one = 1.0f, zero = 0.0f;
    Tensor& y = ctx.output(0);
    const void* bias = has_bias_ ? ctx.input(2).raw_data() : zero_bias_.raw_data();
    // alpha2 = 0 with z = y: cuDNN reads no residual.
    const void* z = has_sum_ ? ctx.input(3).raw_data() : y.raw_data();
    OAR_CUDA_RETURN_IF_ERROR(
        cudnnConvolutionBiasActivationForward(handle, &one, d_->x, ctx.input(0).raw_data(), d_->w, weights_.raw_data(),
                                              d_->conv, algo_, workspace_, workspace_bytes_,
                                              has_sum_ ? &one : &zero, d_->y, z, d_->bias, bias, d_->act, d_->y,
                                              y.raw_data()),
        "cuda conv2d: " + ctx.Where());
    return Status::OK();
  }

  const int fixed_algo_;
  DType dtype_ = DType::kFloat32;
  bool channels_last_ = false;
  std::unique_ptr<Descriptors> d_;
  cudnnConvolutionFwdAlgo_t algo_ = CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_GEMM;
  size_t workspace_bytes_ = 0;
  void* workspace_ = nullptr;  // re-read in Run: a later Prepare may have grown the shared block
  Tensor weights_;
  Tensor zero_bias_;
  bool has_bias_ = false, has_sum_ = false, fused_ = false;
};

// cuDNN's legacy API pads symmetrically: refuse what can come out asymmetric.
bool AcceptsConv(const ir::Node& node, const std::vector<DType>& dtypes) {
  if (dtypes.empty() || !IsCudaFloat(dtypes[0])) return false;
  for (size_t i = 1; i < dtypes.size(); ++i) {
    if (dtypes[i] != DType::kUndefined && dtypes[i] != dtypes[0]) return false;
  }
  const auto* a = std::get_if<ir::Conv2dAttrs>(&node.attrs);
  if (!a || a->pads.size() != 4 || a->strides.size() != 2 || a->dilations.size() != 2) return false;
  switch (a->pad_mode) {
    case ir::PadMode::kExplicit:
      return a->pads[0] == a->pads[2] && a->pads[1] == a->pads[3];
    case ir::PadMode::kValid:
      return true;
    case ir::PadMode::kSame:
      // stride 1: total = (k-1)*dilation, symmetric when even. The kernel size is not in the
      // attrs, so only the stride is checked here; Prepare refuses an odd total.
      return a->strides[0] == 1 && a->strides[1] == 1;
  }
  return false;
}

template <int Algo>
std::unique_ptr<runtime::Kernel> MakeConv() {
  return std::make_unique<CudnnConv2d>(Algo);
}

// Fixed-algorithm tactics other than IMPLICIT_PRECOMP_GEMM are f32-only: for f16 the graph-API
// engine configurations (conv2d_graph.cc) cover those kernels, and timing both doubled the build.
bool AcceptsConvF32(const ir::Node& node, const std::vector<DType>& dtypes) {
  return AcceptsConv(node, dtypes) && dtypes[0] == DType::kFloat32;
}

template <size_t I>
void RegisterFixed(runtime::KernelRegistry& registry) {
  const bool any_dtype = kAlgos[I].algo == CUDNN_CONVOLUTION_FWD_ALGO_IMPLICIT_PRECOMP_GEMM;
  RegisterCudaFloatKernel(registry, ir::OpKind::kConv2d, kAlgos[I].name, &MakeConv<static_cast<int>(kAlgos[I].algo)>,
                          any_dtype ? AcceptsConv : AcceptsConvF32, /*priority=*/5,
                          runtime::KernelDef::Layout::kChannelsLast);
  if constexpr (I + 1 < sizeof(kAlgos) / sizeof(kAlgos[0])) RegisterFixed<I + 1>(registry);
}

}  // namespace

void RegisterConv2dKernels(runtime::KernelRegistry& registry) {
  RegisterCudaFloatKernel(registry, ir::OpKind::kConv2d, "cudnn", &MakeConv<kHeuristic>, AcceptsConv, 10,
                          runtime::KernelDef::Layout::kChannelsLast);
  RegisterFixed<0>(registry);
}

}  // namespace oar::kernels::cuda
