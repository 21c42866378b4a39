// Paddle `transpose2` (and the older `transpose`): Out.dims[i] = X.dims[axis[i]] -> Transpose.
#include "frontends/paddle/converters/converter_utils.h"
#include "frontends/paddle/converters/converters.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertTranspose2(ConverterContext& ctx) {
  OAR_RETURN_IF_ERROR(RequireNchw(ctx, "data_format"));
  OAR_ASSIGN_OR_RETURN(ir::ValueId x, ctx.Input("X"));
  ir::TransposeAttrs attrs;
  OAR_ASSIGN_OR_RETURN(attrs.perm, ctx.Ints("axis"));
  const int rank = KnownRank(ctx, x);
  std::vector<char> seen(attrs.perm.size(), 0);
  for (int64_t& p : attrs.perm) {
    int64_t n = static_cast<int64_t>(attrs.perm.size());
    if (p < -n || p >= n || seen[static_cast<size_t>(p < 0 ? p + n : p)]) {
      return ctx.Error("attribute 'axis' " + IntsToString(attrs.perm) + " is not a permutation");
    }
    if (p < 0) p += n;
    seen[static_cast<size_t>(p)] = 1;
  }
  if (rank >= 0 && rank != static_cast<int>(attrs.perm.size())) {
    return ctx.Error("attribute 'axis' " + IntsToString(attrs.perm) + " does not match the rank " +
                     std::to_string(rank) + " of X");
  }
  return ctx.Emit(ir::OpKind::kTranspose, {x}, attrs);
}

}  // namespace

void RegisterTranspose2Converter(ConverterRegistry& registry) {
  registry.Register("transpose2", ConvertTranspose2);
  registry.Register("transpose", ConvertTranspose2);
}

}  // namespace oar::frontends::paddle
