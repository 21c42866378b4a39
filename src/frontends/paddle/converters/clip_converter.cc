// Paddle `clip`: Out = min(max(X, min), max) -> Clip. Min / Max tensor inputs replace the attributes
// and must be constants.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

StatusOr<float> Bound(ConverterContext& ctx, const std::string& attr, const std::string& slot) {
  OAR_ASSIGN_OR_RETURN(float value, ctx.Float(attr));
  OAR_ASSIGN_OR_RETURN(ir::ValueId tensor, ctx.OptionalInput(slot));
  if (tensor == ir::kNoValue) return value;
  const Tensor* c = ctx.ConstantOf(tensor);
  if (!c || c->numel() != 1) {
    return ctx.UnsupportedError("input '" + slot +
                                "' must be a constant holding one value (a run-time bound is not "
                                "supported)");
  }
  return static_cast<float>(c->GetDouble(0));
}

Status ConvertClip(ConverterContext& ctx) {
  ir::ClipAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.min, Bound(ctx, "min", "Min"));
  OAR_ASSIGN_OR_RETURN(attrs.max, Bound(ctx, "max", "Max"));
  return ConvertUnary(ctx, ir::OpKind::kClip, attrs);
}

}  // namespace

void RegisterClipConverter(ConverterRegistry& registry) { registry.Register("clip", ConvertClip); }

}  // namespace oar::frontends::paddle
