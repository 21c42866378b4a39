// matmul on cuBLASLt: y = act(alpha * op(A) @ op(B) + bias), f32 (TF32 only when allowed) and f16
// (f32 accumulation), row-major.
//
// Row-major C = A.B is column-major C^T = B^T.A^T, so cuBLASLt's first operand is our B and its
// second our A; a [N] bias (or [1,N]) becomes cuBLASLt's BIAS epilogue (one value per row of the
// column-major result), fused with ReLU when the activation is ReLU; a bias of the output's full
// shape is added through beta = 1; any other activation runs one epilogue pass afterwards.
// Shapes taken: A of rank >= 2 with B of rank 2 (A's leading dims fold into M), or A and B of the
// same rank with equal batch dims (strided batches). Anything else (rank-1 operands, broadcast
// batch dims, other bias shapes) is refused in `accepts` and runs elsewhere.
//
// Tactics: "cublaslt" takes cuBLASLt's first heuristic answer; "cublaslt_h1".."cublaslt_h3" the
// next ones, so the engine builder can time them.
#include <cublasLt.h>

#include <memory>
#include <vector>

#include "kernels/cuda/cuda_kernel_util.h"
#include "kernels/cuda/epilogue.h"
#include "kernels/cuda/register_groups.h"

namespace oar::kernels::cuda {

namespace {

constexpr size_t kMaxWorkspace = size_t{32} << 20;

struct LtDescriptors {
  cublasLtMatmulDesc_t op = nullptr;
  cublasLtMatrixLayout_t a = nullptr, b = nullptr, c = nullptr;
  cublasLtMatmulPreference_t pref = nullptr;
  ~LtDescriptors() {
    if (op) cublasLtMatmulDescDestroy(op);
    if (a) cublasLtMatrixLayoutDestroy(a);
    if (b) cublasLtMatrixLayoutDestroy(b);
    if (c) cublasLtMatrixLayoutDestroy(c);
    if (pref) cublasLtMatmulPreferenceDestroy(pref);
  }
};

enum class BiasKind { kNone, kRow, kFull };

// Geometry of one matmul (all row-major): batch x (M x K) . (K x N).
struct Geometry {
  int64_t batch = 1, m = 0, n = 0, k = 0;
  BiasKind bias = BiasKind::kNone;
};

StatusOr<Geometry> ResolveGeometry(const ir::MatMulAttrs& a, const Shape& sa, const Shape& sb, const Tensor* bias,
                                   const Shape& out, const std::string& where) {
  Geometry g;
  if (sa.rank() < 2 || sb.rank() < 2) return Unsupported(where + "rank-1 operands");
  const int64_t ra = sa.rank(), rb = sb.rank();
  g.k = a.transpose_a ? sa[ra - 2] : sa[ra - 1];
  g.n = a.transpose_b ? sb[rb - 2] : sb[rb - 1];
  if (rb == 2) {
    if (a.transpose_a && ra > 2) {
      int64_t b = 1;
      for (int64_t d = 0; d < ra - 2; ++d) b *= sa[d];
      g.batch = b;  // B is shared: stride 0
      g.m = sa[ra - 1];
    } else {
      g.m = 1;
      for (int64_t d = 0; d < ra - 1; ++d) g.m *= sa[d];
      if (a.transpose_a) g.m = sa[ra - 1];
    }
  } else {
    if (ra != rb) return Unsupported(where + "operands of different ranks with a batched B");
    for (int64_t d = 0; d < ra - 2; ++d) {
      if (sa[d] != sb[d]) return Unsupported(where + "broadcast batch dims");
      g.batch *= sa[d];
    }
    g.m = a.transpose_a ? sa[ra - 1] : sa[ra - 2];
  }
  if (bias) {
    const Shape& bs = bias->shape();
    if (bs.NumElements() == g.n && bs[bs.rank() - 1] == g.n) {
      g.bias = BiasKind::kRow;
    } else if (bs == out) {
      g.bias = BiasKind::kFull;
    } else {
      return Unsupported(where + "bias " + bs.ToString() + " (takes [N] or the output's shape)");
    }
  }
  return g;
}

class LtMatMul : public runtime::Kernel {
 public:
  explicit LtMatMul(int heuristic_index) : index_(heuristic_index) {}

  Status Prepare(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_RETURN_IF_ERROR(CheckOnDevice(ctx));
    const std::string where = "cuda matmul: " + ctx.Where();
    const auto& at = ctx.attr<ir::MatMulAttrs>();
    const Tensor& A = ctx.input(0);
    const Tensor& B = ctx.input(1);
    dtype_ = A.dtype();
    OAR_ASSIGN_OR_RETURN(g_, ResolveGeometry(at, A.shape(), B.shape(), ctx.has_input(2) ? &ctx.input(2) : nullptr,
                                             ctx.output(0).shape(), where));
    const cudaDataType_t dt = dtype_ == DType::kFloat16 ? CUDA_R_16F : CUDA_R_32F;
    const cublasComputeType_t compute =
        dtype_ == DType::kFloat32 && ctx.allow_tf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F;
    d_ = std::make_unique<LtDescriptors>();
    OAR_CUDA_RETURN_IF_ERROR(cublasLtMatmulDescCreate(&d_->op, compute, CUDA_R_32F), where);
    // Lt's A = our op(B)^T (N x K), Lt's B = our op(A)^T (K x M), D = C^T (N x M).
    const cublasOperation_t ta = at.transpose_b ? CUBLAS_OP_T : CUBLAS_OP_N;
    const cublasOperation_t tb = at.transpose_a ? CUBLAS_OP_T : CUBLAS_OP_N;
    OAR_CUDA_RETURN_IF_ERROR(cublasLtMatmulDescSetAttribute(d_->op, CUBLASLT_MATMUL_DESC_TRANSA, &ta, sizeof(ta)),
                             where);
    OAR_CUDA_RETURN_IF_ERROR(cublasLtMatmulDescSetAttribute(d_->op, CUBLASLT_MATMUL_DESC_TRANSB, &tb, sizeof(tb)),
                             where);
    const uint64_t a_rows = at.transpose_b ? g_.k : g_.n, a_cols = at.transpose_b ? g_.n : g_.k;
    const uint64_t b_rows = at.transpose_a ? g_.m : g_.k, b_cols = at.transpose_a ? g_.k : g_.m;
    OAR_CUDA_RETURN_IF_ERROR(cublasLtMatrixLayoutCreate(&d_->a, dt, a_rows, a_cols, static_cast<int64_t>(a_rows)),
                             where);
    OAR_CUDA_RETURN_IF_ERROR(cublasLtMatrixLayoutCreate(&d_->b, dt, b_rows, b_cols, static_cast<int64_t>(b_rows)),
                             where);
    OAR_CUDA_RETURN_IF_ERROR(cublasLtMatrixLayoutCreate(&d_->c, dt, g_.n, g_.m, g_.n), where);
    if (g_.batch > 1) {
      const int32_t count = static_cast<int32_t>(g_.batch);
      const int64_t stride_our_b = B.shape().rank() == 2 ? 0 : g_.k * g_.n;
      const int64_t stride_our_a = g_.m * g_.k, stride_c = g_.m * g_.n;
      for (auto [layout, stride] : {std::pair{d_->a, stride_our_b}, std::pair{d_->b, stride_our_a},
                                    std::pair{d_->c, stride_c}}) {
        OAR_CUDA_RETURN_IF_ERROR(
            cublasLtMatrixLayoutSetAttribute(layout, CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT, &count, sizeof(count)), where);
        OAR_CUDA_RETURN_IF_ERROR(cublasLtMatrixLayoutSetAttribute(layout, CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET,
                                                                  &stride, sizeof(stride)),
                                 where);
      }
    }
    const ir::FusedActivation& act = at.activation;
    const bool relu = act.kind == ir::ActivationKind::kRelu;
    cublasLtEpilogue_t epi = CUBLASLT_EPILOGUE_DEFAULT;
    if (g_.bias == BiasKind::kRow) {
      epi = relu ? CUBLASLT_EPILOGUE_RELU_BIAS : CUBLASLT_EPILOGUE_BIAS;
    } else if (relu) {
      epi = CUBLASLT_EPILOGUE_RELU;
    }
    post_activation_ = !act.none() && !relu;
    if (g_.bias == BiasKind::kFull && relu) post_activation_ = true, epi = CUBLASLT_EPILOGUE_DEFAULT;
    OAR_CUDA_RETURN_IF_ERROR(cublasLtMatmulDescSetAttribute(d_->op, CUBLASLT_MATMUL_DESC_EPILOGUE, &epi, sizeof(epi)),
                             where);
    if (g_.bias == BiasKind::kRow) {
      const void* bias_ptr = ctx.input(2).raw_data();
      OAR_CUDA_RETURN_IF_ERROR(
          cublasLtMatmulDescSetAttribute(d_->op, CUBLASLT_MATMUL_DESC_BIAS_POINTER, &bias_ptr, sizeof(bias_ptr)),
          where);
      bias_ptr_ = bias_ptr;
    }
    const size_t limit = ctx.workspace_limit < 0 ? kMaxWorkspace
                                                  : std::min(kMaxWorkspace, static_cast<size_t>(ctx.workspace_limit));
    OAR_CUDA_RETURN_IF_ERROR(cublasLtMatmulPreferenceCreate(&d_->pref), where);
    OAR_CUDA_RETURN_IF_ERROR(cublasLtMatmulPreferenceSetAttribute(d_->pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES,
                                                                  &limit, sizeof(limit)),
                             where);
    OAR_ASSIGN_OR_RETURN(cublasLtHandle_t lt, cctx->cublas_lt());
    cublasLtMatmulHeuristicResult_t results[4] = {};
    int returned = 0;
    OAR_CUDA_RETURN_IF_ERROR(cublasLtMatmulAlgoGetHeuristic(lt, d_->op, d_->a, d_->b, d_->c, d_->c, d_->pref, 4,
                                                            results, &returned),
                             where);
    if (returned <= index_) {
      return Unsupported(where + "cuBLASLt offers " + std::to_string(returned) + " algorithms, tactic needs #" +
                         std::to_string(index_ + 1));
    }
    algo_ = results[index_].algo;
    workspace_bytes_ = results[index_].workspaceSize;
    OAR_ASSIGN_OR_RETURN(workspace_, cctx->Workspace(std::max<size_t>(workspace_bytes_, 1)));
    return Status::OK();
  }

  Status Run(const runtime::KernelContext& ctx) override {
    OAR_ASSIGN_OR_RETURN(CudaContext * cctx, GetContext(ctx));
    OAR_ASSIGN_OR_RETURN(cublasLtHandle_t lt, cctx->cublas_lt());
    const std::string where = "cuda matmul: " + ctx.Where();
    const auto& at = ctx.attr<ir::MatMulAttrs>();
    if (g_.bias == BiasKind::kRow && ctx.input(2).raw_data() != bias_ptr_) {
      bias_ptr_ = ctx.input(2).raw_data();
      OAR_CUDA_RETURN_IF_ERROR(
          cublasLtMatmulDescSetAttribute(d_->op, CUBLASLT_MATMUL_DESC_BIAS_POINTER, &bias_ptr_, sizeof(bias_ptr_)),
          where);
    }
    const float alpha = at.alpha;
    const float beta = g_.bias == BiasKind::kFull ? 1.0f : 0.0f;
    Tensor& y = ctx.output(0);
    OAR_ASSIGN_OR_RETURN(workspace_, cctx->Workspace(std::max<size_t>(workspace_bytes_, 1)));
    const void* c = g_.bias == BiasKind::kFull ? ctx.input(2).raw_data() : y.raw_data();
    OAR_CUDA_RETURN_IF_ERROR(cublasLtMatmul(lt, d_->op, &alpha, ctx.input(1).raw_data(), d_->a, ctx.input(0).raw_data(),
                                            d_->b, &beta, c, d_->c, y.raw_data(), d_->c, &algo_, workspace_,
                                            workspace_bytes_, cctx->stream()),
                             where);
    if (!post_activation_) return Status::OK();
    return LaunchBiasResidualActivation(cctx->stream(), dtype_, y.raw_data(), g_.batch * g_.m, g_.n, 1,
                                        /*channels_last=*/true, nullptr, nullptr, at.activation, where);
  }

 private:
  const int index_;
  DType dtype_ = DType::kFloat32;
  Geometry g_;
  std::unique_ptr<LtDescriptors> d_;
  cublasLtMatmulAlgo_t algo_{};
  size_t workspace_bytes_ = 0;
  void* workspace_ = nullptr;
  const void* bias_ptr_ = nullptr;
  bool post_activation_ = false;
};

bool AcceptsMatMul(const ir::Node& node, const std::vector<DType>& dtypes) {
  if (dtypes.size() < 2 || !IsCudaFloat(dtypes[0]) || dtypes[1] != dtypes[0]) return false;
  if (dtypes.size() > 2 && dtypes[2] != DType::kUndefined && dtypes[2] != dtypes[0]) return false;
  return std::holds_alternative<ir::MatMulAttrs>(node.attrs);
}

template <int I>
std::unique_ptr<runtime::Kernel> MakeMatMul() {
  return std::make_unique<LtMatMul>(I);
}

}  // namespace

void RegisterMatMulKernels(runtime::KernelRegistry& registry) {
  RegisterCudaFloatKernel(registry, ir::OpKind::kMatMul, "cublaslt", &MakeMatMul<0>, AcceptsMatMul, 10);
  RegisterCudaFloatKernel(registry, ir::OpKind::kMatMul, "cublaslt_h1", &MakeMatMul<1>, AcceptsMatMul, 5);
  RegisterCudaFloatKernel(registry, ir::OpKind::kMatMul, "cublaslt_h2", &MakeMatMul<2>, AcceptsMatMul, 5);
  RegisterCudaFloatKernel(registry, ir::OpKind::kMatMul, "cublaslt_h3", &MakeMatMul<3>, AcceptsMatMul, 5);
}

}  // namespace oar::kernels::cuda
