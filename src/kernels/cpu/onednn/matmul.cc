// MatMul through dnnl::matmul: 2-D and batched operands (batch dims equal or 1 on either
// side), transposes expressed as strides, alpha as an output scale, bias as a binary-add
// post-op (oneDNN applies output scales after its own bias argument, i.e. alpha*(A@B+bias),
// whereas post-ops come after the scale: alpha*(A@B) + bias as attrs.h wants; bias shapes that
// oneDNN cannot fuse fast are added by a plain loop after the matmul). A constant B is packed
// once into the layout oneDNN prefers. The fused activation (attrs.h) is an eltwise post-op after
// the bias; when the bias is added after the matmul, or oneDNN cannot express the activation
// exactly (activation_post_ops.h), the activation is applied after that too.
#include <algorithm>
#include <variant>

#include "kernels/cpu/fused_activation.h"
#include "kernels/cpu/onednn/activation_post_ops.h"
#include "kernels/cpu/onednn/onednn_common.h"

namespace oar::kernels::cpu::onednn {
namespace {

using dnnl::memory;
constexpr memory::data_type kF32 = memory::data_type::f32;

bool AcceptsMatMul(const ir::Node& node, const std::vector<DType>& input_dtypes) {
  return AllFloat32(input_dtypes) && std::holds_alternative<ir::MatMulAttrs>(node.attrs);
}

/// Dims of `shape` with leading 1s up to `rank`.
memory::dims PadLeading(const Shape& shape, int rank) {
  memory::dims dims(static_cast<size_t>(rank - shape.rank()), 1);
  for (int64_t d : shape.dims()) dims.push_back(d);
  return dims;
}

/// Logical [batch..., rows, cols] view of a stored operand, transposed through strides.
memory::desc OperandDesc(const memory::dims& stored, bool transpose) {
  memory::dims strides = DenseStrides(stored);
  memory::dims dims = stored;
  if (transpose) {
    const size_t r = dims.size();
    std::swap(dims[r - 2], dims[r - 1]);
    std::swap(strides[r - 2], strides[r - 1]);
  }
  return memory::desc(dims, kF32, strides);
}

class MatMulKernel final : public OnednnKernel {
 protected:
  const char* Component() const override { return "onednn matmul"; }

  Status PrepareOnednn(const runtime::KernelContext& ctx, std::string* decline) override {
    const ir::MatMulAttrs& a = ctx.attr<ir::MatMulAttrs>();
    const Shape& as = ctx.input(0).shape();
    const Shape& bs = ctx.input(1).shape();
    const Shape& ys = ctx.output(0).shape();
    const int rank = std::max(as.rank(), bs.rank());
    if (as.rank() < 2 || bs.rank() < 2) {
      *decline = "rank-1 operand (" + as.ToString() + " @ " + bs.ToString() + ")";
      return Status::OK();
    }
    if (rank > DNNL_MAX_NDIMS) {
      *decline = "rank " + std::to_string(rank) + " above oneDNN's " + std::to_string(DNNL_MAX_NDIMS);
      return Status::OK();
    }
    const memory::dims a_stored = PadLeading(as, rank);
    const memory::dims b_stored = PadLeading(bs, rank);
    const memory::desc user_a_md = OperandDesc(a_stored, a.transpose_a);
    const memory::desc user_b_md = OperandDesc(b_stored, a.transpose_b);
    const memory::dims a_dims = user_a_md.dims(), b_dims = user_b_md.dims();
    memory::dims y_dims(static_cast<size_t>(rank));
    for (size_t i = 0; i + 2 < y_dims.size(); ++i) {
      if (a_dims[i] != b_dims[i] && a_dims[i] != 1 && b_dims[i] != 1) {
        *decline = "batch dims of " + as.ToString() + " and " + bs.ToString() + " do not broadcast";
        return Status::OK();
      }
      y_dims[i] = std::max(a_dims[i], b_dims[i]);
    }
    const size_t r = static_cast<size_t>(rank);
    y_dims[r - 2] = a_dims[r - 2];
    y_dims[r - 1] = b_dims[r - 1];
    if (a_dims[r - 1] != b_dims[r - 2] || ToDims(ys) != y_dims) {
      *decline = "shapes " + as.ToString() + " @ " + bs.ToString() + " -> " + ys.ToString() +
                 " are not a plain matmul (contraction mismatch or bias widening the result)";
      return Status::OK();
    }
    if (ys.NumElements() == 0 || as.NumElements() == 0 || bs.NumElements() == 0) {
      *decline = "empty tensor";
      return Status::OK();
    }
    has_bias_ = ctx.has_input(2);
    memory::desc bias_md;
    if (has_bias_) {
      const Shape& cs = ctx.input(2).shape();
      if (cs.rank() > rank) {
        *decline = "bias " + cs.ToString() + " has a higher rank than the result";
        return Status::OK();
      }
      const memory::dims c_dims = PadLeading(cs, rank);
      for (size_t i = 0; i < r; ++i) {
        if (c_dims[i] != 1 && c_dims[i] != y_dims[i]) {
          *decline = "bias " + cs.ToString() + " does not broadcast to " + ys.ToString();
          return Status::OK();
        }
      }
      bias_md = memory::desc(c_dims, kF32, DenseStrides(c_dims));
    }
    const memory::desc dst_md(y_dims, kF32, DenseStrides(y_dims));

    // B is packed once only when the caller vouches that it is a constant.
    const bool pack_b = InputIsConstant(ctx, 1, /*assume_when_unknown=*/false);
    const memory::desc wei_md = pack_b ? memory::desc(b_dims, kF32, memory::format_tag::any) : user_b_md;
    const dnnl::engine& eng = CpuEngine();
    const ir::FusedActivation& act = a.activation;
    const auto make_pd = [&](bool fuse_bias, bool fuse_act) {
      dnnl::primitive_attr attr = UserScratchpadAttr();
      if (a.alpha != 1.0f) attr.set_output_scales(0, {a.alpha});
      dnnl::post_ops ops;
      if (fuse_bias) ops.append_binary(dnnl::algorithm::binary_add, bias_md);
      if (fuse_act) AppendActivation(act, &ops);
      if (ops.len() > 0) attr.set_post_ops(ops);
      return dnnl::matmul::primitive_desc(dnnl::matmul::desc(user_a_md, wei_md, dst_md), attr, eng);
    };
    bool fuse_bias = has_bias_;
    bool fuse_act = !act.none() && HasOnednnActivation(act);
    dnnl::matmul::primitive_desc pd = make_pd(fuse_bias, fuse_act);
    // oneDNN 2.6 fuses only some bias broadcasts (full, per column, scalar) into its fast
    // kernels; for the others (per row, per batch) the bias is added after the matmul. What the
    // fast kernel does not take is dropped from the post-ops, activation first (it comes last).
    if (fuse_act && IsOnednnReferenceImpl(pd)) {
      fuse_act = false;
      pd = make_pd(fuse_bias, false);
    }
    if (fuse_bias && IsOnednnReferenceImpl(pd)) {
      fuse_bias = false;
      pd = make_pd(false, false);
    }
    separate_bias_ = has_bias_ && !fuse_bias;
    if (separate_bias_) SetUpBiasAdd(bias_md.dims(), y_dims);
    loop_activation_ = !act.none() && !fuse_act;
    if (IsOnednnReferenceImpl(pd)) {
      *decline = std::string("oneDNN offers only its reference implementation (") + pd.impl_info_str() + ")";
      return Status::OK();
    }
    set_impl_name(pd.impl_info_str());

    scratchpad_.Clear();
    scratchpad_.Require(pd);
    matmul_ = Step{dnnl::matmul(pd), {}};
    a_ = memory(user_a_md, eng, DNNL_MEMORY_NONE);
    b_.Prepare(user_b_md, pd.weights_desc(), bs, &scratchpad_);
    bias_ = has_bias_ ? memory(bias_md, eng, DNNL_MEMORY_NONE) : memory();
    dst_ = memory(dst_md, eng, DNNL_MEMORY_NONE);

    BindArg(&matmul_, DNNL_ARG_SRC, a_);
    BindArg(&matmul_, DNNL_ARG_WEIGHTS, b_.packed);
    BindArg(&matmul_, DNNL_ARG_DST, dst_);
    if (has_bias_ && !separate_bias_) BindArg(&matmul_, DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1, bias_);
    scratchpad_.Allocate(eng);
    scratchpad_.BindTo(&matmul_);
    if (b_.reorders()) scratchpad_.BindTo(&b_.reorder);
    return Status::OK();
  }

  Status RunOnednn(const runtime::KernelContext& ctx) override {
    OAR_RETURN_IF_ERROR(SetHandle(ctx, a_, ctx.input(0).raw_data()));
    OAR_RETURN_IF_ERROR(SetWeights(ctx, 1, /*assume_constant=*/false, &b_, "B reorder"));
    if (has_bias_) OAR_RETURN_IF_ERROR(SetHandle(ctx, bias_, ctx.input(2).raw_data()));
    OAR_RETURN_IF_ERROR(SetHandle(ctx, dst_, ctx.output(0).raw_data()));
    OAR_RETURN_IF_ERROR(Execute(ctx, matmul_, "matmul"));
    OAR_RETURN_IF_ERROR(Wait(ctx));
    if (separate_bias_) AddBias(ctx.input(2).data<float>(), ctx.output(0).data<float>(), ctx.num_threads);
    if (loop_activation_) {
      ApplyActivation(ctx.attr<ir::MatMulAttrs>().activation, ctx.output(0).data<float>(), ctx.output(0).numel(),
                      ctx.num_threads);
    }
    return Status::OK();
  }

 private:
  // y += bias broadcast onto y: rows of y (all dims but the last) each read the bias at
  // row_offset, stepping by bias_col_stride_ (0 or 1) along the last dim.
  void SetUpBiasAdd(const memory::dims& bias_dims, const memory::dims& y_dims) {
    const size_t r = y_dims.size();
    const memory::dims bias_strides = DenseStrides(bias_dims);
    cols_ = y_dims[r - 1];
    bias_col_stride_ = bias_dims[r - 1] == 1 ? 0 : 1;
    int64_t rows = 1;
    for (size_t i = 0; i + 1 < r; ++i) rows *= y_dims[i];
    row_bias_offset_.assign(static_cast<size_t>(rows), 0);
    for (int64_t row = 0; row < rows; ++row) {
      int64_t rest = row, offset = 0;
      for (size_t i = r - 1; i-- > 0;) {
        const int64_t idx = rest % y_dims[i];
        rest /= y_dims[i];
        if (bias_dims[i] != 1) offset += idx * bias_strides[i];
      }
      row_bias_offset_[static_cast<size_t>(row)] = offset;
    }
  }

  void AddBias(const float* bias, float* y, int num_threads) const {
    const int64_t rows = static_cast<int64_t>(row_bias_offset_.size());
    const int64_t cols = cols_, step = bias_col_stride_;
#pragma omp parallel for num_threads(std::max(num_threads, 1)) if (rows * cols > 32768)
    for (int64_t row = 0; row < rows; ++row) {
      const float* b = bias + row_bias_offset_[static_cast<size_t>(row)];
      float* out = y + row * cols;
      for (int64_t j = 0; j < cols; ++j) out[j] += b[j * step];
    }
  }

  bool separate_bias_ = false;
  bool loop_activation_ = false;  // the fused activation runs after the primitive (and the bias loop)
  int64_t cols_ = 0;
  int64_t bias_col_stride_ = 0;
  std::vector<int64_t> row_bias_offset_;

  bool has_bias_ = false;
  memory a_, bias_, dst_;
  PackedWeights b_;
  Step matmul_;
  Scratchpad scratchpad_;
};

}  // namespace

void RegisterMatMul(runtime::KernelRegistry& registry) {
  RegisterOnednnKernel<MatMulKernel>(registry, ir::OpKind::kMatMul, AcceptsMatMul);
}

}  // namespace oar::kernels::cpu::onednn
