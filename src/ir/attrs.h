// Typed attribute structs of the canonical ops. Semantics are documented here once; frontends
// translate their own conventions into these, kernels and passes read only these.
// Input lists ("inputs:") give the positional operands of each kind; "[x]" marks an optional
// operand (absent = kNoValue in Node::inputs).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/dtype.h"

namespace oar::ir {

class Graph;

/// For ops without attributes, and every unary/binary elementwise op not listed below:
/// Relu, Sigmoid, Tanh, Exp, Sqrt, Add, Sub, Mul, Div, Max, Min, Pow (numpy broadcasting),
/// Sum (n-ary add, same shapes or broadcast), Shape (inputs: X; output int64 [rank]),
/// Identity (inputs: X).
struct NoAttrs {};

enum class PadMode { kExplicit, kSame, kValid };

/// Activation fused into Conv2d / MatMul by the fusion passes, applied as the op's last step.
/// Parameters, as the unary ops (below) define them:
///   kRelu, kSigmoid: none.
///   kClip:        alpha = min, beta = max                  (Relu6 = Clip{0, 6}).
///   kLeakyRelu:   alpha                                    (x >= 0 ? x : alpha * x).
///   kHardSwish:   alpha = threshold, beta = scale, gamma = offset (x * clip(x + offset, 0, threshold) / scale).
///   kHardSigmoid: alpha = slope, beta = offset             (clip(slope * x + offset, 0, 1)).
///   kSwish:       alpha = beta                             (x * sigmoid(beta * x)).
enum class ActivationKind { kNone, kRelu, kClip, kLeakyRelu, kHardSwish, kHardSigmoid, kSigmoid, kSwish };

struct FusedActivation {
  ActivationKind kind = ActivationKind::kNone;
  float alpha = 0.0f;
  float beta = 0.0f;
  float gamma = 0.0f;
  bool none() const { return kind == ActivationKind::kNone; }
};

/// Lower-case name of an activation kind ("none", "relu", "clip", ...), as the unary op names.
inline const char* ActivationKindName(ActivationKind kind) {
  switch (kind) {
    case ActivationKind::kNone: return "none";
    case ActivationKind::kRelu: return "relu";
    case ActivationKind::kClip: return "clip";
    case ActivationKind::kLeakyRelu: return "leaky_relu";
    case ActivationKind::kHardSwish: return "hard_swish";
    case ActivationKind::kHardSigmoid: return "hard_sigmoid";
    case ActivationKind::kSigmoid: return "sigmoid";
    case ActivationKind::kSwish: return "swish";
  }
  return "?";
}

/// inputs: X [N,C,H,W], W [M, C/groups, kh, kw], [B [M]], [Sum [N,M,OH,OW]]. NCHW only.
/// pads = {top, left, bottom, right}. kSame: pads computed from the input size as Paddle's
/// padding_algorithm="SAME" (total = max((ceil(in/stride)-1)*stride + (k-1)*dil+1 - in, 0),
/// top/left = total/2, rest to bottom/right). kValid: no padding.
/// Fused form (passes/fusion): y = activation(conv(x, w) + bias + sum), where Sum (a residual
/// branch of exactly the output's shape) and the activation are optional.
struct Conv2dAttrs {
  std::vector<int64_t> strides{1, 1};
  std::vector<int64_t> pads{0, 0, 0, 0};
  std::vector<int64_t> dilations{1, 1};
  int64_t groups = 1;
  PadMode pad_mode = PadMode::kExplicit;
  FusedActivation activation;
};

/// inputs: X [N,C,...], scale [C], bias [C], mean [C], variance [C] (inference mode):
/// y = (x - mean) / sqrt(var + epsilon) * scale + bias over channel axis 1.
struct BatchNormAttrs {
  float epsilon = 1e-5f;
};

/// inputs: X, [scale], [bias]. Normalises over dims [begin_norm_axis, rank); scale/bias have
/// the product of those dims as element count.
struct LayerNormAttrs {
  int64_t begin_norm_axis = -1;
  float epsilon = 1e-5f;
};

enum class PoolType { kMax, kAvg };

/// inputs: X [N,C,H,W]. pads = {top, left, bottom, right}.
/// global: kernel = whole H,W. adaptive: `kernel` holds the output size (oh, ow); bins as
/// start=floor(i*H/oh), end=ceil((i+1)*H/oh). ceil_mode rounds the output size up.
/// exclusive (avg only): divide by the number of non-padded elements; otherwise by kh*kw.
struct Pool2dAttrs {
  PoolType type = PoolType::kMax;
  std::vector<int64_t> kernel{1, 1};
  std::vector<int64_t> strides{1, 1};
  std::vector<int64_t> pads{0, 0, 0, 0};
  PadMode pad_mode = PadMode::kExplicit;
  bool global = false;
  bool adaptive = false;
  bool ceil_mode = false;
  bool exclusive = true;
};

/// inputs: A, B, [bias]. numpy matmul (batch dims broadcast; rank-1 operands promoted and the
/// added dim removed), optional transposes of the last two dims, y = alpha * (A @ B) + bias
/// where bias broadcasts against the result (numpy rules). Fused form (passes/fusion):
/// y = activation(alpha * (A @ B) + bias).
struct MatMulAttrs {
  bool transpose_a = false;
  bool transpose_b = false;
  float alpha = 1.0f;
  FusedActivation activation;
};

/// inputs: X. softmax along `axis` (negative counts from the end).
struct SoftmaxAttrs {
  int64_t axis = -1;
};

/// inputs: X [N,C,H,W]. Cross-channel LRN as Paddle/Caffe:
/// y = x / (k + alpha/size * sum_{c' in window} x_{c'}^2)^beta, window centred, `size` wide.
struct LrnAttrs {
  int64_t size = 5;
  float alpha = 1e-4f;
  float beta = 0.75f;
  float k = 1.0f;
};

enum class ResizeMode { kNearest, kBilinear };

/// inputs: X [N,C,H,W], [OutSize int [2] (h,w)], [Scale float [2] (h,w)].
/// Output size priority: OutSize input, then out_h/out_w (>0), then Scale input, then
/// scale_h/scale_w (>0) with out = floor(in * scale).
/// Coordinate mapping (Paddle interp_v2):
///   align_corners: src = dst * (in-1)/(out-1)
///   else nearest:  src = floor(dst * ratio), ratio = in/out (or 1/scale when a scale was given)
///   else bilinear, align_mode 0: src = (dst+0.5)*ratio - 0.5, clamped at 0
///   else bilinear, align_mode 1: src = dst*ratio.
struct ResizeAttrs {
  ResizeMode mode = ResizeMode::kNearest;
  bool align_corners = false;
  int64_t align_mode = 1;
  int64_t out_h = -1;
  int64_t out_w = -1;
  float scale_h = -1.0f;
  float scale_w = -1.0f;
};

enum class PadType { kConstant, kReflect, kEdge };

/// inputs: X. pads = {begin_0, ..., begin_{r-1}, end_0, ..., end_{r-1}} (ONNX order).
struct PadAttrs {
  std::vector<int64_t> pads;
  PadType type = PadType::kConstant;
  float value = 0.0f;
};

/// LeakyRelu: y = x >= 0 ? x : alpha * x.
struct LeakyReluAttrs {
  float alpha = 0.01f;
};
/// HardSigmoid: y = clip(slope * x + offset, 0, 1).
struct HardSigmoidAttrs {
  float slope = 0.2f;
  float offset = 0.5f;
};
/// HardSwish (Paddle): y = x * clip(x + offset, 0, threshold) / scale.
struct HardSwishAttrs {
  float threshold = 6.0f;
  float scale = 6.0f;
  float offset = 3.0f;
};
/// Swish: y = x * sigmoid(beta * x).
struct SwishAttrs {
  float beta = 1.0f;
};
/// Gelu: exact erf form, or the tanh approximation.
struct GeluAttrs {
  bool approximate = false;
};
/// Clip: y = min(max(x, min), max). (Relu6 = Clip{0, 6}.)
struct ClipAttrs {
  float min = -3.402823466e38f;
  float max = 3.402823466e38f;
};
/// Scale: bias_after_scale ? scale * x + bias : scale * (x + bias). inputs: X, [ScaleTensor [1]]
/// (when present it replaces `scale`).
struct ScaleAttrs {
  float scale = 1.0f;
  float bias = 0.0f;
  bool bias_after_scale = true;
};

/// ReduceMean/ReduceSum/ReduceMax. inputs: X. Empty axes or reduce_all: every axis.
struct ReduceAttrs {
  std::vector<int64_t> axes;
  bool keepdims = false;
  bool reduce_all = false;
};

/// inputs: X. flatten: argmax over the flattened tensor (output shape [1], or [] ... kept as [1]).
/// Output dtype `out_dtype` (i64 or i32). First index of the max wins.
struct ArgMaxAttrs {
  int64_t axis = -1;
  bool keepdims = false;
  bool flatten = false;
  DType out_dtype = DType::kInt64;
};

/// inputs: X, [ShapeTensor int (1-D)]. Target shape from ShapeTensor when present, else `shape`.
/// Paddle semantics: 0 copies the input dim at that position, -1 is inferred (at most one).
struct ReshapeAttrs {
  std::vector<int64_t> shape;
};

/// inputs: X. Collapses dims [start_axis, stop_axis] (inclusive, negative from the end) into one.
struct FlattenAttrs {
  int64_t start_axis = 1;
  int64_t stop_axis = -1;
};

/// inputs: X. y.shape[i] = x.shape[perm[i]].
struct TransposeAttrs {
  std::vector<int64_t> perm;
};

/// Squeeze: remove the listed size-1 axes (empty = all size-1 axes; listed axes whose size
/// is not 1 are kept, as Paddle does). Unsqueeze: insert size-1 axes at the listed positions
/// of the output, in order. inputs: X.
struct AxesAttrs {
  std::vector<int64_t> axes;
};

/// Concat/Stack: inputs X0..Xn-1 along `axis`.
struct AxisAttrs {
  int64_t axis = 0;
};

/// inputs: X. Either `sections` (sizes, one may be -1 = the rest) or `num` equal parts.
struct SplitAttrs {
  int64_t axis = 0;
  std::vector<int64_t> sections;
  int64_t num = 0;
};

/// inputs: X, [Starts int 1-D], [Ends int 1-D]. starts/ends clamp as Python slicing
/// (negative = from the end, ends past the size clamp). steps default 1.
/// decrease_axes: listed axes (which must have extent 1 after slicing) are removed.
struct SliceAttrs {
  std::vector<int64_t> axes;
  std::vector<int64_t> starts;
  std::vector<int64_t> ends;
  std::vector<int64_t> steps;
  std::vector<int64_t> decrease_axes;
};

/// inputs: X.
struct CastAttrs {
  DType to = DType::kFloat32;
};

/// inputs: [ShapeTensor int 1-D]. Output filled with `value`, of dtype `dtype` and shape from
/// ShapeTensor when present, else `shape`.
struct FillAttrs {
  std::vector<int64_t> shape;
  double value = 0.0;
  DType dtype = DType::kFloat32;
};

/// inputs: X [N, A*(5+C), H, W], ImgSize int32 [N, 2] (h, w).
/// outputs: Boxes [N, A*H*W, 4] (x1,y1,x2,y2 in image pixels), Scores [N, A*H*W, C].
/// Paddle yolo_box semantics (scale_x_y, clip_bbox, conf_thresh zeroing, iou_aware).
struct YoloBoxAttrs {
  std::vector<int64_t> anchors;
  int64_t class_num = 1;
  float conf_thresh = 0.01f;
  int64_t downsample_ratio = 32;
  bool clip_bbox = true;
  float scale_x_y = 1.0f;
  bool iou_aware = false;
  float iou_aware_factor = 0.5f;
};

/// inputs: BBoxes [N, M, 4], Scores [N, C, M].
/// outputs: Out float [K, 6] rows (label, score, x1, y1, x2, y2) over all images,
/// Index int32 [K, 1], NmsRoisNum int32 [N] (rows per image). Paddle multiclass_nms3.
struct MulticlassNmsAttrs {
  float score_threshold = 0.05f;
  int64_t nms_top_k = -1;
  int64_t keep_top_k = -1;
  float nms_threshold = 0.3f;
  bool normalized = true;
  float nms_eta = 1.0f;
  int64_t background_label = 0;
};

/// Engine node (OpKind::kEngine): one group of ops handed to an engine backend as a unit.
/// `subgraph` is a standalone, immutable graph shared by copies of the node: its inputs (in order)
/// are the engine node's inputs, its outputs (in order) the engine node's outputs, and it holds
/// the weights its ops use as constants (the same shared tensors as the parent graph's).
/// inputs: variadic; outputs: variadic (as many as the subgraph has).
struct EngineAttrs {
  std::string backend;  // e.g. "cpu"
  std::shared_ptr<const Graph> subgraph;
};

using Attrs = std::variant<NoAttrs, Conv2dAttrs, BatchNormAttrs, LayerNormAttrs, Pool2dAttrs, MatMulAttrs,
                           SoftmaxAttrs, LrnAttrs, ResizeAttrs, PadAttrs, LeakyReluAttrs, HardSigmoidAttrs,
                           HardSwishAttrs, SwishAttrs, GeluAttrs, ClipAttrs, ScaleAttrs, ReduceAttrs, ArgMaxAttrs,
                           ReshapeAttrs, FlattenAttrs, TransposeAttrs, AxesAttrs, AxisAttrs, SplitAttrs, SliceAttrs,
                           CastAttrs, FillAttrs, YoloBoxAttrs, MulticlassNmsAttrs, EngineAttrs>;

}  // namespace oar::ir
