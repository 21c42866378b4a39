#include "frontends/paddle/converters/conv_common.h"

#include "frontends/paddle/converters/converter_utils.h"

namespace oar::frontends::paddle {

namespace {

// oneDNN fusion switches that change the result when on.
Status RequireNoFusion(ConverterContext& ctx) {
  for (const char* flag : {"fuse_relu", "fuse_brelu", "fuse_residual_connection", "fuse_relu_before_depthwise_conv"}) {
    OAR_ASSIGN_OR_RETURN(bool on, ctx.Bool(flag, false));
    if (on) return ctx.UnsupportedAttr(flag, "true", "fused oneDNN convolutions are not supported");
  }
  OAR_ASSIGN_OR_RETURN(std::string act, ctx.String("fuse_activation", ""));
  if (!act.empty()) return ctx.UnsupportedAttr("fuse_activation", "\"" + act + "\"", "only \"\"");
  if (ctx.HasInput("ResidualData")) {
    return ctx.UnsupportedError("input 'ResidualData' (a fused residual add) is not supported");
  }
  return Status::OK();
}

}  // namespace

Status ConvertConvolution(ConverterContext& ctx) {
  OAR_RETURN_IF_ERROR(RequireNoFusion(ctx));
  OAR_RETURN_IF_ERROR(RequireNchw(ctx, "data_format"));
  ctx.IgnoreAttrs({"use_addto", "fuse_alpha", "fuse_beta", "fuse_brelu_threshold"});
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("Input"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId w, ctx.Input("Filter"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId bias, ctx.OptionalInput("Bias"));

  ir::Conv2dAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.strides, ctx.Ints("strides", {1, 1}));
  OAR_ASSIGN_OR_RETURN(attrs.dilations, ctx.Ints("dilations", {1, 1}));
  OAR_ASSIGN_OR_RETURN(attrs.groups, ctx.Int("groups", 1));
  OAR_ASSIGN_OR_RETURN(std::vector<int64_t> paddings, ctx.Ints("paddings", {0, 0}));
  OAR_ASSIGN_OR_RETURN(attrs.pads, PaddlePadsToIr(ctx, paddings));
  OAR_ASSIGN_OR_RETURN(attrs.pad_mode, PaddingAlgorithm(ctx));
  if (attrs.strides.size() != 2 || attrs.dilations.size() != 2) {
    return ctx.Error("attributes 'strides' and 'dilations' must have 2 values, got " + IntsToString(attrs.strides) +
                     " and " + IntsToString(attrs.dilations));
  }
  for (size_t i = 0; i < 2; ++i) {
    if (attrs.strides[i] < 1 || attrs.dilations[i] < 1) {
      return ctx.Error("attributes 'strides' and 'dilations' must be positive, got " + IntsToString(attrs.strides) +
                       " and " + IntsToString(attrs.dilations));
    }
  }
  if (attrs.groups < 1) return ctx.Error("attribute 'groups' must be >= 1, got " + std::to_string(attrs.groups));
  std::vector<ir::ValueId> inputs = {x, w};
  if (bias != ir::kNoValue) inputs.push_back(bias);
  return ctx.Emit(ir::OpKind::kConv2d, inputs, attrs, "Output");
}

}  // namespace oar::frontends::paddle
