// Attribute structs and code tables of the graph format (serialize.h). Each struct has an
// explicit tag and one Fields() function listing every field in declaration order; the same
// function drives encoding and decoding, so the two cannot drift apart, and a static_assert on
// the struct's field count catches a field added to attrs.h but not here.
#include <iterator>
#include <string>
#include <variant>
#include <vector>

#include "ir/serialize_internal.h"

namespace oar::ir::serialize_internal {
namespace {

// ---- code tables (stable: never renumber, only append) ----

template <typename E>
struct EnumTable;
#define OAR_ENUM_TABLE_(E, ...)                                 \
  template <>                                                   \
  struct EnumTable<E> {                                         \
    static constexpr E kValues[] = {__VA_ARGS__};               \
    static constexpr const char* kName = #E;                    \
  };
// The code of a value is its position in the list.
OAR_ENUM_TABLE_(PadMode, PadMode::kExplicit, PadMode::kSame, PadMode::kValid)
OAR_ENUM_TABLE_(PoolType, PoolType::kMax, PoolType::kAvg)
OAR_ENUM_TABLE_(ResizeMode, ResizeMode::kNearest, ResizeMode::kBilinear)
OAR_ENUM_TABLE_(PadType, PadType::kConstant, PadType::kReflect, PadType::kEdge)
OAR_ENUM_TABLE_(ActivationKind, ActivationKind::kNone, ActivationKind::kRelu, ActivationKind::kClip,
                ActivationKind::kLeakyRelu, ActivationKind::kHardSwish, ActivationKind::kHardSigmoid,
                ActivationKind::kSigmoid, ActivationKind::kSwish)
#undef OAR_ENUM_TABLE_

// Compile-time completeness of the tables above: each switch lists every enumerator (-Wswitch
// warns on a new one) and returns how many there are.
constexpr size_t EnumCount(PadMode v) {
  switch (v) {
    case PadMode::kExplicit: case PadMode::kSame: case PadMode::kValid: return 3;
  }
  return 0;
}
constexpr size_t EnumCount(PoolType v) {
  switch (v) {
    case PoolType::kMax: case PoolType::kAvg: return 2;
  }
  return 0;
}
constexpr size_t EnumCount(ResizeMode v) {
  switch (v) {
    case ResizeMode::kNearest: case ResizeMode::kBilinear: return 2;
  }
  return 0;
}
constexpr size_t EnumCount(PadType v) {
  switch (v) {
    case PadType::kConstant: case PadType::kReflect: case PadType::kEdge: return 3;
  }
  return 0;
}
constexpr size_t EnumCount(ActivationKind v) {
  switch (v) {
    case ActivationKind::kNone: case ActivationKind::kRelu: case ActivationKind::kClip:
    case ActivationKind::kLeakyRelu: case ActivationKind::kHardSwish: case ActivationKind::kHardSigmoid:
    case ActivationKind::kSigmoid: case ActivationKind::kSwish: return 8;
  }
  return 0;
}
template <typename E>
constexpr bool TableComplete() {
  return std::size(EnumTable<E>::kValues) == EnumCount(EnumTable<E>::kValues[0]);
}
static_assert(TableComplete<PadMode>() && TableComplete<PoolType>() && TableComplete<ResizeMode>() &&
                  TableComplete<PadType>() && TableComplete<ActivationKind>(),
              "an attribute enum gained a value: append it to its EnumTable");

template <typename E>
uint8_t EnumCode(E v) {
  const auto& values = EnumTable<E>::kValues;
  for (size_t i = 0; i < std::size(values); ++i) {
    if (values[i] == v) return static_cast<uint8_t>(i);
  }
  OAR_CHECK_MSG(false, std::string("graph encode: ") + EnumTable<E>::kName + " value " +
                           std::to_string(static_cast<int>(v)) + " has no code");
  return 0;
}

// ---- attribute tags (stable: never renumber, only append) ----

template <typename T>
struct AttrTag;
#define OAR_ATTR_TAG_(T, tag, num_fields)                                                                  \
  template <>                                                                                            \
  struct AttrTag<T> {                                                                                    \
    static constexpr uint8_t kTag = tag;                                                                 \
    static constexpr const char* kName = #T;                                                             \
  };                                                                                                     \
  static_assert(AggregateFieldCount<T>() == (num_fields),                                                \
                #T " has a field the graph serializer does not know: add it to its Fields() in "         \
                   "ir/serialize_attrs.cc, update the count here and bump kGraphFormatVersion");
OAR_ATTR_TAG_(NoAttrs, 0, 0)
OAR_ATTR_TAG_(Conv2dAttrs, 1, 6)
OAR_ATTR_TAG_(BatchNormAttrs, 2, 1)
OAR_ATTR_TAG_(LayerNormAttrs, 3, 2)
OAR_ATTR_TAG_(Pool2dAttrs, 4, 9)
OAR_ATTR_TAG_(MatMulAttrs, 5, 4)
OAR_ATTR_TAG_(SoftmaxAttrs, 6, 1)
OAR_ATTR_TAG_(LrnAttrs, 7, 4)
OAR_ATTR_TAG_(ResizeAttrs, 8, 7)
OAR_ATTR_TAG_(PadAttrs, 9, 3)
OAR_ATTR_TAG_(LeakyReluAttrs, 10, 1)
OAR_ATTR_TAG_(HardSigmoidAttrs, 11, 2)
OAR_ATTR_TAG_(HardSwishAttrs, 12, 3)
OAR_ATTR_TAG_(SwishAttrs, 13, 1)
OAR_ATTR_TAG_(GeluAttrs, 14, 1)
OAR_ATTR_TAG_(ClipAttrs, 15, 2)
OAR_ATTR_TAG_(ScaleAttrs, 16, 3)
OAR_ATTR_TAG_(ReduceAttrs, 17, 3)
OAR_ATTR_TAG_(ArgMaxAttrs, 18, 4)
OAR_ATTR_TAG_(ReshapeAttrs, 19, 1)
OAR_ATTR_TAG_(FlattenAttrs, 20, 2)
OAR_ATTR_TAG_(TransposeAttrs, 21, 1)
OAR_ATTR_TAG_(AxesAttrs, 22, 1)
OAR_ATTR_TAG_(AxisAttrs, 23, 1)
OAR_ATTR_TAG_(SplitAttrs, 24, 3)
OAR_ATTR_TAG_(SliceAttrs, 25, 5)
OAR_ATTR_TAG_(CastAttrs, 26, 1)
OAR_ATTR_TAG_(FillAttrs, 27, 3)
OAR_ATTR_TAG_(YoloBoxAttrs, 28, 8)
OAR_ATTR_TAG_(MulticlassNmsAttrs, 29, 7)
OAR_ATTR_TAG_(EngineAttrs, 30, 2)
#undef OAR_ATTR_TAG_
static_assert(AggregateFieldCount<FusedActivation>() == 4, "FusedActivation changed: update its Fields()");
static_assert(std::variant_size_v<Attrs> == 31,
              "ir::Attrs gained a struct: give it an OAR_ATTR_TAG_ and a Fields() in ir/serialize_attrs.cc");

// ---- field visitors: one Fields() per struct serves both directions ----

class FieldEncoder {
 public:
  FieldEncoder(ByteWriter& out, const EncodeOptions& options) : out_(out), options_(options) {}
  Status operator()(int64_t& v, const char*) { out_.WriteVarI64(v); return Status::OK(); }
  Status operator()(float& v, const char*) { out_.WriteF32(v); return Status::OK(); }
  Status operator()(double& v, const char*) { out_.WriteF64(v); return Status::OK(); }
  Status operator()(bool& v, const char*) { out_.WriteBool(v); return Status::OK(); }
  Status operator()(std::string& v, const char*) { out_.WriteString(v); return Status::OK(); }
  Status operator()(DType& v, const char*) { out_.WriteU8(DTypeCode(v)); return Status::OK(); }
  Status operator()(std::vector<int64_t>& v, const char*) {
    out_.WriteVarU64(v.size());
    for (int64_t x : v) out_.WriteVarI64(x);
    return Status::OK();
  }
  template <typename E, typename = std::enable_if_t<std::is_enum_v<E>>>
  Status operator()(E& v, const char*) {
    out_.WriteU8(EnumCode(v));
    return Status::OK();
  }
  Status operator()(std::shared_ptr<const Graph>& g, const char*) {
    out_.WriteBool(g != nullptr);
    if (g) EncodeGraphBody(*g, out_, options_);
    return Status::OK();
  }
  Status operator()(FusedActivation& a, const char* what);

 private:
  ByteWriter& out_;
  const EncodeOptions& options_;
};

class FieldDecoder {
 public:
  FieldDecoder(ByteReader& in, int depth, const std::string& where) : in_(in), depth_(depth), where_(where) {}
  Status operator()(int64_t& v, const char* what) { return in_.ReadVarI64(&v, what); }
  Status operator()(float& v, const char* what) { return in_.ReadF32(&v, what); }
  Status operator()(double& v, const char* what) { return in_.ReadF64(&v, what); }
  Status operator()(bool& v, const char* what) { return in_.ReadBool(&v, what); }
  Status operator()(std::string& v, const char* what) { return in_.ReadString(&v, what); }
  Status operator()(DType& v, const char* what) {
    uint8_t code;
    OAR_RETURN_IF_ERROR(in_.ReadU8(&code, what));
    if (!DTypeFromCode(code, &v)) {
      return in_.Error(where_ + ": unknown dtype code " + std::to_string(code) + " in " + what);
    }
    return Status::OK();
  }
  Status operator()(std::vector<int64_t>& v, const char* what) {
    uint64_t n;
    OAR_RETURN_IF_ERROR(in_.ReadCount(&n, 1, what));
    v.assign(static_cast<size_t>(n), 0);
    for (int64_t& x : v) OAR_RETURN_IF_ERROR(in_.ReadVarI64(&x, what));
    return Status::OK();
  }
  template <typename E, typename = std::enable_if_t<std::is_enum_v<E>>>
  Status operator()(E& v, const char* what) {
    uint8_t code;
    OAR_RETURN_IF_ERROR(in_.ReadU8(&code, what));
    const auto& values = EnumTable<E>::kValues;
    if (code >= std::size(values)) {
      return in_.Error(where_ + ": unknown " + EnumTable<E>::kName + " code " + std::to_string(code) + " in " +
                       what);
    }
    v = values[code];
    return Status::OK();
  }
  Status operator()(std::shared_ptr<const Graph>& g, const char* what) {
    bool present;
    OAR_RETURN_IF_ERROR(in_.ReadBool(&present, what));
    g.reset();
    if (!present) return Status::OK();
    if (depth_ + 1 > kMaxSubgraphDepth) {
      return in_.Error(where_ + ": engine subgraphs nested deeper than " + std::to_string(kMaxSubgraphDepth));
    }
    auto sub = DecodeGraphBody(in_, depth_ + 1);
    if (!sub.ok()) return sub.status();
    g = std::make_shared<const Graph>(std::move(sub).value());
    return Status::OK();
  }
  Status operator()(FusedActivation& a, const char* what);

 private:
  ByteReader& in_;
  int depth_;
  const std::string& where_;
};

#define OAR_FIELD_(f) OAR_RETURN_IF_ERROR(v(a.f, OAR_WHAT_ "." #f))

template <typename V> Status Fields(V&, NoAttrs&) { return Status::OK(); }
template <typename V> Status Fields(V& v, FusedActivation& a) {
#define OAR_WHAT_ "activation"
  OAR_FIELD_(kind); OAR_FIELD_(alpha); OAR_FIELD_(beta); OAR_FIELD_(gamma);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, Conv2dAttrs& a) {
#define OAR_WHAT_ "conv2d attrs"
  OAR_FIELD_(strides); OAR_FIELD_(pads); OAR_FIELD_(dilations); OAR_FIELD_(groups); OAR_FIELD_(pad_mode);
  OAR_FIELD_(activation);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, BatchNormAttrs& a) {
#define OAR_WHAT_ "batch_norm attrs"
  OAR_FIELD_(epsilon);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, LayerNormAttrs& a) {
#define OAR_WHAT_ "layer_norm attrs"
  OAR_FIELD_(begin_norm_axis); OAR_FIELD_(epsilon);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, Pool2dAttrs& a) {
#define OAR_WHAT_ "pool2d attrs"
  OAR_FIELD_(type); OAR_FIELD_(kernel); OAR_FIELD_(strides); OAR_FIELD_(pads); OAR_FIELD_(pad_mode);
  OAR_FIELD_(global); OAR_FIELD_(adaptive); OAR_FIELD_(ceil_mode); OAR_FIELD_(exclusive);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, MatMulAttrs& a) {
#define OAR_WHAT_ "matmul attrs"
  OAR_FIELD_(transpose_a); OAR_FIELD_(transpose_b); OAR_FIELD_(alpha); OAR_FIELD_(activation);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, SoftmaxAttrs& a) {
#define OAR_WHAT_ "softmax attrs"
  OAR_FIELD_(axis);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, LrnAttrs& a) {
#define OAR_WHAT_ "lrn attrs"
  OAR_FIELD_(size); OAR_FIELD_(alpha); OAR_FIELD_(beta); OAR_FIELD_(k);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, ResizeAttrs& a) {
#define OAR_WHAT_ "resize attrs"
  OAR_FIELD_(mode); OAR_FIELD_(align_corners); OAR_FIELD_(align_mode); OAR_FIELD_(out_h); OAR_FIELD_(out_w);
  OAR_FIELD_(scale_h); OAR_FIELD_(scale_w);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, PadAttrs& a) {
#define OAR_WHAT_ "pad attrs"
  OAR_FIELD_(pads); OAR_FIELD_(type); OAR_FIELD_(value);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, LeakyReluAttrs& a) {
#define OAR_WHAT_ "leaky_relu attrs"
  OAR_FIELD_(alpha);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, HardSigmoidAttrs& a) {
#define OAR_WHAT_ "hard_sigmoid attrs"
  OAR_FIELD_(slope); OAR_FIELD_(offset);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, HardSwishAttrs& a) {
#define OAR_WHAT_ "hard_swish attrs"
  OAR_FIELD_(threshold); OAR_FIELD_(scale); OAR_FIELD_(offset);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, SwishAttrs& a) {
#define OAR_WHAT_ "swish attrs"
  OAR_FIELD_(beta);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, GeluAttrs& a) {
#define OAR_WHAT_ "gelu attrs"
  OAR_FIELD_(approximate);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, ClipAttrs& a) {
#define OAR_WHAT_ "clip attrs"
  OAR_FIELD_(min); OAR_FIELD_(max);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, ScaleAttrs& a) {
#define OAR_WHAT_ "scale attrs"
  OAR_FIELD_(scale); OAR_FIELD_(bias); OAR_FIELD_(bias_after_scale);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, ReduceAttrs& a) {
#define OAR_WHAT_ "reduce attrs"
  OAR_FIELD_(axes); OAR_FIELD_(keepdims); OAR_FIELD_(reduce_all);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, ArgMaxAttrs& a) {
#define OAR_WHAT_ "arg_max attrs"
  OAR_FIELD_(axis); OAR_FIELD_(keepdims); OAR_FIELD_(flatten); OAR_FIELD_(out_dtype);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, ReshapeAttrs& a) {
#define OAR_WHAT_ "reshape attrs"
  OAR_FIELD_(shape);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, FlattenAttrs& a) {
#define OAR_WHAT_ "flatten attrs"
  OAR_FIELD_(start_axis); OAR_FIELD_(stop_axis);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, TransposeAttrs& a) {
#define OAR_WHAT_ "transpose attrs"
  OAR_FIELD_(perm);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, AxesAttrs& a) {
#define OAR_WHAT_ "axes attrs"
  OAR_FIELD_(axes);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, AxisAttrs& a) {
#define OAR_WHAT_ "axis attrs"
  OAR_FIELD_(axis);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, SplitAttrs& a) {
#define OAR_WHAT_ "split attrs"
  OAR_FIELD_(axis); OAR_FIELD_(sections); OAR_FIELD_(num);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, SliceAttrs& a) {
#define OAR_WHAT_ "slice attrs"
  OAR_FIELD_(axes); OAR_FIELD_(starts); OAR_FIELD_(ends); OAR_FIELD_(steps); OAR_FIELD_(decrease_axes);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, CastAttrs& a) {
#define OAR_WHAT_ "cast attrs"
  OAR_FIELD_(to);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, FillAttrs& a) {
#define OAR_WHAT_ "fill attrs"
  OAR_FIELD_(shape); OAR_FIELD_(value); OAR_FIELD_(dtype);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, YoloBoxAttrs& a) {
#define OAR_WHAT_ "yolo_box attrs"
  OAR_FIELD_(anchors); OAR_FIELD_(class_num); OAR_FIELD_(conf_thresh); OAR_FIELD_(downsample_ratio);
  OAR_FIELD_(clip_bbox); OAR_FIELD_(scale_x_y); OAR_FIELD_(iou_aware); OAR_FIELD_(iou_aware_factor);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, MulticlassNmsAttrs& a) {
#define OAR_WHAT_ "multiclass_nms attrs"
  OAR_FIELD_(score_threshold); OAR_FIELD_(nms_top_k); OAR_FIELD_(keep_top_k); OAR_FIELD_(nms_threshold);
  OAR_FIELD_(normalized); OAR_FIELD_(nms_eta); OAR_FIELD_(background_label);
#undef OAR_WHAT_
  return Status::OK();
}
template <typename V> Status Fields(V& v, EngineAttrs& a) {
#define OAR_WHAT_ "engine attrs"
  OAR_FIELD_(backend); OAR_FIELD_(subgraph);
#undef OAR_WHAT_
  return Status::OK();
}
#undef OAR_FIELD_

Status FieldEncoder::operator()(FusedActivation& a, const char*) { return Fields(*this, a); }
Status FieldDecoder::operator()(FusedActivation& a, const char*) { return Fields(*this, a); }

// Decodes the struct of alternative I of Attrs when its tag matches.
template <size_t I = 0>
Status DecodeByTag(uint8_t tag, FieldDecoder& dec, Attrs* out, bool* found) {
  if constexpr (I < std::variant_size_v<Attrs>) {
    using T = std::variant_alternative_t<I, Attrs>;
    if (AttrTag<T>::kTag == tag) {
      *found = true;
      T value{};
      OAR_RETURN_IF_ERROR(Fields(dec, value));
      *out = std::move(value);
      return Status::OK();
    }
    return DecodeByTag<I + 1>(tag, dec, out, found);
  } else {
    return Status::OK();
  }
}

}  // namespace

uint8_t DTypeCode(DType dtype) {
  switch (dtype) {
    case DType::kUndefined: return 0;
    case DType::kFloat32: return 1;
    case DType::kFloat16: return 2;
    case DType::kBFloat16: return 3;
    case DType::kFloat64: return 4;
    case DType::kInt8: return 5;
    case DType::kUInt8: return 6;
    case DType::kInt16: return 7;
    case DType::kInt32: return 8;
    case DType::kInt64: return 9;
    case DType::kBool: return 10;
  }
  OAR_CHECK_MSG(false, "graph encode: dtype " + std::to_string(static_cast<int>(dtype)) + " has no code");
  return 0;
}

bool DTypeFromCode(uint8_t code, DType* out) {
  static constexpr DType kByCode[] = {DType::kUndefined, DType::kFloat32, DType::kFloat16, DType::kBFloat16,
                                      DType::kFloat64,   DType::kInt8,    DType::kUInt8,   DType::kInt16,
                                      DType::kInt32,     DType::kInt64,   DType::kBool};
  if (code >= std::size(kByCode)) return false;
  *out = kByCode[code];
  return true;
}

void EncodeAttrs(const Attrs& attrs, ByteWriter& out, const EncodeOptions& options) {
  FieldEncoder enc(out, options);
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        out.WriteU8(AttrTag<T>::kTag);
        // Fields() takes a mutable reference so that one function serves both directions; the
        // encoder only reads.
        Status s = Fields(enc, const_cast<T&>(a));
        OAR_CHECK(s.ok());
      },
      attrs);
}

Status DecodeAttrs(ByteReader& in, int depth, const std::string& where, Attrs* out) {
  size_t at = in.position();
  uint8_t tag;
  OAR_RETURN_IF_ERROR(in.ReadU8(&tag, "attribute tag"));
  FieldDecoder dec(in, depth, where);
  bool found = false;
  OAR_RETURN_IF_ERROR(DecodeByTag(tag, dec, out, &found));
  if (!found) {
    return in.Error(where + ": unknown attribute tag " + std::to_string(tag) + " at byte " + std::to_string(at));
  }
  return Status::OK();
}

}  // namespace oar::ir::serialize_internal
