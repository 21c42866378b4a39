// Paddle `strided_slice`: Input[starts:ends:strides] along `axes` (Python slicing, negative strides
// allowed), then `decrease_axis` removed -> Slice with steps. Starts/ends may come from tensors as in
// `slice`; strides must be constant.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertStridedSlice(ConverterContext& ctx) {
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("Input"));
  ir::SliceAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.axes, ctx.Ints("axes"));
  OAR_ASSIGN_OR_RETURN(attrs.decrease_axes, ctx.Ints("decrease_axis", {}));
  ctx.IgnoreAttrs({"infer_flags"});
  ir::ValueId starts_operand, ends_operand, strides_operand;
  OAR_RETURN_IF_ERROR(
      ResolveIntListOperand(ctx, "starts", "StartsTensor", "StartsTensorList", &attrs.starts, &starts_operand));
  OAR_RETURN_IF_ERROR(ResolveIntListOperand(ctx, "ends", "EndsTensor", "EndsTensorList", &attrs.ends, &ends_operand));
  OAR_RETURN_IF_ERROR(
      ResolveIntListOperand(ctx, "strides", "StridesTensor", "StridesTensorList", &attrs.steps, &strides_operand));
  if (strides_operand != ir::kNoValue) {
    return ctx.UnsupportedError("strides given by a run-time tensor are not supported (only constants)");
  }
  const size_t n = attrs.axes.size();
  if ((starts_operand == ir::kNoValue && attrs.starts.size() != n) ||
      (ends_operand == ir::kNoValue && attrs.ends.size() != n) || attrs.steps.size() != n) {
    return ctx.Error("'axes' " + IntsToString(attrs.axes) + ", 'starts' " + IntsToString(attrs.starts) + ", 'ends' " +
                     IntsToString(attrs.ends) + " and 'strides' " + IntsToString(attrs.steps) +
                     " must have the same length");
  }
  for (int64_t s : attrs.steps) {
    if (s == 0) return ctx.Error("attribute 'strides' " + IntsToString(attrs.steps) + " contains 0");
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

void RegisterStridedSliceConverter(ConverterRegistry& registry) {
  registry.Register("strided_slice", ConvertStridedSlice);
}

}  // namespace oar::frontends::paddle
