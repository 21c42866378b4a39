// Paddle `pool2d` -> Pool2d. pooling_type max/avg; global_pooling (kernel = whole H,W, no padding);
// adaptive (ksize is the output size); ceil_mode; exclusive (avg divides by the non-padded count);
// paddings [pad_h, pad_w] or [top, bottom, left, right]; padding_algorithm EXPLICIT/SAME/VALID.
// Only NCHW.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertPool2d(ConverterContext& ctx) {
  OAR_RETURN_IF_ERROR(RequireNchw(ctx, "data_format"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  ir::Pool2dAttrs attrs;
  OAR_ASSIGN_OR_RETURN(std::string type, ctx.String("pooling_type"));
  if (type == "max") {
    attrs.type = ir::PoolType::kMax;
  } else if (type == "avg") {
    attrs.type = ir::PoolType::kAvg;
  } else {
    return ctx.UnsupportedAttr("pooling_type", "\"" + type + "\"", "max or avg");
  }
  OAR_ASSIGN_OR_RETURN(attrs.global, ctx.Bool("global_pooling", false));
  OAR_ASSIGN_OR_RETURN(attrs.adaptive, ctx.Bool("adaptive", false));
  OAR_ASSIGN_OR_RETURN(attrs.ceil_mode, ctx.Bool("ceil_mode", false));
  OAR_ASSIGN_OR_RETURN(attrs.exclusive, ctx.Bool("exclusive", true));
  OAR_ASSIGN_OR_RETURN(std::vector<int64_t> ksize, ctx.Ints("ksize"));
  OAR_ASSIGN_OR_RETURN(attrs.strides, ctx.Ints("strides", {1, 1}));
  OAR_ASSIGN_OR_RETURN(std::vector<int64_t> paddings, ctx.Ints("paddings", {0, 0}));
  OAR_ASSIGN_OR_RETURN(attrs.pad_mode, PaddingAlgorithm(ctx));
  if (attrs.global) {
    // Paddle ignores ksize, strides and paddings for global pooling.
    attrs.pads = {0, 0, 0, 0};
    attrs.pad_mode = ir::PadMode::kExplicit;
    return ctx.Emit(ir::OpKind::kPool2d, {x}, attrs);
  }
  if (ksize.size() != 2 || attrs.strides.size() != 2) {
    return ctx.Error("attributes 'ksize' and 'strides' must have 2 values, got " + IntsToString(ksize) + " and " +
                     IntsToString(attrs.strides));
  }
  for (size_t i = 0; i < 2; ++i) {
    if (ksize[i] < 1 || attrs.strides[i] < 1) {
      return ctx.Error("attributes 'ksize' and 'strides' must be positive, got " + IntsToString(ksize) + " and " +
                       IntsToString(attrs.strides));
    }
  }
  attrs.kernel = ksize;
  OAR_ASSIGN_OR_RETURN(attrs.pads, PaddlePadsToIr(ctx, paddings));
  if (attrs.adaptive) {
    // Adaptive bins cover the input exactly; Paddle does not pad them.
    attrs.pads = {0, 0, 0, 0};
    attrs.pad_mode = ir::PadMode::kExplicit;
  }
  return ctx.Emit(ir::OpKind::kPool2d, {x}, attrs);
}

}  // namespace

void RegisterPool2dConverter(ConverterRegistry& registry) { registry.Register("pool2d", ConvertPool2d); }

}  // namespace oar::frontends::paddle
