#include "ir/op_schema.h"

namespace oar::ir {

void RegisterTensorSchemas() {}

}  // namespace oar::ir
