// Conv2d through oneDNN: NCHW f32 user tensors, blocked layouts chosen by oneDNN
// (format_tag::any), weights reordered once into that layout and kept while the weight
// tensor (pointer and shape) stays the same. Run: reorder(src) -> conv -> reorder(dst).
// Fused form (attrs.h, y = act(conv + bias + sum)): the residual is a `sum` post-op (dst holds
// the residual before the convolution: reordered into the blocked dst, or copied into the
// output), the activation an eltwise post-op after it; an activation oneDNN cannot express
// exactly (activation_post_ops.h) is applied to the output after the primitive.
#include <algorithm>
#include <cstring>
#include <variant>

#include "ir/schemas/nn_shape_util.h"
#include "kernels/cpu/fused_activation.h"
#include "kernels/cpu/onednn/activation_post_ops.h"
#include "kernels/cpu/onednn/onednn_common.h"

namespace oar::kernels::cpu::onednn {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
constexpr memory::data_type kF32 = memory::data_type::f32;

bool AcceptsConv2d(const ir::Node& node, const std::vector<DType>& input_dtypes) {
  if (!AllFloat32(input_dtypes)) return false;
  const auto* a = std::get_if<ir::Conv2dAttrs>(&node.attrs);
  if (!a || a->strides.size() != 2 || a->dilations.size() != 2 || a->groups < 1) return false;
  if (a->pad_mode == ir::PadMode::kExplicit && a->pads.size() != 4) return false;
  for (int64_t s : a->strides) {
    if (s < 1) return false;
  }
  for (int64_t d : a->dilations) {
    if (d < 1) return false;
  }
  if (a->pad_mode == ir::PadMode::kExplicit) {
    for (int64_t p : a->pads) {
      if (p < 0) return false;
    }
  }
  return true;
}

class Conv2dKernel final : public OnednnKernel {
 protected:
  const char* Component() const override { return "onednn conv2d"; }

  Status PrepareOnednn(const runtime::KernelContext& ctx, std::string* decline) override {
    const ir::Conv2dAttrs& a = ctx.attr<ir::Conv2dAttrs>();
    const Shape& xs = ctx.input(0).shape();
    const Shape& ws = ctx.input(1).shape();
    const Shape& ys = ctx.output(0).shape();
    if (xs.rank() != 4 || ws.rank() != 4 || ys.rank() != 4) {
      *decline = "needs rank-4 X, W and Y";
      return Status::OK();
    }
    const int64_t n = xs[0], c = xs[1], h = xs[2], w = xs[3];
    const int64_t m = ws[0], kh = ws[2], kw = ws[3], g = a.groups;
    if (c % g != 0 || m % g != 0 || ws[1] != c / g || ys[0] != n || ys[1] != m) {
      *decline = "channel counts " + xs.ToString() + " / " + ws.ToString() + " do not fit groups=" + std::to_string(g);
      return Status::OK();
    }
    if (xs.NumElements() == 0 || ws.NumElements() == 0 || ys.NumElements() == 0) {
      *decline = "empty tensor";
      return Status::OK();
    }
    has_bias_ = ctx.has_input(2);
    if (has_bias_ && ctx.input(2).numel() != m) {
      *decline = "bias shape " + ctx.input(2).shape().ToString() + " is not [" + std::to_string(m) + "]";
      return Status::OK();
    }
    has_sum_ = ctx.has_input(3);
    if (has_sum_ && ctx.input(3).shape() != ys) {
      *decline = "residual (Sum) shape " + ctx.input(3).shape().ToString() + " is not the output's " + ys.ToString();
      return Status::OK();
    }
    // Pads resolved exactly as the schema does (SAME/VALID included).
    const ir::Window2d geo = ir::ResolveConv2d(a, h, w, kh, kw);
    const memory::dims pad_l = {geo.pads[0], geo.pads[1]};
    const memory::dims pad_r = {geo.pads[2], geo.pads[3]};
    for (int d = 0; d < 2; ++d) {
      if (geo.out[d] < 1 || geo.out[d] != ys[d + 2]) {
        *decline = "output " + ys.ToString() + " does not match the convolution arithmetic";
        return Status::OK();
      }
    }
    const memory::dims strides = {a.strides[0], a.strides[1]};
    const memory::dims dilates = {a.dilations[0] - 1, a.dilations[1] - 1};

    const memory::desc user_src_md({n, c, h, w}, kF32, Tag::nchw);
    const memory::desc user_dst_md(ToDims(ys), kF32, Tag::nchw);
    const memory::desc user_wei_md = g == 1 ? memory::desc({m, c, kh, kw}, kF32, Tag::oihw)
                                            : memory::desc({g, m / g, c / g, kh, kw}, kF32, Tag::goihw);
    const memory::desc bias_md({m}, kF32, Tag::x);
    const memory::desc any_src({n, c, h, w}, kF32, Tag::any);
    const memory::desc any_dst(ToDims(ys), kF32, Tag::any);
    const memory::desc any_wei(user_wei_md.dims(), kF32, Tag::any);
    const auto prop = dnnl::prop_kind::forward_inference;
    const auto alg = dnnl::algorithm::convolution_direct;
    const dnnl::convolution_forward::desc desc =
        has_bias_
            ? dnnl::convolution_forward::desc(prop, alg, any_src, any_wei, bias_md, any_dst, strides, dilates, pad_l,
                                              pad_r)
            : dnnl::convolution_forward::desc(prop, alg, any_src, any_wei, any_dst, strides, dilates, pad_l, pad_r);
    const dnnl::engine& eng = CpuEngine();
    const ir::FusedActivation& act = a.activation;
    const auto make_pd = [&](bool fuse_act) {
      dnnl::primitive_attr attr = UserScratchpadAttr();
      dnnl::post_ops ops;
      if (has_sum_) ops.append_sum(1.0f);
      if (fuse_act) AppendActivation(act, &ops);
      if (ops.len() > 0) attr.set_post_ops(ops);
      return dnnl::convolution_forward::primitive_desc(desc, attr, eng);
    };
    bool fuse_act = !act.none() && HasOnednnActivation(act);
    dnnl::convolution_forward::primitive_desc pd = make_pd(fuse_act);
    if (fuse_act && IsOnednnReferenceImpl(pd)) {
      // The fast implementation of this shape may not take the eltwise post-op: apply it after.
      fuse_act = false;
      pd = make_pd(false);
    }
    loop_activation_ = !act.none() && !fuse_act;
    if (IsOnednnReferenceImpl(pd)) {
      *decline = std::string("oneDNN offers only its reference implementation (") + pd.impl_info_str() + ")";
      return Status::OK();
    }
    set_impl_name(pd.impl_info_str());

    scratchpad_.Clear();
    scratchpad_.Require(pd);
    conv_ = Step{dnnl::convolution_forward(pd), {}};
    src_reorder_ = dst_reorder_ = sum_reorder_ = Step{};

    user_src_ = memory(user_src_md, eng, DNNL_MEMORY_NONE);
    reorder_src_ = pd.src_desc() != user_src_md;
    if (reorder_src_) {
      src_ = memory(pd.src_desc(), eng);
      src_reorder_ = MakeReorder(user_src_, src_, &scratchpad_);
    } else {
      src_ = user_src_;
    }

    wei_.Prepare(user_wei_md, pd.weights_desc(), ws, &scratchpad_);

    bias_ = has_bias_ ? memory(bias_md, eng, DNNL_MEMORY_NONE) : memory();

    user_dst_ = memory(user_dst_md, eng, DNNL_MEMORY_NONE);
    reorder_dst_ = pd.dst_desc() != user_dst_md;
    if (reorder_dst_) {
      dst_ = memory(pd.dst_desc(), eng);
      dst_reorder_ = MakeReorder(dst_, user_dst_, &scratchpad_);
    } else {
      dst_ = user_dst_;
    }
    // The sum post-op reads dst: the residual goes there (in dst's layout) before the convolution.
    user_sum_ = has_sum_ ? memory(user_dst_md, eng, DNNL_MEMORY_NONE) : memory();
    if (has_sum_ && reorder_dst_) sum_reorder_ = MakeReorder(user_sum_, dst_, &scratchpad_);

    BindArg(&conv_, DNNL_ARG_SRC, src_);
    BindArg(&conv_, DNNL_ARG_WEIGHTS, wei_.packed);
    if (has_bias_) BindArg(&conv_, DNNL_ARG_BIAS, bias_);
    BindArg(&conv_, DNNL_ARG_DST, dst_);
    scratchpad_.Allocate(eng);
    for (Step* s : {&conv_, &src_reorder_, &wei_.reorder, &dst_reorder_, &sum_reorder_}) {
      if (s->primitive) scratchpad_.BindTo(s);
    }
    return Status::OK();
  }

  Status RunOnednn(const runtime::KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    OAR_RETURN_IF_ERROR(SetHandle(ctx, user_src_, x.raw_data()));
    if (reorder_src_) OAR_RETURN_IF_ERROR(Execute(ctx, src_reorder_, "source reorder"));
    // Conv weights are graph constants unless the caller says otherwise.
    OAR_RETURN_IF_ERROR(SetWeights(ctx, 1, /*assume_constant=*/true, &wei_, "weight reorder"));
    if (has_bias_) OAR_RETURN_IF_ERROR(SetHandle(ctx, bias_, ctx.input(2).raw_data()));
    Tensor& y = ctx.output(0);
    OAR_RETURN_IF_ERROR(SetHandle(ctx, user_dst_, y.raw_data()));
    if (has_sum_) {
      const Tensor& sum = ctx.input(3);
      if (reorder_dst_) {
        OAR_RETURN_IF_ERROR(SetHandle(ctx, user_sum_, sum.raw_data()));
        OAR_RETURN_IF_ERROR(Execute(ctx, sum_reorder_, "residual reorder"));
      } else if (sum.raw_data() != y.raw_data()) {
        std::memcpy(y.raw_data(), sum.raw_data(), y.nbytes());
      }
    }
    OAR_RETURN_IF_ERROR(Execute(ctx, conv_, "convolution"));
    if (reorder_dst_) OAR_RETURN_IF_ERROR(Execute(ctx, dst_reorder_, "destination reorder"));
    OAR_RETURN_IF_ERROR(Wait(ctx));
    if (loop_activation_) ApplyActivation(ctx.attr<ir::Conv2dAttrs>().activation, y.data<float>(), y.numel(),
                                          ctx.num_threads);
    return Status::OK();
  }

 private:
  bool has_bias_ = false;
  bool has_sum_ = false;
  bool loop_activation_ = false;  // the fused activation runs after the primitive
  bool reorder_src_ = false, reorder_dst_ = false;
  memory user_src_, src_, bias_, user_dst_, dst_, user_sum_;
  PackedWeights wei_;
  Step conv_, src_reorder_, dst_reorder_, sum_reorder_;
  Scratchpad scratchpad_;
};

}  // namespace

void RegisterConv2d(runtime::KernelRegistry& registry) {
  RegisterOnednnKernel<Conv2dKernel>(registry, ir::OpKind::kConv2d, AcceptsConv2d);
}

}  // namespace oar::kernels::cpu::onednn
