// Paddle `reshape2` (and its older twin `reshape`, same semantics without the XShape output):
// Out = X viewed with a new shape -> Reshape. The target comes, by Paddle's priority, from the
// ShapeTensor list (one-element tensors, joined), the Shape tensor, or the `shape` attribute; 0
// copies the input dim at that position and one -1 is inferred. Constant targets are folded into
// the attribute; others become Reshape's ShapeTensor operand.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertReshape2(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  OAR_ASSIGN_OR_RETURN(std::vector<ir::ValueId> parts, ctx.InputList("ShapeTensor"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId shape_tensor, ctx.OptionalInput("Shape"));
  ir::ReshapeAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.shape, ctx.Ints("shape", {}));
  ir::ValueId target = ir::kNoValue;
  if (!parts.empty()) {
    if (!ConstantScalarList(ctx, parts, &attrs.shape)) {
      OAR_ASSIGN_OR_RETURN(target, JoinScalarList(ctx, parts, "shape"));
    }
  } else if (shape_tensor != ir::kNoValue) {
    if (const Tensor* c = ctx.ConstantOf(shape_tensor)) {
      attrs.shape = TensorToInts(*c);
    } else {
      target = shape_tensor;
    }
  } else if (!ctx.HasAttr("shape")) {
    return ctx.Error("no target shape: neither a ShapeTensor/Shape input nor a 'shape' attribute");
  }
  if (target == ir::kNoValue) return ctx.Emit(ir::OpKind::kReshape, {x}, attrs);
  return ctx.Emit(ir::OpKind::kReshape, {x, target}, attrs);
}

}  // namespace

void RegisterReshape2Converter(ConverterRegistry& registry) {
  registry.Register("reshape2", ConvertReshape2);
  registry.Register("reshape", ConvertReshape2);
}

}  // namespace oar::frontends::paddle
