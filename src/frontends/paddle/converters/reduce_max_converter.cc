// Paddle `reduce_max` -> ReduceMax (see ConvertReduce for dims, keep_dim, reduce_all and dtypes).
#include "frontends/paddle/converters/converters.h"
#include "frontends/paddle/converters/reduce_common.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertReduceMax(ConverterContext& ctx) { return ConvertReduce(ctx, ir::OpKind::kReduceMax); }

}  // namespace

void RegisterReduceMaxConverter(ConverterRegistry& registry) { registry.Register("reduce_max", ConvertReduceMax); }

}  // namespace oar::frontends::paddle
