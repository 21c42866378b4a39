// Paddle `slice`: Input[starts:ends] along `axes` (Python clamping; negative from the end), then the
// `decrease_axis` axes (extent 1) removed -> Slice. Starts/ends come from StartsTensor /
// StartsTensorList (joined one-element tensors) / `starts`, likewise for ends; constants are folded
// into the attributes, others become Slice's Starts/Ends operands.
// Paddle before 2.5 kept a [1] result when every axis was decreased (newer versions give []): when
// the output's VarDesc has rank 1 in that case, the last decreased axis is kept.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertSlice(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("Input"));
  ir::SliceAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.axes, ctx.Ints("axes"));
  OAR_ASSIGN_OR_RETURN(attrs.decrease_axes, ctx.Ints("decrease_axis", {}));
  ctx.IgnoreAttrs({"infer_flags"});
  ir::ValueId starts_operand, ends_operand;
  OAR_RETURN_IF_ERROR(
      ResolveIntListOperand(ctx, "starts", "StartsTensor", "StartsTensorList", &attrs.starts, &starts_operand));
  OAR_RETURN_IF_ERROR(ResolveIntListOperand(ctx, "ends", "EndsTensor", "EndsTensorList", &attrs.ends, &ends_operand));
  const size_t n = attrs.axes.size();
  if ((starts_operand == ir::kNoValue && attrs.starts.size() != n) ||
      (ends_operand == ir::kNoValue && attrs.ends.size() != n)) {
    return ctx.Error("'axes' " + IntsToString(attrs.axes) + ", 'starts' " + IntsToString(attrs.starts) +
                     " and 'ends' " + IntsToString(attrs.ends) + " must have the same length");
  }
  const int rank = KnownRank(ctx, x);
  if (rank >= 0) {
    OAR_RETURN_IF_ERROR(NormalizeAxesAttr(ctx, &attrs.axes, rank, "axes"));
    OAR_RETURN_IF_ERROR(NormalizeAxesAttr(ctx, &attrs.decrease_axes, rank, "decrease_axis"));
    std::vector<int64_t> declared;
    if (!attrs.decrease_axes.empty() && static_cast<int>(attrs.decrease_axes.size()) == rank &&
        ctx.OutputVarDims("Out", &declared) && declared.size() == 1) {
      attrs.decrease_axes.pop_back();
    }
  }
  std::vector<ir::ValueId> inputs = {x};
  if (starts_operand != ir::kNoValue || ends_operand != ir::kNoValue) inputs.push_back(starts_operand);
  if (ends_operand != ir::kNoValue) inputs.push_back(ends_operand);
  return ctx.Emit(ir::OpKind::kSlice, inputs, attrs);
}

}  // namespace

void RegisterSliceConverter(ConverterRegistry& registry) { registry.Register("slice", ConvertSlice); }

}  // namespace oar::frontends::paddle
