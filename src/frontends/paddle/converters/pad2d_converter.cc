// Paddle `pad2d`: pads H and W of a 4-D X by `paddings` [top, bottom, left, right] with mode
// constant (pad_value) / reflect / edge; data_format NCHW or NHWC -> Pad (ONNX-ordered pads over all
// 4 dims). A Paddings tensor input must be a constant.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertPad2d(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(std::vector<int64_t> p, ctx.Ints("paddings", {0, 0, 0, 0}));
  OAR_ASSIGN_OR_RETURN(ir::ValueId paddings_tensor, ctx.OptionalInput("Paddings"));
  if (paddings_tensor != ir::kNoValue) {
    const Tensor* c = ctx.ConstantOf(paddings_tensor);
    if (!c) return ctx.UnsupportedError("input 'Paddings' must be a constant (run-time paddings are not supported)");
    p = TensorToInts(*c);
  }
  if (p.size() != 4) {
    return ctx.Error("'paddings' must have 4 values [top, bottom, left, right], got " + IntsToString(p));
  }
  ir::PadAttrs attrs;
  OAR_ASSIGN_OR_RETURN(std::string mode, ctx.String("mode", "constant"));
  if (mode == "constant") {
    attrs.type = ir::PadType::kConstant;
  } else if (mode == "reflect") {
    attrs.type = ir::PadType::kReflect;
  } else if (mode == "edge") {
    attrs.type = ir::PadType::kEdge;
  } else {
    return ctx.UnsupportedAttr("mode", "\"" + mode + "\"", "constant, reflect or edge");
  }
  OAR_ASSIGN_OR_RETURN(attrs.value, ctx.Float("pad_value", 0.0f));
  OAR_ASSIGN_OR_RETURN(std::string layout, ctx.String("data_format", "NCHW"));
  const int64_t top = p[0], bottom = p[1], left = p[2], right = p[3];
  if (layout == "NCHW" || layout == "AnyLayout") {
    attrs.pads = {0, 0, top, left, 0, 0, bottom, right};
  } else if (layout == "NHWC") {
    attrs.pads = {0, top, left, 0, 0, bottom, right, 0};
  } else {
    return ctx.UnsupportedAttr("data_format", "\"" + layout + "\"", "NCHW or NHWC");
  }
  return ConvertUnary(ctx, ir::OpKind::kPad, attrs);
}

}  // namespace

void RegisterPad2dConverter(ConverterRegistry& registry) { registry.Register("pad2d", ConvertPad2d); }

}  // namespace oar::frontends::paddle
