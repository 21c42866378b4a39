#include "engine/cpu/onednn_layers.h"

#ifdef OAR_WITH_ONEDNN

#include <oneapi/dnnl/dnnl_debug.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <variant>

#include "ir/schemas/nn_shape_util.h"
#include "kernels/cpu/onednn/activation_post_ops.h"
#include "kernels/cpu/onednn/onednn_common.h"

namespace oar::engine::cpu::onednn_net {

namespace {

using dnnl::algorithm;
using ir::OpKind;
using kernels::cpu::onednn::AppendActivation;
using kernels::cpu::onednn::CpuEngine;
using kernels::cpu::onednn::DenseStrides;
using kernels::cpu::onednn::HasOnednnActivation;
using kernels::cpu::onednn::IsOnednnReferenceImpl;
using kernels::cpu::onednn::UserScratchpadAttr;
using DT = memory::data_type;

constexpr auto kInference = dnnl::prop_kind::forward_inference;

bool AllInputsF32(const NetBuilder& b, const ir::Node& node, size_t count) {
  for (size_t i = 0; i < std::min(count, node.inputs.size()); ++i) {
    if (node.inputs[i] != ir::kNoValue && b.dtype(node.inputs[i]) != DType::kFloat32) return false;
  }
  return true;
}

bool AnyEmpty(const NetBuilder& b, const ir::Node& node) {
  for (ir::ValueId v : node.inputs) {
    if (v != ir::kNoValue && b.shape(v).NumElements() == 0) return true;
  }
  for (ir::ValueId v : node.outputs) {
    if (b.shape(v).NumElements() == 0) return true;
  }
  return false;
}

bool NormalizeAxis(int64_t axis, int rank, int* out) {
  if (axis < -rank || axis >= rank) return false;
  *out = static_cast<int>(axis < 0 ? axis + rank : axis);
  return true;
}

// ---------------------------------------------------------------- conv2d

// Channel blocks of the CPU's vector width: 16 floats with avx512, 8 without.
memory::format_tag BlockedTag() {
  const int isa = static_cast<int>(dnnl_get_effective_cpu_isa());
  const int avx512 = static_cast<int>(dnnl_cpu_isa_avx512_core);
  return (isa & avx512) == avx512 ? memory::format_tag::nChw16c : memory::format_tag::nChw8c;
}

Status BuildConv2d(NetBuilder& b, const ir::Node& node, std::string* declined) {
  const ir::Conv2dAttrs& a = node.attr<ir::Conv2dAttrs>();
  const ir::ValueId x = node.inputs[0], w = node.inputs[1];
  const ir::ValueId bias = node.inputs.size() > 2 ? node.inputs[2] : ir::kNoValue;
  const ir::ValueId sum = node.inputs.size() > 3 ? node.inputs[3] : ir::kNoValue;
  const ir::ValueId y = node.outputs[0];
  const Shape &xs = b.shape(x), &ws = b.shape(w), &ys = b.shape(y);
  if (xs.rank() != 4 || ws.rank() != 4 || ys.rank() != 4) return Decline(declined, "needs rank-4 X, W and Y");
  if (a.strides.size() != 2 || a.dilations.size() != 2 ||
      (a.pad_mode == ir::PadMode::kExplicit && a.pads.size() != 4)) {
    return Decline(declined, "unexpected stride/dilation/pad counts");
  }
  const int64_t n = xs[0], c = xs[1], h = xs[2], wd = xs[3];
  const int64_t m = ws[0], kh = ws[2], kw = ws[3], g = a.groups;
  if (g < 1 || c % g != 0 || m % g != 0 || ws[1] != c / g || ys[0] != n || ys[1] != m) {
    return Decline(declined, "channel counts " + xs.ToString() + " / " + ws.ToString() +
                                 " do not fit groups=" + std::to_string(g));
  }
  if (bias != ir::kNoValue && b.shape(bias).NumElements() != m) return Decline(declined, "bias is not [M]");
  if (sum != ir::kNoValue && b.shape(sum) != ys) return Decline(declined, "residual shape differs from the output's");
  const ir::Window2d geo = ir::ResolveConv2d(a, h, wd, kh, kw);
  for (int d = 0; d < 2; ++d) {
    if (geo.out[d] != ys[d + 2] || a.strides[d] < 1 || a.dilations[d] < 1) {
      return Decline(declined, "output " + ys.ToString() + " does not match the convolution arithmetic");
    }
  }
  for (int64_t p : geo.pads) {
    if (p < 0) return Decline(declined, "negative padding");
  }
  const memory::dims strides = {a.strides[0], a.strides[1]};
  const memory::dims dilates = {a.dilations[0] - 1, a.dilations[1] - 1};
  const memory::dims pad_l = {geo.pads[0], geo.pads[1]}, pad_r = {geo.pads[2], geo.pads[3]};
  const memory::dims wdims = g == 1 ? memory::dims{m, c, kh, kw} : memory::dims{g, m / g, c / g, kh, kw};
  const memory::desc bias_md({m}, DT::f32, memory::dims{1});
  const ir::FusedActivation& act = a.activation;

  std::optional<dnnl::convolution_forward::primitive_desc> pd;
  bool loop_act = false;
  // One candidate: true when oneDNN has a fast (non-reference) implementation for it.
  auto try_make = [&](memory::format_tag layout, DT dt, bool fuse_act) {
    // An activation applied after the primitive runs on f32 data.
    const DT dst_dt = !fuse_act ? DT::f32 : dt == DT::f32 ? DT::f32 : b.OutputType(y);
    // A source of few channels (an image) stays in the layout oneDNN's first-layer kernels want.
    const memory::desc src_md(DimsOf(xs), dt, c >= 8 ? layout : memory::format_tag::any);
    const memory::desc wei_md(wdims, dt, memory::format_tag::any);
    const memory::desc dst_md(DimsOf(ys), dst_dt, layout);
    const auto desc = bias != ir::kNoValue
                          ? dnnl::convolution_forward::desc(kInference, algorithm::convolution_direct, src_md, wei_md,
                                                            bias_md, dst_md, strides, dilates, pad_l, pad_r)
                          : dnnl::convolution_forward::desc(kInference, algorithm::convolution_direct, src_md, wei_md,
                                                            dst_md, strides, dilates, pad_l, pad_r);
    dnnl::primitive_attr attr = UserScratchpadAttr();
    dnnl::post_ops ops;
    if (sum != ir::kNoValue) ops.append_sum(1.0f);
    if (fuse_act) AppendActivation(act, &ops);
    if (ops.len() > 0) attr.set_post_ops(ops);
    try {
      pd.emplace(desc, attr, CpuEngine());
    } catch (const dnnl::error&) {
      if (layout == memory::format_tag::any) throw;
      return false;  // nothing at all for the blocked layout: the next candidate
    }
    loop_act = !fuse_act;
    return !IsOnednnReferenceImpl(*pd);
  };
  // Candidates in order of preference: the network's layout (blocked first when it asks for it,
  // oneDNN's pick for convs without a fast blocked kernel, e.g. grouped ones with few channels per
  // group), the network's precision then f32, the activation fused then applied after.
  std::vector<memory::format_tag> layouts = {memory::format_tag::any};
  if (b.conv_layout_blocked()) layouts.insert(layouts.begin(), BlockedTag());
  std::vector<DT> types = {b.compute_type()};
  if (b.compute_type() != DT::f32) types.push_back(DT::f32);
  bool found = false;
  for (size_t li = 0; li < layouts.size() && !found; ++li) {
    for (size_t ti = 0; ti < types.size() && !found; ++ti) {
      for (bool fuse_act : {true, false}) {
        if (fuse_act && !HasOnednnActivation(act)) continue;
        if (!fuse_act && act.none()) continue;
        if ((found = try_make(layouts[li], types[ti], fuse_act))) break;
      }
    }
  }
  if (!pd || IsOnednnReferenceImpl(*pd)) {
    return Decline(declined, "oneDNN offers only its reference implementation" +
                                 (pd ? " (" + ImplName(*pd) + ")" : std::string()));
  }

  OAR_ASSIGN_OR_RETURN(Placement src, b.Require(x, pd->src_desc()));
  Placement wei;
  if (g == 1) {
    OAR_ASSIGN_OR_RETURN(wei, b.Require(w, pd->weights_desc()));
  } else {
    const memory::desc goihw(wdims, DT::f32, DenseStrides(wdims));
    OAR_ASSIGN_OR_RETURN(wei, b.RequireView(w, DT::f32, goihw, pd->weights_desc()));
  }
  std::vector<StepArg> args = {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}};
  std::vector<Placement> reads = {src, wei};
  if (bias != ir::kNoValue) {
    OAR_ASSIGN_OR_RETURN(Placement bp, b.RequireView(bias, DT::f32, bias_md, bias_md));
    args.push_back({DNNL_ARG_BIAS, bp});
    reads.push_back(bp);
  }
  Placement dst;
  bool in_place = false;
  if (sum != ir::kNoValue) {
    const Placement r = b.Where(sum);
    if (r.md == pd->dst_desc() && b.CanOverwrite(r, reads)) {
      dst = r;
      b.DefineAt(y, r);
      in_place = true;
    } else {
      dst = b.DefineNew(y, pd->dst_desc());
      OAR_RETURN_IF_ERROR(b.AddReorder(r, dst));
    }
  } else {
    dst = b.DefineNew(y, pd->dst_desc());
  }
  args.push_back({DNNL_ARG_DST, dst});
  b.AddPrimitive(*pd, dnnl::convolution_forward(*pd), std::move(args), "convolution");
  if (loop_act) b.AddActivation(act, dst);
  b.Describe("conv " + ImplName(*pd) + ", " + DescribeDesc(pd->src_desc()) + " -> " + DescribeDesc(dst.md) +
             (sum == ir::kNoValue ? ""
              : in_place          ? ", residual in place"
                                  : ", residual copied") +
             (loop_act ? ", activation after" : ""));
  return Status::OK();
}

// ---------------------------------------------------------------- pool2d

Status BuildPool2d(NetBuilder& b, const ir::Node& node, std::string* declined) {
  const ir::Pool2dAttrs& a = node.attr<ir::Pool2dAttrs>();
  const ir::ValueId x = node.inputs[0], y = node.outputs[0];
  const Shape &xs = b.shape(x), &ys = b.shape(y);
  if (xs.rank() != 4 || ys.rank() != 4 || ys[0] != xs[0] || ys[1] != xs[1]) {
    return Decline(declined, "needs NCHW input and output");
  }
  if (!a.global && (a.kernel.size() != 2 || (!a.adaptive && a.strides.size() != 2) ||
                    (!a.adaptive && a.pad_mode == ir::PadMode::kExplicit && a.pads.size() != 4))) {
    return Decline(declined, "unexpected kernel/stride/pad counts");
  }
  const int64_t in[2] = {xs[2], xs[3]};
  const int64_t out[2] = {ys[2], ys[3]};
  memory::dims kernel(2), strides(2), pad_l(2, 0), pad_r(2, 0);
  const ir::Window2d geo = ir::ResolvePool2d(a, in[0], in[1]);
  for (size_t d = 0; d < 2; ++d) {
    if (a.global) {
      kernel[d] = in[d];
      strides[d] = 1;
    } else if (a.adaptive) {
      if (in[d] % out[d] != 0) return Decline(declined, "adaptive pooling with a size that does not divide");
      kernel[d] = strides[d] = in[d] / out[d];
    } else {
      kernel[d] = geo.kernel[d];
      strides[d] = geo.strides[d];
      pad_l[d] = geo.pads[d];
      pad_r[d] = geo.pads[d + 2];
      if (kernel[d] < 1 || strides[d] < 1 || pad_l[d] < 0 || pad_r[d] < 0) {
        return Decline(declined, "bad kernel, stride or padding");
      }
      // ceil_mode: grow the end padding until floor arithmetic gives the requested size.
      pad_r[d] = std::max(pad_r[d], (out[d] - 1) * strides[d] + kernel[d] - in[d] - pad_l[d]);
    }
    if ((in[d] + pad_l[d] + pad_r[d] - kernel[d]) / strides[d] + 1 != out[d] ||
        in[d] + pad_l[d] + pad_r[d] < kernel[d]) {
      return Decline(declined, "output " + ys.ToString() + " does not match the pooling arithmetic");
    }
    // A window wholly in the padding has no defined max and an empty exclusive average.
    if (pad_l[d] >= kernel[d] || (out[d] - 1) * strides[d] - pad_l[d] >= in[d]) {
      return Decline(declined, "a pooling window lies wholly in the padding");
    }
  }
  algorithm alg = algorithm::pooling_max;
  if (a.type == ir::PoolType::kAvg) {
    alg = a.exclusive ? algorithm::pooling_avg_exclude_padding : algorithm::pooling_avg_include_padding;
  }
  Placement src = b.Where(x);
  auto make = [&](const memory::desc& src_md) {
    const memory::desc dst_md(DimsOf(ys), src_md.data_type(), memory::format_tag::any);
    return dnnl::pooling_forward::primitive_desc({kInference, alg, src_md, dst_md, strides, kernel, pad_l, pad_r},
                                                 UserScratchpadAttr(), CpuEngine());
  };
  auto pd = make(src.md);
  if (IsOnednnReferenceImpl(pd) && src.md.data_type() != DT::f32) pd = make(WithDataType(src.md, DT::f32));
  if (IsOnednnReferenceImpl(pd)) return Decline(declined, "oneDNN offers only " + ImplName(pd) + " for this layout");
  OAR_ASSIGN_OR_RETURN(src, b.Require(x, pd.src_desc()));
  const Placement dst = b.DefineNew(y, pd.dst_desc());
  b.AddPrimitive(pd, dnnl::pooling_forward(pd), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}}, "pooling");
  b.Describe("pool " + ImplName(pd) + ", " + DescribeDesc(dst.md));
  return Status::OK();
}

// ---------------------------------------------------------------- elementwise

struct EltwiseStage {
  algorithm alg;
  float alpha, beta;
};

// The eltwise stages of a unary op; false (with a reason) when oneDNN 2.6 has no exact form.
bool UnaryStages(NetBuilder& b, const ir::Node& node, std::vector<EltwiseStage>* stages, std::string* why) {
  switch (node.kind) {
    case OpKind::kRelu:
      stages->push_back({algorithm::eltwise_relu, 0, 0});
      return true;
    case OpKind::kLeakyRelu:
      stages->push_back({algorithm::eltwise_relu, node.attr<ir::LeakyReluAttrs>().alpha, 0});
      return true;
    case OpKind::kSigmoid:
      stages->push_back({algorithm::eltwise_logistic, 0, 0});
      return true;
    case OpKind::kTanh:
      stages->push_back({algorithm::eltwise_tanh, 0, 0});
      return true;
    case OpKind::kExp:
      stages->push_back({algorithm::eltwise_exp, 0, 0});
      return true;
    case OpKind::kSqrt:
      stages->push_back({algorithm::eltwise_sqrt, 0, 0});
      return true;
    case OpKind::kGelu:
      stages->push_back(
          {node.attr<ir::GeluAttrs>().approximate ? algorithm::eltwise_gelu_tanh : algorithm::eltwise_gelu_erf, 0, 0});
      return true;
    case OpKind::kSwish:
      stages->push_back({algorithm::eltwise_swish, node.attr<ir::SwishAttrs>().beta, 0});
      return true;
    case OpKind::kClip: {
      const auto& c = node.attr<ir::ClipAttrs>();
      stages->push_back({algorithm::eltwise_clip, c.min, c.max});
      return true;
    }
    case OpKind::kHardSigmoid: {
      const auto& h = node.attr<ir::HardSigmoidAttrs>();
      stages->push_back({algorithm::eltwise_linear, h.slope, h.offset});
      stages->push_back({algorithm::eltwise_clip, 0.0f, 1.0f});
      return true;
    }
    case OpKind::kHardSwish: {
      const auto& h = node.attr<ir::HardSwishAttrs>();
      if (h.threshold != 6.0f || h.scale != 6.0f || h.offset != 3.0f) {
        *why = "hard_swish with threshold/scale/offset other than 6/6/3 has no oneDNN form";
        return false;
      }
      stages->push_back({algorithm::eltwise_hardswish, 0, 0});
      return true;
    }
    case OpKind::kScale: {
      const auto& s = node.attr<ir::ScaleAttrs>();
      float scale = s.scale;
      if (node.inputs.size() > 1 && node.inputs[1] != ir::kNoValue) {
        const ir::Value& sv = b.graph().value(node.inputs[1]);
        if (!sv.is_constant() || sv.constant->numel() != 1) {
          *why = "scale factor is not a constant scalar";
          return false;
        }
        scale = static_cast<float>(sv.constant->GetDouble(0));
      }
      stages->push_back({algorithm::eltwise_linear, scale, s.bias_after_scale ? s.bias : scale * s.bias});
      return true;
    }
    case OpKind::kPow: {
      const ir::ValueId e = node.inputs[1];
      const ir::Value& ev = b.graph().value(e);
      if (!ev.is_constant() || ev.constant->numel() != 1 || b.shape(node.inputs[0]) != b.shape(node.outputs[0])) {
        *why = "pow needs a constant scalar exponent";
        return false;
      }
      stages->push_back({algorithm::eltwise_pow, 1.0f, static_cast<float>(ev.constant->GetDouble(0))});
      return true;
    }
    default:
      *why = "not an elementwise kind";
      return false;
  }
}

Status BuildEltwise(NetBuilder& b, const ir::Node& node, std::string* declined) {
  std::vector<EltwiseStage> stages;
  std::string why;
  if (!UnaryStages(b, node, &stages, &why)) return Decline(declined, why);
  const ir::ValueId x = node.inputs[0], y = node.outputs[0];
  if (b.shape(x) != b.shape(y)) return Decline(declined, "output shape differs from the input's");
  Placement src = b.Where(x);
  auto make = [&](const memory::desc& md, const EltwiseStage& s) {
    return dnnl::eltwise_forward::primitive_desc({kInference, s.alg, md, s.alpha, s.beta}, UserScratchpadAttr(),
                                                 CpuEngine());
  };
  memory::desc md = src.md;
  std::vector<dnnl::eltwise_forward::primitive_desc> pds;
  for (const EltwiseStage& s : stages) pds.push_back(make(md, s));
  bool reference = std::any_of(pds.begin(), pds.end(), [](const auto& p) { return IsOnednnReferenceImpl(p); });
  if (reference && md.data_type() != DT::f32) {
    md = WithDataType(md, DT::f32);
    pds.clear();
    for (const EltwiseStage& s : stages) pds.push_back(make(md, s));
    reference = std::any_of(pds.begin(), pds.end(), [](const auto& p) { return IsOnednnReferenceImpl(p); });
  }
  if (reference) return Decline(declined, "oneDNN offers only its reference eltwise for this layout");
  OAR_ASSIGN_OR_RETURN(src, b.Require(x, md));
  Placement dst;
  const bool output = std::find(b.graph().outputs().begin(), b.graph().outputs().end(), y) != b.graph().outputs().end();
  if (!output && b.CanOverwrite(src, {})) {
    dst = src;
    b.DefineAt(y, src);
  } else {
    dst = b.DefineNew(y, md);
  }
  for (size_t i = 0; i < pds.size(); ++i) {
    b.AddPrimitive(pds[i], dnnl::eltwise_forward(pds[i]), {{DNNL_ARG_SRC, i == 0 ? src : dst}, {DNNL_ARG_DST, dst}},
                   "eltwise");
  }
  b.Describe("eltwise " + ImplName(pds[0]) + ", " + DescribeDesc(md) +
             (dst.storage == src.storage ? ", in place" : ""));
  return Status::OK();
}

Status BuildBinary(NetBuilder& b, const ir::Node& node, std::string* declined) {
  if (node.kind == OpKind::kPow) return BuildEltwise(b, node, declined);
  algorithm alg;
  bool commutative = true;
  switch (node.kind) {
    case OpKind::kAdd:
      alg = algorithm::binary_add;
      break;
    case OpKind::kMul:
      alg = algorithm::binary_mul;
      break;
    case OpKind::kMax:
      alg = algorithm::binary_max;
      break;
    case OpKind::kMin:
      alg = algorithm::binary_min;
      break;
    case OpKind::kSub:
      alg = algorithm::binary_sub;
      commutative = false;
      break;
    case OpKind::kDiv:
      alg = algorithm::binary_div;
      commutative = false;
      break;
    default:
      return Decline(declined, "not a binary kind");
  }
  ir::ValueId a0 = node.inputs[0], a1 = node.inputs[1];
  const ir::ValueId y = node.outputs[0];
  const Shape& ys = b.shape(y);
  if (b.shape(a0) != ys) {
    if (!commutative || b.shape(a1) != ys) return Decline(declined, "the first operand is broadcast");
    std::swap(a0, a1);
  }
  const Shape& s1 = b.shape(a1);
  if (s1.rank() > ys.rank()) return Decline(declined, "second operand has a higher rank");
  memory::dims d1(static_cast<size_t>(ys.rank() - s1.rank()), 1);
  for (int64_t d : s1.dims()) d1.push_back(d);
  if (ys.rank() == 0) d1 = {1};
  const memory::dims dy = DimsOf(ys);
  for (size_t i = 0; i < d1.size(); ++i) {
    if (d1[i] != 1 && d1[i] != dy[i]) return Decline(declined, "operands do not broadcast");
  }
  Placement p0 = b.Where(a0);
  // Same shape: the second operand in the first's layout; broadcast: plain (oneDNN's fast path).
  const bool same = s1 == ys;
  const bool constant1 = b.is_constant(a1);
  auto src1_md = [&](const memory::desc& md0) {
    if (same) return md0;
    return memory::desc(d1, constant1 ? DT::f32 : md0.data_type(), DenseStrides(d1));
  };
  auto make = [&](const memory::desc& md0) {
    return dnnl::binary::primitive_desc({alg, md0, src1_md(md0), md0}, UserScratchpadAttr(), CpuEngine());
  };
  memory::desc md0 = p0.md;
  auto pd = make(md0);
  if (IsOnednnReferenceImpl(pd) && md0.data_type() != DT::f32) {
    md0 = WithDataType(md0, DT::f32);
    pd = make(md0);
  }
  if (IsOnednnReferenceImpl(pd)) return Decline(declined, "oneDNN offers only " + ImplName(pd) + " for these layouts");
  OAR_ASSIGN_OR_RETURN(p0, b.Require(a0, md0));
  Placement p1;
  if (same) {
    OAR_ASSIGN_OR_RETURN(p1, b.Require(a1, pd.src1_desc()));
  } else {
    const memory::desc view(d1, pd.src1_desc().data_type(), DenseStrides(d1));
    OAR_ASSIGN_OR_RETURN(p1, b.RequireView(a1, pd.src1_desc().data_type(), view, pd.src1_desc()));
  }
  Placement dst;
  const bool output = std::find(b.graph().outputs().begin(), b.graph().outputs().end(), y) != b.graph().outputs().end();
  if (!output && b.CanOverwrite(p0, {p1})) {
    dst = p0;
    b.DefineAt(y, p0);
  } else {
    dst = b.DefineNew(y, md0);
  }
  b.AddPrimitive(pd, dnnl::binary(pd), {{DNNL_ARG_SRC_0, p0}, {DNNL_ARG_SRC_1, p1}, {DNNL_ARG_DST, dst}}, "binary");
  b.Describe("binary " + ImplName(pd) + ", " + DescribeDesc(md0) + (dst.storage == p0.storage ? ", in place" : ""));
  return Status::OK();
}

// ---------------------------------------------------------------- normalization, softmax

Status BuildBatchNorm(NetBuilder& b, const ir::Node& node, std::string* declined) {
  if (node.inputs.size() < 5) return Decline(declined, "needs scale, bias, mean and variance");
  for (ir::ValueId v : node.inputs) {
    if (v == ir::kNoValue) return Decline(declined, "needs scale, bias, mean and variance");
  }
  const ir::ValueId x = node.inputs[0], y = node.outputs[0];
  const Shape& xs = b.shape(x);
  if (xs.rank() < 2 || xs.rank() > 5) return Decline(declined, "needs rank 2 to 5");
  const int64_t c = xs[1];
  for (size_t i = 1; i < 5; ++i) {
    if (b.shape(node.inputs[i]).NumElements() != c) return Decline(declined, "parameters are not [C]");
  }
  const auto flags = dnnl::normalization_flags::use_global_stats | dnnl::normalization_flags::use_scale |
                     dnnl::normalization_flags::use_shift;
  const float eps = node.attr<ir::BatchNormAttrs>().epsilon;
  Placement src = b.Where(x);
  auto make = [&](const memory::desc& md) {
    return dnnl::batch_normalization_forward::primitive_desc({kInference, md, eps, flags}, UserScratchpadAttr(),
                                                             CpuEngine());
  };
  memory::desc md = src.md;
  auto pd = make(md);
  if (IsOnednnReferenceImpl(pd) && md.data_type() != DT::f32) {
    md = WithDataType(md, DT::f32);
    pd = make(md);
  }
  OAR_ASSIGN_OR_RETURN(src, b.Require(x, md));
  const memory::desc param_md({c}, DT::f32, memory::dims{1});
  std::vector<StepArg> args = {{DNNL_ARG_SRC, src}};
  std::vector<Placement> reads;
  const int arg_ids[4] = {DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE};
  for (size_t i = 1; i < 5; ++i) {
    OAR_ASSIGN_OR_RETURN(Placement p, b.RequireView(node.inputs[i], DT::f32, param_md, param_md));
    args.push_back({arg_ids[i - 1], p});
    reads.push_back(p);
  }
  const bool output = std::find(b.graph().outputs().begin(), b.graph().outputs().end(), y) != b.graph().outputs().end();
  Placement dst;
  if (!output && b.CanOverwrite(src, reads)) {
    dst = src;
    b.DefineAt(y, src);
  } else {
    dst = b.DefineNew(y, md);
  }
  args.push_back({DNNL_ARG_DST, dst});
  b.AddPrimitive(pd, dnnl::batch_normalization_forward(pd), std::move(args), "batch normalization");
  b.Describe("batch_norm " + ImplName(pd) + ", " + DescribeDesc(md));
  return Status::OK();
}

Status BuildLrn(NetBuilder& b, const ir::Node& node, std::string* declined) {
  const ir::LrnAttrs& a = node.attr<ir::LrnAttrs>();
  const ir::ValueId x = node.inputs[0], y = node.outputs[0];
  if (b.shape(x).rank() != 4 || a.size < 1) return Decline(declined, "needs NCHW input and size >= 1");
  auto make = [&](const memory::desc& md) {
    return dnnl::lrn_forward::primitive_desc(
        {kInference, algorithm::lrn_across_channels, md, a.size, a.alpha, a.beta, a.k}, UserScratchpadAttr(),
        CpuEngine());
  };
  memory::desc md = b.Where(x).md;
  auto pd = make(md);
  if (IsOnednnReferenceImpl(pd) && md.data_type() != DT::f32) {
    md = WithDataType(md, DT::f32);
    pd = make(md);
  }
  if (IsOnednnReferenceImpl(pd)) {
    md = PlainDesc(b.shape(x), DT::f32);
    pd = make(md);
  }
  OAR_ASSIGN_OR_RETURN(Placement src, b.Require(x, md));
  const Placement dst = b.DefineNew(y, pd.dst_desc());
  b.AddPrimitive(pd, dnnl::lrn_forward(pd), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}}, "lrn");
  b.Describe("lrn " + ImplName(pd) + ", " + DescribeDesc(md));
  return Status::OK();
}

Status BuildSoftmax(NetBuilder& b, const ir::Node& node, std::string* declined) {
  const ir::ValueId x = node.inputs[0], y = node.outputs[0];
  int axis = 0;
  const int rank = std::max(b.shape(x).rank(), 1);
  if (!NormalizeAxis(node.attr<ir::SoftmaxAttrs>().axis, rank, &axis)) return Decline(declined, "bad axis");
  // Softmax stays f32 in every precision (its exponentials and sum need the range).
  const memory::desc md = PlainDesc(b.shape(x), DT::f32);
  dnnl::softmax_forward::primitive_desc pd({kInference, md, axis}, UserScratchpadAttr(), CpuEngine());
  if (IsOnednnReferenceImpl(pd)) return Decline(declined, "oneDNN offers only " + ImplName(pd));
  OAR_ASSIGN_OR_RETURN(Placement src, b.Require(x, md));
  const Placement dst = b.DefineNew(y, md);
  b.AddPrimitive(pd, dnnl::softmax_forward(pd), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}}, "softmax");
  b.Describe("softmax " + ImplName(pd) + ", f32 plain");
  return Status::OK();
}

// ---------------------------------------------------------------- concat, views

Status BuildConcat(NetBuilder& b, const ir::Node& node, std::string* declined) {
  const ir::ValueId y = node.outputs[0];
  int axis = 0;
  if (!NormalizeAxis(node.attr<ir::AxisAttrs>().axis, b.shape(y).rank(), &axis)) return Decline(declined, "bad axis");
  std::vector<Placement> srcs;
  for (ir::ValueId v : node.inputs) {
    if (v == ir::kNoValue) return Decline(declined, "absent input");
    srcs.push_back(b.Where(v));
  }
  DT dt = srcs[0].md.data_type();
  for (const Placement& p : srcs) {
    if (p.md.data_type() != dt) dt = b.compute_type();
  }
  std::vector<memory::desc> mds;
  for (const Placement& p : srcs) mds.push_back(p.md.data_type() == dt ? p.md : WithDataType(p.md, dt));
  dnnl::concat::primitive_desc pd(axis, mds, CpuEngine(), UserScratchpadAttr());
  std::vector<StepArg> args;
  for (size_t i = 0; i < node.inputs.size(); ++i) {
    OAR_ASSIGN_OR_RETURN(Placement p, b.Require(node.inputs[i], mds[i]));
    args.push_back({DNNL_ARG_MULTIPLE_SRC + static_cast<int>(i), p});
  }
  const Placement dst = b.DefineNew(y, pd.dst_desc());
  args.push_back({DNNL_ARG_DST, dst});
  b.AddPrimitive(pd, dnnl::concat(pd), std::move(args), "concat");
  b.Describe("concat " + ImplName(pd) + ", " + DescribeDesc(dst.md));
  return Status::OK();
}

// reshape / flatten / squeeze / unsqueeze: the output is the input's plain bytes with other dims.
Status BuildView(NetBuilder& b, const ir::Node& node, std::string* declined) {
  const ir::ValueId x = node.inputs[0], y = node.outputs[0];
  if (b.shape(x).NumElements() != b.shape(y).NumElements()) return Decline(declined, "element counts differ");
  const Placement cur = b.Where(x);
  if (node.kind == OpKind::kIdentity) {
    b.DefineAt(y, cur);
    b.Describe("view (identity)");
    return Status::OK();
  }
  if (cur.md.data.ndims == 0) return Decline(declined, "dtype without a oneDNN type");
  OAR_ASSIGN_OR_RETURN(Placement plain, b.RequirePlain(x, cur.md.data_type()));
  Placement at = plain;
  at.md = PlainDesc(b.shape(y), cur.md.data_type());
  b.DefineAt(y, at);
  b.Describe(std::string("view of the plain ") + dnnl_dt2str(at.md.data.data_type) + " input");
  return Status::OK();
}

}  // namespace

Status BuildLayer(NetBuilder& b, const ir::Node& node, std::string* declined) {
  declined->clear();
  // Every mapped kind reads f32 tensors (the capability's contract); other dtypes use the registry.
  const size_t data_inputs = node.kind == OpKind::kReshape ? 1 : node.inputs.size();
  if (!AllInputsF32(b, node, data_inputs) && node.kind != OpKind::kIdentity) {
    return Decline(declined, "non-f32 input");
  }
  if (node.inputs.empty() || node.inputs[0] == ir::kNoValue || node.outputs.size() != 1) {
    return Decline(declined, "unexpected operand counts");
  }
  if (AnyEmpty(b, node)) return Decline(declined, "empty tensor");
  for (ir::ValueId v : node.inputs) {
    if (v != ir::kNoValue && b.shape(v).rank() > DNNL_MAX_NDIMS) return Decline(declined, "rank above oneDNN's limit");
  }
  switch (node.kind) {
    case OpKind::kConv2d:
      return BuildConv2d(b, node, declined);
    case OpKind::kPool2d:
      return BuildPool2d(b, node, declined);
    case OpKind::kMatMul:
      return BuildMatMul(b, node, declined);
    case OpKind::kBatchNorm:
      return BuildBatchNorm(b, node, declined);
    case OpKind::kLrn:
      return BuildLrn(b, node, declined);
    case OpKind::kSoftmax:
      return BuildSoftmax(b, node, declined);
    case OpKind::kConcat:
      return BuildConcat(b, node, declined);
    case OpKind::kRelu:
    case OpKind::kLeakyRelu:
    case OpKind::kSigmoid:
    case OpKind::kTanh:
    case OpKind::kHardSigmoid:
    case OpKind::kHardSwish:
    case OpKind::kSwish:
    case OpKind::kGelu:
    case OpKind::kExp:
    case OpKind::kSqrt:
    case OpKind::kClip:
    case OpKind::kScale:
      return BuildEltwise(b, node, declined);
    case OpKind::kAdd:
    case OpKind::kSub:
    case OpKind::kMul:
    case OpKind::kDiv:
    case OpKind::kMax:
    case OpKind::kMin:
    case OpKind::kPow:
      return BuildBinary(b, node, declined);
    case OpKind::kReshape:
    case OpKind::kFlatten:
    case OpKind::kSqueeze:
    case OpKind::kUnsqueeze:
    case OpKind::kIdentity:
      return BuildView(b, node, declined);
    default:
      return Decline(declined, std::string("no oneDNN layer for ") + ir::OpKindName(node.kind));
  }
}

}  // namespace oar::engine::cpu::onednn_net

#endif  // OAR_WITH_ONEDNN
