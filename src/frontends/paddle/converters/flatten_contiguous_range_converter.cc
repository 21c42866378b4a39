// Paddle `flatten_contiguous_range`: dims [start_axis, stop_axis] (inclusive, negative from the
// end; defaults 1, 1) collapsed into one -> Flatten.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertFlattenContiguousRange(ConverterContext& ctx) {
  ir::FlattenAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.start_axis, ctx.Int("start_axis", 1));
  OAR_ASSIGN_OR_RETURN(attrs.stop_axis, ctx.Int("stop_axis", 1));
  return ConvertUnary(ctx, ir::OpKind::kFlatten, attrs);
}

}  // namespace

void RegisterFlattenContiguousRangeConverter(ConverterRegistry& registry) {
  registry.Register("flatten_contiguous_range", ConvertFlattenContiguousRange);
}

}  // namespace oar::frontends::paddle
