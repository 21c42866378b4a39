#include "ir/serialize.h"

#include <cstring>
#include <limits>
#include <unordered_set>

#include "ir/serialize_internal.h"
#include "ir/verifier.h"

// Constant bytes are stored as the host holds them; the format is little-endian.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the graph format stores tensor bytes little-endian");

namespace oar::ir {
namespace serialize_internal {
namespace {

void EncodeShape(const Shape& shape, ByteWriter& out) {
  out.WriteVarU64(static_cast<uint64_t>(shape.rank()));
  for (int64_t d : shape.dims()) out.WriteVarI64(d);
}

void EncodeIds(const std::vector<int32_t>& ids, ByteWriter& out) {
  out.WriteVarU64(ids.size());
  for (int32_t id : ids) out.WriteVarI64(id);
}

Status DecodeDType(ByteReader& in, const char* what, DType* out) {
  size_t at = in.position();
  uint8_t code;
  OAR_RETURN_IF_ERROR(in.ReadU8(&code, what));
  if (!DTypeFromCode(code, out)) {
    return in.Error("unknown dtype code " + std::to_string(code) + " at byte " + std::to_string(at) + " in " + what);
  }
  return Status::OK();
}

// min_dim: -1 for value shapes (unknown dims allowed), 0 for constant tensors.
Status DecodeShape(ByteReader& in, const char* what, int64_t min_dim, Shape* out) {
  uint64_t rank;
  OAR_RETURN_IF_ERROR(in.ReadCount(&rank, 1, what));
  std::vector<int64_t> dims(static_cast<size_t>(rank));
  for (int64_t& d : dims) {
    size_t at = in.position();
    OAR_RETURN_IF_ERROR(in.ReadVarI64(&d, what));
    if (d < min_dim) {
      return in.Error("bad dim " + std::to_string(d) + " at byte " + std::to_string(at) + " in " + what);
    }
  }
  *out = Shape(std::move(dims));
  return Status::OK();
}

// An id in [lo, hi) (lo = -1 admits kNoValue / kNoNode).
Status DecodeId(ByteReader& in, const char* what, int64_t lo, int64_t hi, int32_t* out) {
  size_t at = in.position();
  int64_t id;
  OAR_RETURN_IF_ERROR(in.ReadVarI64(&id, what));
  if (id < lo || id >= hi) {
    return in.Error(std::string(what) + " " + std::to_string(id) + " at byte " + std::to_string(at) +
                    " out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + ")");
  }
  *out = static_cast<int32_t>(id);
  return Status::OK();
}

Status DecodeIds(ByteReader& in, const char* what, int64_t lo, int64_t hi, std::vector<int32_t>* out) {
  uint64_t n;
  OAR_RETURN_IF_ERROR(in.ReadCount(&n, 1, what));
  out->assign(static_cast<size_t>(n), 0);
  for (int32_t& id : *out) OAR_RETURN_IF_ERROR(DecodeId(in, what, lo, hi, &id));
  return Status::OK();
}

Status DecodeConstant(ByteReader& in, const std::string& where, std::shared_ptr<const Tensor>* out) {
  DType dtype;
  OAR_RETURN_IF_ERROR(DecodeDType(in, "constant dtype", &dtype));
  if (dtype == DType::kUndefined) return in.Error(where + ": constant with undefined dtype");
  Shape shape;
  OAR_RETURN_IF_ERROR(DecodeShape(in, "constant shape", 0, &shape));
  uint64_t nbytes;
  OAR_RETURN_IF_ERROR(in.ReadCount(&nbytes, 1, "constant byte count"));
  // Element count with overflow checks: nbytes already fits the input, so a consistent shape does too.
  uint64_t expected = DTypeSize(dtype);
  for (int64_t d : shape.dims()) {
    uint64_t ud = static_cast<uint64_t>(d);
    if (ud != 0 && expected > std::numeric_limits<uint64_t>::max() / ud) {
      expected = std::numeric_limits<uint64_t>::max();
      break;
    }
    expected *= ud;
  }
  if (expected != nbytes) {
    return in.Error(where + ": constant " + std::string(DTypeName(dtype)) + shape.ToString() + " needs " +
                    (expected == std::numeric_limits<uint64_t>::max() ? std::string("more than 2^64") :
                                                                        std::to_string(expected)) +
                    " bytes, the file stores " + std::to_string(nbytes));
  }
  Tensor t(dtype, shape);
  OAR_RETURN_IF_ERROR(in.ReadBytes(t.raw_data(), static_cast<size_t>(nbytes), "constant bytes"));
  *out = std::make_shared<const Tensor>(std::move(t));
  return Status::OK();
}

}  // namespace

void EncodeGraphBody(const Graph& graph, ByteWriter& out, const EncodeOptions& options) {
  out.WriteVarU64(static_cast<uint64_t>(graph.num_values()));
  for (ValueId id = 0; id < graph.num_values(); ++id) {
    const Value& v = graph.value(id);
    if (options.names) out.WriteString(v.name);
    out.WriteU8(DTypeCode(v.dtype));
    EncodeShape(v.shape, out);
    out.WriteVarI64(v.producer);
    out.WriteBool(v.is_constant());
    if (v.is_constant()) {
      const Tensor& t = *v.constant;
      out.WriteU8(DTypeCode(t.dtype()));
      EncodeShape(t.shape(), out);
      out.WriteVarU64(t.nbytes());
      out.WriteBytes(t.raw_data(), t.nbytes());
    }
  }
  out.WriteVarU64(static_cast<uint64_t>(graph.num_nodes()));
  for (NodeId id = 0; id < graph.num_nodes(); ++id) {
    const Node& n = graph.node(id);
    if (options.names) out.WriteString(n.name);
    out.WriteString(OpKindName(n.kind));
    out.WriteBool(n.removed);
    EncodeIds(n.inputs, out);
    EncodeIds(n.outputs, out);
    EncodeAttrs(n.attrs, out, options);
  }
  EncodeIds(graph.inputs(), out);
  EncodeIds(graph.outputs(), out);
}

StatusOr<Graph> DecodeGraphBody(ByteReader& in, int depth) {
  Graph g;
  // Smallest value: empty name, dtype, rank, producer, has_constant = 5 bytes.
  uint64_t num_values;
  OAR_RETURN_IF_ERROR(in.ReadCount(&num_values, 5, "value count"));
  if (num_values > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
    return in.Error("value count " + std::to_string(num_values) + " exceeds the id range");
  }
  std::vector<int32_t> producers(static_cast<size_t>(num_values), kNoNode);
  std::unordered_set<std::string> names;
  for (uint64_t i = 0; i < num_values; ++i) {
    std::string where = "value #" + std::to_string(i);
    std::string name;
    OAR_RETURN_IF_ERROR(in.ReadString(&name, "value name"));
    if (!names.insert(name).second) return in.Error(where + ": duplicate value name '" + name + "'");
    where += " '" + name + "'";
    DType dtype;
    OAR_RETURN_IF_ERROR(DecodeDType(in, "value dtype", &dtype));
    Shape shape;
    OAR_RETURN_IF_ERROR(DecodeShape(in, "value shape", kUnknownDim, &shape));
    // Node ids are checked once the node count is known.
    int64_t producer;
    OAR_RETURN_IF_ERROR(in.ReadVarI64(&producer, "value producer"));
    if (producer < kNoNode || producer > std::numeric_limits<int32_t>::max()) {
      return in.Error(where + ": producer id " + std::to_string(producer) + " out of range");
    }
    producers[static_cast<size_t>(i)] = static_cast<int32_t>(producer);
    bool has_constant;
    OAR_RETURN_IF_ERROR(in.ReadBool(&has_constant, "value constant flag"));
    ValueId id = g.AddValue(name, dtype, std::move(shape));
    if (has_constant) OAR_RETURN_IF_ERROR(DecodeConstant(in, where, &g.mutable_value(id).constant));
  }

  // Smallest node: name, kind, removed, #inputs, #outputs, attr tag = 6 bytes.
  uint64_t num_nodes;
  OAR_RETURN_IF_ERROR(in.ReadCount(&num_nodes, 6, "node count"));
  for (uint64_t i = 0; i < num_nodes; ++i) {
    std::string where = "node #" + std::to_string(i);
    std::string name, kind_name;
    OAR_RETURN_IF_ERROR(in.ReadString(&name, "node name"));
    where += " '" + name + "'";
    size_t kind_at = in.position();
    OAR_RETURN_IF_ERROR(in.ReadString(&kind_name, "op kind"));
    OpKind kind;
    if (!ParseOpKind(kind_name, &kind) || kind == OpKind::kNumKinds) {
      return in.Error(where + ": unknown op kind '" + kind_name + "' at byte " + std::to_string(kind_at));
    }
    bool removed;
    OAR_RETURN_IF_ERROR(in.ReadBool(&removed, "node removed flag"));
    std::vector<ValueId> inputs, outputs;
    OAR_RETURN_IF_ERROR(DecodeIds(in, "node input id", kNoValue, g.num_values(), &inputs));
    OAR_RETURN_IF_ERROR(DecodeIds(in, "node output id", 0, g.num_values(), &outputs));
    for (size_t a = 0; a < outputs.size(); ++a) {
      for (size_t b = a + 1; b < outputs.size(); ++b) {
        if (outputs[a] == outputs[b]) {
          return in.Error(where + ": lists output '" + g.value(outputs[a]).name + "' twice");
        }
      }
    }
    Attrs attrs;
    OAR_RETURN_IF_ERROR(DecodeAttrs(in, depth, where, &attrs));
    // Producers are restored from the file below; clear them so AddNode's invariant holds even
    // when a removed node and a live one list the same output.
    for (ValueId v : outputs) g.mutable_value(v).producer = kNoNode;
    NodeId id = g.AddNode(name, kind, std::move(inputs), std::move(outputs), std::move(attrs));
    g.mutable_node(id).removed = removed;
  }
  for (ValueId v = 0; v < g.num_values(); ++v) {
    int32_t p = producers[static_cast<size_t>(v)];
    if (p >= g.num_nodes()) {
      return in.Error("value #" + std::to_string(v) + " '" + g.value(v).name + "': producer node " +
                      std::to_string(p) + " out of range (" + std::to_string(g.num_nodes()) + " nodes)");
    }
    g.mutable_value(v).producer = p;
  }
  OAR_RETURN_IF_ERROR(DecodeIds(in, "graph input id", 0, g.num_values(), &g.mutable_inputs()));
  OAR_RETURN_IF_ERROR(DecodeIds(in, "graph output id", 0, g.num_values(), &g.mutable_outputs()));
  Status verified = VerifyGraph(g);
  if (!verified.ok()) {
    return in.Error("decoded " + std::string(depth ? "engine subgraph" : "graph") +
                    " fails verification: " + verified.message());
  }
  return g;
}

}  // namespace serialize_internal

void SerializeGraph(const Graph& graph, ByteWriter& out) {
  out.WriteBytes(kGraphMagic, sizeof(kGraphMagic));
  out.WriteU32(kGraphFormatVersion);
  serialize_internal::EncodeGraphBody(graph, out, serialize_internal::EncodeOptions{});
}

std::string SerializeGraph(const Graph& graph) {
  ByteWriter out;
  SerializeGraph(graph, out);
  return out.Release();
}

StatusOr<Graph> DeserializeGraph(ByteReader& in) {
  char magic[sizeof(kGraphMagic)];
  OAR_RETURN_IF_ERROR(in.ReadBytes(magic, sizeof(magic), "magic"));
  if (std::memcmp(magic, kGraphMagic, sizeof(magic)) != 0) {
    return in.Error("bad magic (expected \"OARG\"): not an oar graph");
  }
  uint32_t version;
  OAR_RETURN_IF_ERROR(in.ReadU32(&version, "format version"));
  if (version != kGraphFormatVersion) {
    return VersionMismatch(in.context() + ": graph format version " + std::to_string(version) +
                           " is not supported by this build (which reads and writes version " +
                           std::to_string(kGraphFormatVersion) + ")");
  }
  return serialize_internal::DecodeGraphBody(in, 0);
}

StatusOr<Graph> DeserializeGraph(const std::string& bytes) {
  ByteReader in(bytes, "graph decode");
  OAR_ASSIGN_OR_RETURN(Graph g, DeserializeGraph(in));
  if (!in.AtEnd()) {
    return in.Error(std::to_string(in.remaining()) + " trailing bytes after the graph (at byte " +
                    std::to_string(in.position()) + ")");
  }
  return g;
}

namespace {

// Two independent 64-bit lanes: FNV-1a over bytes, and a multiply-rotate hash over 8-byte
// little-endian words; both finished with the splitmix64 avalanche and the total length.
class Fingerprinter {
 public:
  void Update(const char* data, size_t size) {
    const auto* p = reinterpret_cast<const unsigned char*>(data);
    total_ += size;
    for (size_t i = 0; i < size; ++i) {
      a_ = (a_ ^ p[i]) * 0x100000001b3ULL;
      tail_ |= static_cast<uint64_t>(p[i]) << (8 * tail_n_);
      if (++tail_n_ == 8) {
        MixWord(tail_);
        tail_ = 0;
        tail_n_ = 0;
      }
    }
  }

  std::string HexDigest() {
    MixWord(tail_ ^ (static_cast<uint64_t>(tail_n_) << 56));
    uint64_t hi = Avalanche(a_ ^ total_);
    uint64_t lo = Avalanche(b_ ^ (total_ * 0x9e3779b97f4a7c15ULL));
    static const char kHex[] = "0123456789abcdef";
    std::string out(32, '0');
    for (int i = 0; i < 16; ++i) {
      out[static_cast<size_t>(i)] = kHex[(hi >> (60 - 4 * i)) & 0xf];
      out[static_cast<size_t>(16 + i)] = kHex[(lo >> (60 - 4 * i)) & 0xf];
    }
    return out;
  }

 private:
  static uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
  static uint64_t Avalanche(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
  }
  void MixWord(uint64_t w) {
    w *= 0x87c37b91114253d5ULL;
    w = Rotl(w, 31);
    w *= 0x4cf5ad432745937fULL;
    b_ ^= w;
    b_ = Rotl(b_, 27) * 5 + 0x52dce729;
  }

  uint64_t a_ = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
  uint64_t b_ = 0x243f6a8885a308d3ULL;  // pi digits: any constant unrelated to lane a
  uint64_t tail_ = 0;
  int tail_n_ = 0;
  uint64_t total_ = 0;
};

}  // namespace

std::string GraphFingerprint(const Graph& graph) {
  Fingerprinter fp;
  ByteWriter out([&fp](const char* data, size_t size) { fp.Update(data, size); });
  out.WriteBytes(kGraphMagic, sizeof(kGraphMagic));
  out.WriteU32(kGraphFormatVersion);
  serialize_internal::EncodeOptions options;
  options.names = false;
  serialize_internal::EncodeGraphBody(graph, out, options);
  out.Flush();
  return fp.HexDigest();
}

}  // namespace oar::ir
