// Canonical operator kinds of oar's IR. Frontend op names (Paddle, ONNX) never appear outside
// the frontends; each frontend converter maps its ops onto these kinds.
#pragma once

#include <string>

namespace oar::ir {

// X(kKind, "name"): the list is the single source for the enum and its names.
#define OAR_OP_KINDS(X)                     \
  /* nn */                                   \
  X(kConv2d, "conv2d")                        \
  X(kBatchNorm, "batch_norm")                 \
  X(kLayerNorm, "layer_norm")                 \
  X(kPool2d, "pool2d")                        \
  X(kMatMul, "matmul")                        \
  X(kSoftmax, "softmax")                      \
  X(kLrn, "lrn")                              \
  X(kResize, "resize")                        \
  X(kPad, "pad")                              \
  /* unary activations */                    \
  X(kRelu, "relu")                            \
  X(kLeakyRelu, "leaky_relu")                 \
  X(kSigmoid, "sigmoid")                      \
  X(kTanh, "tanh")                            \
  X(kHardSigmoid, "hard_sigmoid")             \
  X(kHardSwish, "hard_swish")                 \
  X(kSwish, "swish")                          \
  X(kGelu, "gelu")                            \
  X(kClip, "clip")                            \
  X(kExp, "exp")                              \
  X(kSqrt, "sqrt")                            \
  X(kScale, "scale")                          \
  /* binary elementwise, numpy broadcasting */ \
  X(kAdd, "add")                              \
  X(kSub, "sub")                              \
  X(kMul, "mul")                              \
  X(kDiv, "div")                              \
  X(kMax, "max")                              \
  X(kMin, "min")                              \
  X(kPow, "pow")                              \
  X(kSum, "sum")                              \
  /* reductions */                           \
  X(kReduceMean, "reduce_mean")               \
  X(kReduceSum, "reduce_sum")                 \
  X(kReduceMax, "reduce_max")                 \
  X(kArgMax, "arg_max")                       \
  /* tensor manipulation */                  \
  X(kReshape, "reshape")                      \
  X(kFlatten, "flatten")                      \
  X(kTranspose, "transpose")                  \
  X(kSqueeze, "squeeze")                      \
  X(kUnsqueeze, "unsqueeze")                  \
  X(kConcat, "concat")                        \
  X(kSplit, "split")                          \
  X(kStack, "stack")                          \
  X(kSlice, "slice")                          \
  X(kShape, "shape")                          \
  X(kCast, "cast")                            \
  X(kIdentity, "identity")                    \
  X(kFill, "fill")                            \
  /* detection */                            \
  X(kYoloBox, "yolo_box")                     \
  X(kMulticlassNms, "multiclass_nms")         \
  /* engine subgraph (EngineAttrs) */        \
  X(kEngine, "engine")

enum class OpKind {
#define OAR_OP_ENUM_(k, n) k,
  OAR_OP_KINDS(OAR_OP_ENUM_)
#undef OAR_OP_ENUM_
      kNumKinds
};

/// Lower-case canonical name, e.g. "conv2d".
const char* OpKindName(OpKind kind);
/// Inverse of OpKindName; false when unknown.
bool ParseOpKind(const std::string& name, OpKind* out);

}  // namespace oar::ir
