#include "ir/op_kind.h"

namespace oar::ir {

namespace {
const char* const kNames[] = {
#define OAR_OP_NAME_(k, n) n,
    OAR_OP_KINDS(OAR_OP_NAME_)
#undef OAR_OP_NAME_
};
}  // namespace

const char* OpKindName(OpKind kind) {
  int i = static_cast<int>(kind);
  if (i < 0 || i >= static_cast<int>(OpKind::kNumKinds)) return "unknown";
  return kNames[i];
}

bool ParseOpKind(const std::string& name, OpKind* out) {
  for (int i = 0; i < static_cast<int>(OpKind::kNumKinds); ++i) {
    if (name == kNames[i]) {
      *out = static_cast<OpKind>(i);
      return true;
    }
  }
  return false;
}

}  // namespace oar::ir
