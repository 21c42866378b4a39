// Paddle `reduce_mean` -> ReduceMean (see ConvertReduce for dims, keep_dim, reduce_all and dtypes).
#include "frontends/paddle/converters/converters.h"
#include "frontends/paddle/converters/reduce_common.h"

namespace oar::frontends::paddle {

namespace {

Status ConvertReduceMean(ConverterContext& ctx) { return ConvertReduce(ctx, ir::OpKind::kReduceMean); }

}  // namespace

void RegisterReduceMeanConverter(ConverterRegistry& registry) { registry.Register("reduce_mean", ConvertReduceMean); }

}  // namespace oar::frontends::paddle
