#include "ir/printer.h"

#include <sstream>
#include <type_traits>

namespace oar::ir {

namespace {

class AttrWriter {
 public:
  template <typename T>
  AttrWriter& operator()(const char* key, const T& v) {
    os_ << (first_ ? "" : ", ") << key << "=";
    Write(v);
    first_ = false;
    return *this;
  }
  std::string str() const { return first_ ? "" : "{" + os_.str() + "}"; }

 private:
  void Write(int64_t v) { os_ << v; }
  void Write(float v) { os_ << v; }
  void Write(double v) { os_ << v; }
  void Write(bool v) { os_ << (v ? "true" : "false"); }
  void Write(const char* v) { os_ << v; }
  void Write(DType v) { os_ << DTypeName(v); }
  // relu, clip(0,6), leaky_relu(0.1), hard_swish(6,6,3), hard_sigmoid(0.2,0.5), sigmoid, swish(1).
  void Write(const FusedActivation& a) {
    os_ << ActivationKindName(a.kind);
    switch (a.kind) {
      case ActivationKind::kClip:
      case ActivationKind::kHardSigmoid:
        os_ << "(" << a.alpha << "," << a.beta << ")";
        break;
      case ActivationKind::kLeakyRelu:
      case ActivationKind::kSwish:
        os_ << "(" << a.alpha << ")";
        break;
      case ActivationKind::kHardSwish:
        os_ << "(" << a.alpha << "," << a.beta << "," << a.gamma << ")";
        break;
      default:
        break;
    }
  }
  void Write(const std::vector<int64_t>& v) {
    os_ << "[";
    for (size_t i = 0; i < v.size(); ++i) os_ << (i ? "," : "") << v[i];
    os_ << "]";
  }
  std::ostringstream os_;
  bool first_ = true;
};

const char* PadModeName(PadMode m) { return m == PadMode::kSame ? "same" : m == PadMode::kValid ? "valid" : "explicit"; }

std::string Describe(const NoAttrs&) { return ""; }
std::string Describe(const Conv2dAttrs& a) {
  AttrWriter w;
  w("strides", a.strides)("pads", a.pads)("dilations", a.dilations)("groups", a.groups);
  if (a.pad_mode != PadMode::kExplicit) w("pad_mode", PadModeName(a.pad_mode));
  if (!a.activation.none()) w("activation", a.activation);
  return w.str();
}
std::string Describe(const BatchNormAttrs& a) { return AttrWriter()("epsilon", a.epsilon).str(); }
std::string Describe(const LayerNormAttrs& a) {
  return AttrWriter()("begin_norm_axis", a.begin_norm_axis)("epsilon", a.epsilon).str();
}
std::string Describe(const Pool2dAttrs& a) {
  AttrWriter w;
  w("type", a.type == PoolType::kMax ? "max" : "avg");
  if (a.global) {
    w("global", true);
  } else {
    w("kernel", a.kernel)("strides", a.strides)("pads", a.pads);
    if (a.pad_mode != PadMode::kExplicit) w("pad_mode", PadModeName(a.pad_mode));
    if (a.adaptive) w("adaptive", true);
    if (a.ceil_mode) w("ceil_mode", true);
  }
  if (a.type == PoolType::kAvg) w("exclusive", a.exclusive);
  return w.str();
}
std::string Describe(const MatMulAttrs& a) {
  AttrWriter w;
  if (a.transpose_a) w("transpose_a", true);
  if (a.transpose_b) w("transpose_b", true);
  if (a.alpha != 1.0f) w("alpha", a.alpha);
  if (!a.activation.none()) w("activation", a.activation);
  return w.str();
}
std::string Describe(const SoftmaxAttrs& a) { return AttrWriter()("axis", a.axis).str(); }
std::string Describe(const LrnAttrs& a) {
  return AttrWriter()("size", a.size)("alpha", a.alpha)("beta", a.beta)("k", a.k).str();
}
std::string Describe(const ResizeAttrs& a) {
  AttrWriter w;
  w("mode", a.mode == ResizeMode::kNearest ? "nearest" : "bilinear")("align_corners", a.align_corners);
  if (a.mode == ResizeMode::kBilinear) w("align_mode", a.align_mode);
  if (a.out_h > 0) w("out_h", a.out_h)("out_w", a.out_w);
  if (a.scale_h > 0) w("scale_h", a.scale_h)("scale_w", a.scale_w);
  return w.str();
}
std::string Describe(const PadAttrs& a) {
  const char* t = a.type == PadType::kConstant ? "constant" : a.type == PadType::kReflect ? "reflect" : "edge";
  return AttrWriter()("pads", a.pads)("type", t)("value", a.value).str();
}
std::string Describe(const LeakyReluAttrs& a) { return AttrWriter()("alpha", a.alpha).str(); }
std::string Describe(const HardSigmoidAttrs& a) { return AttrWriter()("slope", a.slope)("offset", a.offset).str(); }
std::string Describe(const HardSwishAttrs& a) {
  return AttrWriter()("threshold", a.threshold)("scale", a.scale)("offset", a.offset).str();
}
std::string Describe(const SwishAttrs& a) { return AttrWriter()("beta", a.beta).str(); }
std::string Describe(const GeluAttrs& a) { return AttrWriter()("approximate", a.approximate).str(); }
std::string Describe(const ClipAttrs& a) { return AttrWriter()("min", a.min)("max", a.max).str(); }
std::string Describe(const ScaleAttrs& a) {
  return AttrWriter()("scale", a.scale)("bias", a.bias)("bias_after_scale", a.bias_after_scale).str();
}
std::string Describe(const ReduceAttrs& a) {
  AttrWriter w;
  if (a.reduce_all) {
    w("reduce_all", true);
  } else {
    w("axes", a.axes);
  }
  return w("keepdims", a.keepdims).str();
}
std::string Describe(const ArgMaxAttrs& a) {
  return AttrWriter()("axis", a.axis)("keepdims", a.keepdims)("flatten", a.flatten)("dtype", a.out_dtype).str();
}
std::string Describe(const ReshapeAttrs& a) { return AttrWriter()("shape", a.shape).str(); }
std::string Describe(const FlattenAttrs& a) {
  return AttrWriter()("start_axis", a.start_axis)("stop_axis", a.stop_axis).str();
}
std::string Describe(const TransposeAttrs& a) { return AttrWriter()("perm", a.perm).str(); }
std::string Describe(const AxesAttrs& a) { return AttrWriter()("axes", a.axes).str(); }
std::string Describe(const AxisAttrs& a) { return AttrWriter()("axis", a.axis).str(); }
std::string Describe(const SplitAttrs& a) {
  AttrWriter w;
  w("axis", a.axis);
  if (!a.sections.empty()) {
    w("sections", a.sections);
  } else {
    w("num", a.num);
  }
  return w.str();
}
std::string Describe(const SliceAttrs& a) {
  AttrWriter w;
  w("axes", a.axes)("starts", a.starts)("ends", a.ends);
  if (!a.steps.empty()) w("steps", a.steps);
  if (!a.decrease_axes.empty()) w("decrease_axes", a.decrease_axes);
  return w.str();
}
std::string Describe(const CastAttrs& a) { return AttrWriter()("to", a.to).str(); }
std::string Describe(const FillAttrs& a) {
  return AttrWriter()("shape", a.shape)("value", a.value)("dtype", a.dtype).str();
}
std::string Describe(const YoloBoxAttrs& a) {
  return AttrWriter()("anchors", a.anchors)("class_num", a.class_num)("conf_thresh", a.conf_thresh)(
             "downsample_ratio", a.downsample_ratio)("clip_bbox", a.clip_bbox)("scale_x_y", a.scale_x_y)(
             "iou_aware", a.iou_aware)("iou_aware_factor", a.iou_aware_factor)
      .str();
}
std::string Describe(const MulticlassNmsAttrs& a) {
  return AttrWriter()("score_threshold", a.score_threshold)("nms_top_k", a.nms_top_k)("keep_top_k", a.keep_top_k)(
             "nms_threshold", a.nms_threshold)("normalized", a.normalized)("nms_eta", a.nms_eta)(
             "background_label", a.background_label)
      .str();
}

std::string Describe(const EngineAttrs& a) {
  int64_t ops = a.subgraph ? static_cast<int64_t>(a.subgraph->LiveNodes().size()) : 0;
  return AttrWriter()("backend", a.backend.c_str())("ops", ops).str();
}

std::string ValueRef(const Graph& g, ValueId v) {
  if (v == kNoValue) return "_";
  const Value& val = g.value(v);
  if (val.is_constant()) return "$" + val.name + ": " + DTypeName(val.dtype) + val.shape.ToString();
  return "%" + val.name;
}

}  // namespace

std::string PrintAttrs(const Attrs& attrs) {
  return std::visit([](const auto& a) { return Describe(a); }, attrs);
}

std::string PrintNode(const Graph& g, NodeId id) {
  const Node& n = g.node(id);
  std::ostringstream os;
  for (size_t i = 0; i < n.outputs.size(); ++i) os << (i ? ", " : "") << ValueRef(g, n.outputs[i]);
  os << " = " << OpKindName(n.kind) << "(";
  for (size_t i = 0; i < n.inputs.size(); ++i) os << (i ? ", " : "") << ValueRef(g, n.inputs[i]);
  os << ")";
  std::string attrs = PrintAttrs(n.attrs);
  if (!attrs.empty()) os << " " << attrs;
  os << "  # " << n.name;
  if (!n.outputs.empty()) {
    const Value& out = g.value(n.outputs[0]);
    os << " -> " << DTypeName(out.dtype) << out.shape.ToString();
  }
  return os.str();
}

std::string PrintGraph(const Graph& g) {
  std::ostringstream os;
  os << "graph(";
  for (size_t i = 0; i < g.inputs().size(); ++i) {
    const Value& v = g.value(g.inputs()[i]);
    os << (i ? ", " : "") << "%" << v.name << ": " << DTypeName(v.dtype) << v.shape.ToString();
  }
  os << ") {\n";
  for (NodeId id : g.LiveNodes()) os << "  " << PrintNode(g, id) << "\n";
  os << "  return ";
  for (size_t i = 0; i < g.outputs().size(); ++i) os << (i ? ", " : "") << ValueRef(g, g.outputs()[i]);
  os << "\n}\n";
  return os.str();
}

}  // namespace oar::ir
