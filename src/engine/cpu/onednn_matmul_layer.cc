#include "engine/cpu/onednn_layers.h"

#ifdef OAR_WITH_ONEDNN

#include <algorithm>
#include <optional>

#include "kernels/cpu/onednn/activation_post_ops.h"
#include "kernels/cpu/onednn/onednn_common.h"

namespace oar::engine::cpu::onednn_net {

namespace {

using dnnl::algorithm;
using kernels::cpu::onednn::AppendActivation;
using kernels::cpu::onednn::CpuEngine;
using kernels::cpu::onednn::DenseStrides;
using kernels::cpu::onednn::HasOnednnActivation;
using kernels::cpu::onednn::IsOnednnReferenceImpl;
using kernels::cpu::onednn::UserScratchpadAttr;
using DT = memory::data_type;

constexpr auto kInference = dnnl::prop_kind::forward_inference;

memory::dims PadLeading(const Shape& shape, int rank) {
  memory::dims dims(static_cast<size_t>(rank - shape.rank()), 1);
  for (int64_t d : shape.dims()) dims.push_back(d);
  return dims;
}

// Logical [batch..., rows, cols] view of a plain stored operand, transposed through strides.
memory::desc OperandDesc(const memory::dims& stored, bool transpose, DT dt) {
  memory::dims strides = DenseStrides(stored);
  memory::dims dims = stored;
  if (transpose) {
    const size_t r = dims.size();
    std::swap(dims[r - 2], dims[r - 1]);
    std::swap(strides[r - 2], strides[r - 1]);
  }
  return memory::desc(dims, dt, strides);
}

// A matmul of few rows by a constant [K,N] matrix reads the whole matrix for little arithmetic:
// oneDNN's gemm-based inner product with plain [N,K] weights streams it fastest (measured on
// avx512: VGG-16's 25088x4096 layer at batch 1 takes ~2/3 of the packed brgemm matmul's time).
// It runs in f32 in bf16 networks too (see BuildInnerProduct).
constexpr int64_t kInnerProductMaxRows = 4;

// y = act(A @ B + bias) as an inner product: A [M,K] plain, B^T reordered once into [N,K] "oi".
// Sets *built to false (adding nothing) when oneDNN has only its reference implementation.
Status BuildInnerProduct(NetBuilder& b, const ir::Node& node, bool* built) {
  const ir::MatMulAttrs& a = node.attr<ir::MatMulAttrs>();
  const ir::ValueId av = node.inputs[0], bv = node.inputs[1], y = node.outputs[0];
  const ir::ValueId cv = node.inputs.size() > 2 ? node.inputs[2] : ir::kNoValue;
  const int64_t m = b.shape(av)[0], k = b.shape(av)[1];
  const int64_t n = a.transpose_b ? b.shape(bv)[0] : b.shape(bv)[1];
  const ir::FusedActivation& act = a.activation;
  std::optional<dnnl::inner_product_forward::primitive_desc> pd;
  bool loop_act = false;
  // f32 in every precision: these layers are bound by reading the matrix, not by arithmetic, and
  // they are usually a network's last (the logits): bf16 would only halve the matrix traffic at
  // the cost of the accuracy that matters most (VGG-16's bf16 output cosine drops from ~0.9996
  // to ~0.9991 with bf16 classifier layers).
  const DT dt = DT::f32;
  const memory::desc bias_md({n}, DT::f32, memory::dims{1});
  for (bool fuse_act : {true, false}) {
    if (fuse_act && !HasOnednnActivation(act)) continue;
    if (!fuse_act && act.none()) continue;
    const memory::desc src_md({m, k}, dt, memory::dims{k, 1});
    const memory::desc wei_md({n, k}, dt, memory::format_tag::oi);
    const memory::desc dst_md({m, n}, dt, memory::dims{n, 1});
    const auto desc = cv != ir::kNoValue
                          ? dnnl::inner_product_forward::desc(kInference, src_md, wei_md, bias_md, dst_md)
                          : dnnl::inner_product_forward::desc(kInference, src_md, wei_md, dst_md);
    dnnl::primitive_attr attr = UserScratchpadAttr();
    dnnl::post_ops ops;
    if (fuse_act) AppendActivation(act, &ops);
    if (ops.len() > 0) attr.set_post_ops(ops);
    pd.emplace(desc, attr, CpuEngine());
    loop_act = !fuse_act;
    if (!IsOnednnReferenceImpl(*pd)) break;
  }
  *built = pd && !IsOnednnReferenceImpl(*pd);
  if (!*built) return Status::OK();
  OAR_ASSIGN_OR_RETURN(Placement pa, b.RequirePlain(av, dt));
  pa.md = pd->src_desc();
  // B as stored, read as [N,K]: a transposed view of [K,N], or [N,K] itself.
  const memory::desc b_view({n, k}, DT::f32, a.transpose_b ? memory::dims{k, 1} : memory::dims{1, n});
  OAR_ASSIGN_OR_RETURN(Placement pb, b.RequireView(bv, DT::f32, b_view, pd->weights_desc()));
  std::vector<StepArg> args = {{DNNL_ARG_SRC, pa}, {DNNL_ARG_WEIGHTS, pb}};
  if (cv != ir::kNoValue) {
    OAR_ASSIGN_OR_RETURN(Placement pc, b.RequireView(cv, DT::f32, bias_md, bias_md));
    args.push_back({DNNL_ARG_BIAS, pc});
  }
  const Placement dst = b.DefineNew(y, pd->dst_desc());
  args.push_back({DNNL_ARG_DST, dst});
  b.AddPrimitive(*pd, dnnl::inner_product_forward(*pd), std::move(args), "inner product");
  if (loop_act) b.AddActivation(act, dst);
  b.Describe("inner product " + ImplName(*pd) + ", " + DescribeDesc(pd->src_desc()) + " x " +
             DescribeDesc(pd->weights_desc()) + " -> " + DescribeDesc(dst.md) + (loop_act ? ", activation after" : ""));
  return Status::OK();
}

}  // namespace

Status BuildMatMul(NetBuilder& b, const ir::Node& node, std::string* declined) {
  const ir::MatMulAttrs& a = node.attr<ir::MatMulAttrs>();
  const ir::ValueId av = node.inputs[0], bv = node.inputs[1], y = node.outputs[0];
  const ir::ValueId cv = node.inputs.size() > 2 ? node.inputs[2] : ir::kNoValue;
  const Shape &as = b.shape(av), &bs = b.shape(bv), &ys = b.shape(y);
  const int rank = std::max(as.rank(), bs.rank());
  if (as.rank() < 2 || bs.rank() < 2) return Decline(declined, "rank-1 operand");
  if (rank > DNNL_MAX_NDIMS) return Decline(declined, "rank above oneDNN's limit");
  const memory::dims a_stored = PadLeading(as, rank), b_stored = PadLeading(bs, rank);
  const memory::dims a_dims = OperandDesc(a_stored, a.transpose_a, DT::f32).dims();
  const memory::dims b_dims = OperandDesc(b_stored, a.transpose_b, DT::f32).dims();
  const size_t r = static_cast<size_t>(rank);
  memory::dims y_dims(r);
  for (size_t i = 0; i + 2 < r; ++i) {
    if (a_dims[i] != b_dims[i] && a_dims[i] != 1 && b_dims[i] != 1) return Decline(declined, "batch dims differ");
    y_dims[i] = std::max(a_dims[i], b_dims[i]);
  }
  y_dims[r - 2] = a_dims[r - 2];
  y_dims[r - 1] = b_dims[r - 1];
  if (a_dims[r - 1] != b_dims[r - 2] || DimsOf(ys) != y_dims) {
    return Decline(declined, "not a plain matmul (contraction mismatch or bias widening the result)");
  }
  memory::dims c_dims;
  if (cv != ir::kNoValue) {
    const Shape& cs = b.shape(cv);
    if (cs.rank() > rank) return Decline(declined, "bias rank above the result's");
    c_dims = PadLeading(cs, rank);
    for (size_t i = 0; i < r; ++i) {
      if (c_dims[i] != 1 && c_dims[i] != y_dims[i]) return Decline(declined, "bias does not broadcast");
    }
  }
  const bool pack_b = b.is_constant(bv);
  const ir::FusedActivation& act = a.activation;
  if (pack_b && rank == 2 && !a.transpose_a && a.alpha == 1.0f && a_dims[0] <= kInnerProductMaxRows &&
      (cv == ir::kNoValue || (c_dims[0] == 1 && c_dims[1] == y_dims[1]))) {
    bool built = false;
    OAR_RETURN_IF_ERROR(BuildInnerProduct(b, node, &built));
    if (built) return Status::OK();
  }

  struct Choice {
    std::optional<dnnl::matmul::primitive_desc> pd;
    std::optional<dnnl::binary::primitive_desc> bias_pd;  // bias added after the matmul
    DT dt = DT::f32, dst_dt = DT::f32;
    bool fuse_bias = false, loop_act = false;
  } ch;
  std::vector<DT> types = {b.compute_type()};
  if (b.compute_type() != DT::f32) types.push_back(DT::f32);
  for (DT dt : types) {
    // Fusion variants, most fused first: what oneDNN's fast kernels do not take is split off.
    for (int variant = 0; variant < 3; ++variant) {
      const bool fuse_bias = cv != ir::kNoValue && variant < 2;
      const bool fuse_act = !act.none() && HasOnednnActivation(act) && variant == 0;
      if (variant > 0 && !(cv != ir::kNoValue || !act.none())) break;
      const bool loop_act = !act.none() && !fuse_act;
      const DT dst_dt = loop_act || dt == DT::f32 ? DT::f32 : b.OutputType(y);
      dnnl::primitive_attr attr = UserScratchpadAttr();
      if (a.alpha != 1.0f) attr.set_output_scales(0, {a.alpha});
      dnnl::post_ops ops;
      const memory::desc bias_md(c_dims.empty() ? memory::dims{1} : c_dims, DT::f32,
                                 DenseStrides(c_dims.empty() ? memory::dims{1} : c_dims));
      if (fuse_bias) ops.append_binary(algorithm::binary_add, bias_md);
      if (fuse_act) AppendActivation(act, &ops);
      if (ops.len() > 0) attr.set_post_ops(ops);
      const memory::desc src_md = OperandDesc(a_stored, a.transpose_a, dt);
      const memory::desc wei_md =
          pack_b ? memory::desc(b_dims, dt, memory::format_tag::any) : OperandDesc(b_stored, a.transpose_b, dt);
      const memory::desc dst_md(y_dims, dst_dt, DenseStrides(y_dims));
      ch.pd.emplace(dnnl::matmul::desc(src_md, wei_md, dst_md), attr, CpuEngine());
      ch.dt = dt;
      ch.dst_dt = dst_dt;
      ch.fuse_bias = fuse_bias;
      ch.loop_act = loop_act;
      if (!IsOnednnReferenceImpl(*ch.pd)) break;
    }
    if (!IsOnednnReferenceImpl(*ch.pd)) break;
  }
  if (IsOnednnReferenceImpl(*ch.pd)) return Decline(declined, "oneDNN offers only " + ImplName(*ch.pd));
  const memory::desc dst_md = ch.pd->dst_desc();
  if (cv != ir::kNoValue && !ch.fuse_bias) {
    const memory::desc bias_md(c_dims, ch.dst_dt, DenseStrides(c_dims));
    ch.bias_pd.emplace(dnnl::binary::desc(algorithm::binary_add, dst_md, bias_md, dst_md), UserScratchpadAttr(),
                       CpuEngine());
  }

  OAR_ASSIGN_OR_RETURN(Placement pa, b.RequireView(av, ch.dt, OperandDesc(a_stored, a.transpose_a, ch.dt),
                                                   OperandDesc(a_stored, a.transpose_a, ch.dt)));
  Placement pb;
  if (pack_b) {
    OAR_ASSIGN_OR_RETURN(
        pb, b.RequireView(bv, DT::f32, OperandDesc(b_stored, a.transpose_b, DT::f32), ch.pd->weights_desc()));
  } else {
    const memory::desc md = OperandDesc(b_stored, a.transpose_b, ch.dt);
    OAR_ASSIGN_OR_RETURN(pb, b.RequireView(bv, ch.dt, md, md));
  }
  std::vector<StepArg> args = {{DNNL_ARG_SRC, pa}, {DNNL_ARG_WEIGHTS, pb}};
  Placement pc;
  if (cv != ir::kNoValue) {
    const DT cdt = ch.fuse_bias ? DT::f32 : ch.dst_dt;
    const memory::desc f32_view(c_dims, DT::f32, DenseStrides(c_dims));
    OAR_ASSIGN_OR_RETURN(pc, b.RequireView(cv, DT::f32, f32_view, memory::desc(c_dims, cdt, DenseStrides(c_dims))));
    if (ch.fuse_bias) args.push_back({DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1, pc});
  }
  const Placement dst = b.DefineNew(y, dst_md);
  args.push_back({DNNL_ARG_DST, dst});
  b.AddPrimitive(*ch.pd, dnnl::matmul(*ch.pd), std::move(args), "matmul");
  if (ch.bias_pd) {
    b.AddPrimitive(*ch.bias_pd, dnnl::binary(*ch.bias_pd),
                   {{DNNL_ARG_SRC_0, dst}, {DNNL_ARG_SRC_1, pc}, {DNNL_ARG_DST, dst}}, "bias add");
  }
  if (ch.loop_act) b.AddActivation(act, dst);
  b.Describe("matmul " + ImplName(*ch.pd) + ", " + DescribeDesc(ch.pd->src_desc()) + " x " +
             DescribeDesc(ch.pd->weights_desc()) + " -> " + DescribeDesc(dst_md) + (ch.bias_pd ? ", bias after" : "") +
             (ch.loop_act ? ", activation after" : ""));
  return Status::OK();
}

}  // namespace oar::engine::cpu::onednn_net

#endif  // OAR_WITH_ONEDNN
