// Paddle `reduce_sum` -> ReduceSum (see ConvertReduce for dims, keep_dim, reduce_all and dtypes).
#include "frontends/paddle/converters/converters.h"
#include "frontends/paddle/converters/reduce_common.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertReduceSum(ConverterContext& ctx) { return ConvertReduce(ctx, ir::OpKind::kReduceSum); }

}  // namespace

void RegisterReduceSumConverter(ConverterRegistry& registry) { registry.Register("reduce_sum", ConvertReduceSum); }

}  // namespace oar::frontends::paddle
