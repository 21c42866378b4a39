#include "ir/op_schema.h"

namespace oar::ir {

void RegisterNnSchemas() {}

}  // namespace oar::ir
