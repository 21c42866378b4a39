// The explicit list of built-in passes (one line each; see OAR_REGISTER_PASS in pass.h).
#include "passes/pass.h"

namespace oar::passes {

// Defined by OAR_REGISTER_PASS in each pass's .cc file.
void RegisterDeadCodeEliminationPass(PassRegistry& registry);
void RegisterIdentityEliminationPass(PassRegistry& registry);
void RegisterConstantFoldingPass(PassRegistry& registry);
void RegisterConvBnFusePass(PassRegistry& registry);
void RegisterConvBiasActFusePass(PassRegistry& registry);
void RegisterFcFusePass(PassRegistry& registry);

void RegisterAllPasses(PassRegistry& registry) {
  // analysis/
  RegisterDeadCodeEliminationPass(registry);
  RegisterIdentityEliminationPass(registry);
  RegisterConstantFoldingPass(registry);
  // fusion/
  RegisterConvBnFusePass(registry);
  RegisterConvBiasActFusePass(registry);
  RegisterFcFusePass(registry);
}

}  // namespace oar::passes
