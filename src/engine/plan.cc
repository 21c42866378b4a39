#include "engine/plan.h"

#include "core/version.h"
#include "engine/device_signature.h"
#include "ir/serialize.h"

namespace oar::engine {

namespace {

// Explicit codes: the stored byte never depends on the enum's numeric value.
uint8_t PrecisionCode(Precision p) {
  switch (p) {
    case Precision::kFp32: return 1;
    case Precision::kFp16: return 2;
    case Precision::kBf16: return 3;
    case Precision::kInt8: return 4;
  }
  return 0;
}

void WriteShape(ByteWriter& w, const Shape& s) {
  w.WriteVarU64(static_cast<uint64_t>(s.rank()));
  for (int64_t d : s.dims()) w.WriteVarI64(d);
}

Status ReadShape(ByteReader& r, Shape* out, const char* what) {
  uint64_t rank = 0;
  OAR_RETURN_IF_ERROR(r.ReadCount(&rank, 1, what));
  std::vector<int64_t> dims(rank);
  for (auto& d : dims) OAR_RETURN_IF_ERROR(r.ReadVarI64(&d, what));
  *out = Shape(std::move(dims));
  return Status::OK();
}

}  // namespace

std::string Plan::Serialize() const {
  const PlanData& d = *data_;
  ByteWriter w;
  w.WriteBytes(kPlanMagic, 4);
  w.WriteU32(d.format_version);
  w.WriteString(d.oar_version);
  w.WriteString(d.backend);
  w.WriteString(d.device_signature);
  w.WriteString(d.runner);
  w.WriteString(d.backend_blob);
  w.WriteU8(PrecisionCode(d.precision));
  w.WriteI64(d.workspace_size);
  w.WriteI32(d.max_batch_size);
  w.WriteBool(d.timing);
  w.WriteBool(d.cuda_graph);
  w.WriteVarU64(d.profile.ranges.size());
  for (const auto& [name, r] : d.profile.ranges) {
    w.WriteString(name);
    WriteShape(w, r.min);
    WriteShape(w, r.opt);
    WriteShape(w, r.max);
  }
  w.WriteVarU64(d.layers.size());
  for (const LayerChoice& l : d.layers) {
    w.WriteString(l.node);
    w.WriteString(l.tactic);
    w.WriteF64(l.ms);
  }
  const ir::Graph& g = *d.subgraph;
  w.WriteU64(d.arena.total_bytes);
  uint64_t n_arena = 0;
  for (int64_t off : d.arena.offsets) n_arena += off >= 0;
  w.WriteVarU64(n_arena);
  for (size_t v = 0; v < d.arena.offsets.size(); ++v) {
    if (d.arena.offsets[v] < 0) continue;
    w.WriteString(g.value(static_cast<ir::ValueId>(v)).name);
    w.WriteU64(static_cast<uint64_t>(d.arena.offsets[v]));
    w.WriteU64(d.arena.sizes[v]);
  }
  w.WriteF64(d.build_ms);
  ir::SerializeGraph(g, w);
  return w.Release();
}

StatusOr<Plan> Plan::Deserialize(const std::string& bytes) { return Deserialize(bytes, ""); }

StatusOr<Plan> Plan::Deserialize(const std::string& bytes, const std::string& expected_device_in) {
  ByteReader r(bytes, "engine plan decode");
  char magic[4];
  OAR_RETURN_IF_ERROR(r.ReadBytes(magic, 4, "magic"));
  if (std::string(magic, 4) != std::string(kPlanMagic, 4)) {
    return r.Error("not an oar engine plan (expected magic 'OARP')");
  }
  PlanData d;
  OAR_RETURN_IF_ERROR(r.ReadU32(&d.format_version, "plan format version"));
  if (d.format_version != kPlanFormatVersion) {
    return VersionMismatch("engine plan: plan format version " + std::to_string(d.format_version) +
                           " does not match this build's version " + std::to_string(kPlanFormatVersion));
  }
  OAR_RETURN_IF_ERROR(r.ReadString(&d.oar_version, "oar version"));
  if (d.oar_version != OAR_VERSION_STRING) {
    return VersionMismatch("engine plan: built by oar " + d.oar_version + ", this is oar " +
                           std::string(OAR_VERSION_STRING) + "; rebuild the plan");
  }
  OAR_RETURN_IF_ERROR(r.ReadString(&d.backend, "backend"));
  std::string expected_device = expected_device_in;
  if (expected_device.empty()) {
    OAR_ASSIGN_OR_RETURN(expected_device, DeviceSignatureFor(d.backend));
  }
  OAR_RETURN_IF_ERROR(r.ReadString(&d.device_signature, "device signature"));
  if (d.device_signature != expected_device) {
    return VersionMismatch("engine plan: built for device '" + d.device_signature + "', this device is '" +
                           expected_device + "'; rebuild the plan");
  }
  OAR_RETURN_IF_ERROR(r.ReadString(&d.runner, "runner"));
  OAR_RETURN_IF_ERROR(r.ReadString(&d.backend_blob, "backend blob"));
  uint8_t prec = 0;
  OAR_RETURN_IF_ERROR(r.ReadU8(&prec, "precision"));
  bool found = false;
  for (Precision p : {Precision::kFp32, Precision::kFp16, Precision::kBf16, Precision::kInt8}) {
    if (PrecisionCode(p) == prec) {
      d.precision = p;
      found = true;
    }
  }
  if (!found) return r.Error("unknown precision code " + std::to_string(prec));
  OAR_RETURN_IF_ERROR(r.ReadI64(&d.workspace_size, "workspace size"));
  int32_t mbs = 0;
  OAR_RETURN_IF_ERROR(r.ReadI32(&mbs, "max batch size"));
  d.max_batch_size = mbs;
  OAR_RETURN_IF_ERROR(r.ReadBool(&d.timing, "timing flag"));
  OAR_RETURN_IF_ERROR(r.ReadBool(&d.cuda_graph, "cuda graph flag"));
  uint64_t n = 0;
  OAR_RETURN_IF_ERROR(r.ReadCount(&n, 4, "profile ranges"));
  for (uint64_t i = 0; i < n; ++i) {
    std::string name;
    Shape mn, op, mx;
    OAR_RETURN_IF_ERROR(r.ReadString(&name, "profile input name"));
    OAR_RETURN_IF_ERROR(ReadShape(r, &mn, "profile min shape"));
    OAR_RETURN_IF_ERROR(ReadShape(r, &op, "profile opt shape"));
    OAR_RETURN_IF_ERROR(ReadShape(r, &mx, "profile max shape"));
    Status s = d.profile.Add(name, mn, op, mx);
    if (!s.ok()) return r.Error(s.message());
  }
  OAR_RETURN_IF_ERROR(r.ReadCount(&n, 10, "layers"));
  d.layers.resize(n);
  for (LayerChoice& l : d.layers) {
    OAR_RETURN_IF_ERROR(r.ReadString(&l.node, "layer node name"));
    OAR_RETURN_IF_ERROR(r.ReadString(&l.tactic, "layer tactic"));
    OAR_RETURN_IF_ERROR(r.ReadF64(&l.ms, "layer time"));
  }
  uint64_t total = 0;
  OAR_RETURN_IF_ERROR(r.ReadU64(&total, "arena bytes"));
  OAR_RETURN_IF_ERROR(r.ReadCount(&n, 17, "arena values"));
  struct Slot {
    std::string name;
    uint64_t offset, size;
  };
  std::vector<Slot> slots(n);
  for (Slot& s : slots) {
    OAR_RETURN_IF_ERROR(r.ReadString(&s.name, "arena value name"));
    OAR_RETURN_IF_ERROR(r.ReadU64(&s.offset, "arena offset"));
    OAR_RETURN_IF_ERROR(r.ReadU64(&s.size, "arena size"));
    if (s.offset + s.size > total || s.offset + s.size < s.offset) {
      return r.Error("arena value '" + s.name + "' lies outside the arena of " + std::to_string(total) + " bytes");
    }
  }
  OAR_RETURN_IF_ERROR(r.ReadF64(&d.build_ms, "build time"));
  OAR_ASSIGN_OR_RETURN(ir::Graph g, ir::DeserializeGraph(r));
  if (!r.AtEnd()) return r.Error(std::to_string(r.remaining()) + " trailing bytes after the subgraph");
  d.arena.total_bytes = total;
  d.arena.offsets.assign(static_cast<size_t>(g.num_values()), -1);
  d.arena.sizes.assign(static_cast<size_t>(g.num_values()), 0);
  for (const Slot& s : slots) {
    ir::ValueId v = g.FindValue(s.name);
    if (v == ir::kNoValue) return r.Error("arena value '" + s.name + "' is not a value of the subgraph");
    d.arena.offsets[static_cast<size_t>(v)] = static_cast<int64_t>(s.offset);
    d.arena.sizes[static_cast<size_t>(v)] = s.size;
  }
  for (const LayerChoice& l : d.layers) {
    bool known = false;
    for (ir::NodeId id : g.LiveNodes()) known |= g.node(id).name == l.node;
    if (!known) return r.Error("layer '" + l.node + "' is not a node of the subgraph");
  }
  d.subgraph = std::make_shared<const ir::Graph>(std::move(g));
  return Plan(std::move(d));
}

}  // namespace oar::engine
