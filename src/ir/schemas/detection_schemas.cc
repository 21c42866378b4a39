#include "ir/op_schema.h"

namespace oar::ir {

void RegisterDetectionSchemas() {}

}  // namespace oar::ir
