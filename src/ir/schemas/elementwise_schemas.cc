#include "ir/op_schema.h"

namespace oar::ir {

void RegisterElementwiseSchemas() {}

}  // namespace oar::ir
