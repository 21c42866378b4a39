#include "engine/cpu/onednn_net_builder.h"

#ifdef OAR_WITH_ONEDNN

#include <oneapi/dnnl/dnnl_debug.h>

#include <algorithm>

#include "kernels/cpu/onednn/onednn_common.h"

namespace oar::engine::cpu::onednn_net {

namespace {

using kernels::cpu::onednn::CpuEngine;
using kernels::cpu::onednn::UserScratchpadAttr;

DType FromDnnl(memory::data_type dt) {
  switch (dt) {
    case memory::data_type::f32:
      return DType::kFloat32;
    case memory::data_type::bf16:
      return DType::kBFloat16;
    case memory::data_type::f16:
      return DType::kFloat16;
    case memory::data_type::s32:
      return DType::kInt32;
    case memory::data_type::s8:
      return DType::kInt8;
    case memory::data_type::u8:
      return DType::kUInt8;
    default:
      return DType::kUndefined;
  }
}

// Consumers that read f32 whatever the network's precision (softmax, and the kinds without a
// oneDNN layer, which run as registry kernels on f32): they gain nothing from a bf16 input.
bool ReadsF32Only(ir::OpKind kind) {
  switch (kind) {
    case ir::OpKind::kSoftmax:
    case ir::OpKind::kLayerNorm:
    case ir::OpKind::kTranspose:
    case ir::OpKind::kResize:
    case ir::OpKind::kPad:
    case ir::OpKind::kReduceMean:
    case ir::OpKind::kReduceSum:
    case ir::OpKind::kReduceMax:
    case ir::OpKind::kSplit:
    case ir::OpKind::kSlice:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool DnnlType(DType t, memory::data_type* out) {
  switch (t) {
    case DType::kFloat32:
      *out = memory::data_type::f32;
      return true;
    case DType::kBFloat16:
      *out = memory::data_type::bf16;
      return true;
    case DType::kFloat16:
      *out = memory::data_type::f16;
      return true;
    case DType::kInt32:
      *out = memory::data_type::s32;
      return true;
    case DType::kInt8:
      *out = memory::data_type::s8;
      return true;
    case DType::kUInt8:
      *out = memory::data_type::u8;
      return true;
    default:
      return false;
  }
}

memory::dims DimsOf(const Shape& shape) {
  if (shape.rank() == 0) return {1};
  return memory::dims(shape.dims().begin(), shape.dims().end());
}

memory::desc PlainDesc(const Shape& shape, memory::data_type dt) {
  const memory::dims dims = DimsOf(shape);
  return memory::desc(dims, dt, kernels::cpu::onednn::DenseStrides(dims));
}

memory::desc WithDataType(const memory::desc& md, memory::data_type dt) {
  dnnl_memory_desc_t d = md.data;
  d.data_type = static_cast<dnnl_data_type_t>(dt);
  return memory::desc(d);
}

std::string DescribeDesc(const memory::desc& md) {
  const dnnl_memory_desc_t& d = md.data;
  std::string s = dnnl_dt2str(d.data_type);
  if (d.format_kind != dnnl_blocked) return s + " (opaque layout)";
  // Outer dims ordered by decreasing stride, as letters (a = dim 0), then the inner blocks.
  const dnnl_blocking_desc_t& b = d.format_desc.blocking;
  std::vector<int> order(static_cast<size_t>(d.ndims));
  for (int i = 0; i < d.ndims; ++i) order[static_cast<size_t>(i)] = i;
  std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return b.strides[x] > b.strides[y]; });
  s += " ";
  for (int i : order) s += static_cast<char>('a' + i);
  for (int i = 0; i < b.inner_nblks; ++i)
    s += std::to_string(b.inner_blks[i]) + static_cast<char>('a' + b.inner_idxs[i]);
  return s;
}

std::shared_ptr<oar::Buffer> PackedConstants::Find(const void* data, const memory::desc& from,
                                                   const memory::desc& to) const {
  for (const Entry& e : entries_) {
    if (e.data == data && e.from == from && e.to == to) return e.buffer;
  }
  return nullptr;
}

void PackedConstants::Add(const void* data, const memory::desc& from, const memory::desc& to,
                          std::shared_ptr<oar::Buffer> buffer, std::shared_ptr<const Tensor> source) {
  if (Find(data, from, to)) return;
  entries_.push_back(Entry{data, from, to, std::move(buffer), std::move(source)});
}

size_t PackedConstants::bytes() const {
  size_t n = 0;
  for (const Entry& e : entries_) n += e.buffer->size();
  return n;
}

NetBuilder::NetBuilder(const ir::Graph& graph, Precision precision, std::vector<Shape> shapes,
                       std::vector<DType> dtypes, const std::vector<ir::NodeId>& order, PackedConstants* packed)
    : graph_(graph),
      precision_(precision),
      compute_type_(precision == Precision::kBf16 ? memory::data_type::bf16 : memory::data_type::f32),
      shapes_(std::move(shapes)),
      dtypes_(std::move(dtypes)),
      packed_(packed) {
  const size_t nv = static_cast<size_t>(graph.num_values());
  uses_left_.assign(nv, 0);
  consumers_.resize(nv);
  is_output_.assign(nv, 0);
  where_.resize(nv);
  how_.resize(static_cast<size_t>(graph.num_nodes()));
  for (ir::NodeId id : order) {
    for (ir::ValueId v : graph.node(id).inputs) {
      if (v == ir::kNoValue) continue;
      ++uses_left_[static_cast<size_t>(v)];
      consumers_[static_cast<size_t>(v)].push_back(id);
    }
  }
  for (ir::ValueId v : graph.outputs()) {
    ++uses_left_[static_cast<size_t>(v)];
    is_output_[static_cast<size_t>(v)] = 1;
  }
  for (size_t i = 0; i < graph.inputs().size(); ++i) {
    const ir::ValueId v = graph.inputs()[i];
    Placement& p = where_[static_cast<size_t>(v)];
    if (p.valid()) continue;  // the same value listed twice as an input
    p.storage = NewStorage(StorageKind::kInput, 0);
    storages_[static_cast<size_t>(p.storage)].slot = static_cast<int>(i);
    storages_[static_cast<size_t>(p.storage)].pending = uses_left_[static_cast<size_t>(v)];
    memory::data_type dt;
    if (DnnlType(dtype(v), &dt)) p.md = PlainDesc(shape(v), dt);
    p.dtype = dtype(v);
    p.shape = shape(v);
  }
  output_storage_.assign(graph.outputs().size(), -1);
}

void NetBuilder::CommitPacked() {
  if (!packed_) return;
  for (NewPacked& p : new_packed_) packed_->Add(p.data, p.from, p.to, std::move(p.buffer), std::move(p.source));
  new_packed_.clear();
}

memory::data_type NetBuilder::OutputType(ir::ValueId v) const {
  if (compute_type_ == memory::data_type::f32) return memory::data_type::f32;
  for (ir::NodeId c : consumers_[static_cast<size_t>(v)]) {
    if (!ReadsF32Only(graph_.node(c).kind)) return compute_type_;
  }
  return memory::data_type::f32;
}

int NetBuilder::NewStorage(StorageKind kind, size_t bytes) {
  Storage s;
  s.kind = kind;
  s.bytes = bytes;
  if (kind == StorageKind::kOwned) {
    s.owned = AllocateBuffer(bytes);
    s.ptr = static_cast<char*>(s.owned->data());
  }
  storages_.push_back(std::move(s));
  return static_cast<int>(storages_.size()) - 1;
}

void NetBuilder::BeginNode(ir::NodeId id) {
  current_ = id;
  for (ir::ValueId v : graph_.node(id).inputs) {
    if (v == ir::kNoValue) continue;
    --uses_left_[static_cast<size_t>(v)];
    const Placement& p = where_[static_cast<size_t>(v)];
    if (p.valid()) --storages_[static_cast<size_t>(p.storage)].pending;
  }
}

const Placement& NetBuilder::Where(ir::ValueId v) {
  Placement& p = where_[static_cast<size_t>(v)];
  if (!p.valid() && is_constant(v)) {
    p.storage = NewStorage(StorageKind::kConstant, 0);
    Storage& s = storages_[static_cast<size_t>(p.storage)];
    s.constant = graph_.value(v).constant;
    s.bytes = s.constant->nbytes();
    s.ptr = static_cast<char*>(const_cast<void*>(s.constant->raw_data()));
    memory::data_type dt;
    if (DnnlType(dtype(v), &dt)) p.md = PlainDesc(shape(v), dt);
    p.dtype = dtype(v);
    p.shape = shape(v);
  }
  OAR_CHECK_MSG(p.valid(), "onednn network: value '" + graph_.value(v).name + "' read before it is defined");
  return p;
}

StatusOr<Placement> NetBuilder::Convert(const Placement& from, const memory::desc& target, bool constant) {
  Placement to;
  to.md = target;
  to.dtype = FromDnnl(target.data_type());
  to.shape = Shape(target.dims());
  // A graph constant packed by an earlier network of the same owner: shared, not packed again.
  const Storage& source = storages_[static_cast<size_t>(from.storage)];
  const bool shareable = constant && packed_ && source.kind == StorageKind::kConstant;
  if (shareable) {
    if (std::shared_ptr<oar::Buffer> buffer = packed_->Find(source.ptr, from.md, target)) {
      Storage s;
      s.kind = StorageKind::kOwned;
      s.bytes = buffer->size();
      s.ptr = static_cast<char*>(buffer->data());
      s.owned = std::move(buffer);
      s.conversion = true;
      storages_.push_back(std::move(s));
      to.storage = static_cast<int>(storages_.size()) - 1;
      return to;
    }
  }
  to.storage = NewStorage(constant ? StorageKind::kOwned : StorageKind::kArena, target.get_size());
  storages_[static_cast<size_t>(to.storage)].conversion = true;
  if (!constant) {
    OAR_RETURN_IF_ERROR(AddReorder(from, to));
    return to;
  }
  if (shareable) {
    const Storage& packed = storages_[static_cast<size_t>(to.storage)];
    const Storage& src = storages_[static_cast<size_t>(from.storage)];
    new_packed_.push_back(NewPacked{src.ptr, from.md, target, packed.owned, src.constant});
  }
  // Constants are converted once, when the network is finalized.
  dnnl::reorder::primitive_desc pd(CpuEngine(), from.md, CpuEngine(), target, UserScratchpadAttr());
  StepDef step;
  step.node = current_;
  step.what = "constant reorder";
  step.primitive = dnnl::reorder(pd);
  step.args = {StepArg{DNNL_ARG_FROM, from}, StepArg{DNNL_ARG_TO, to}};
  step.scratchpad = pd.scratchpad_desc().get_size() > 0;
  scratchpad_bytes_ = std::max(scratchpad_bytes_, pd.scratchpad_desc().get_size());
  init_steps_.push_back(std::move(step));
  return to;
}

StatusOr<Placement> NetBuilder::CachedConvert(ir::ValueId v, const Placement& from, const memory::desc& target) {
  for (const Converted& c : converted_) {
    if (c.value == v && c.from == from.md && c.to == target) return c.at;
  }
  OAR_ASSIGN_OR_RETURN(Placement at, Convert(from, target, is_constant(v)));
  if (DimsOf(shape(v)) == target.dims()) at.shape = shape(v);  // keeps rank 0 as rank 0
  converted_.push_back(Converted{v, from.md, target, at});
  return at;
}

StatusOr<Placement> NetBuilder::Require(ir::ValueId v, const memory::desc& target) {
  const Placement cur = Where(v);
  if (cur.md == target) return cur;
  if (cur.md.data.ndims == 0) {
    return Internal("onednn network: value '" + graph_.value(v).name + "' (" + DTypeName(cur.dtype) +
                    ") has no oneDNN data type");
  }
  return CachedConvert(v, cur, target);
}

StatusOr<Placement> NetBuilder::RequirePlain(ir::ValueId v, memory::data_type dt) {
  return Require(v, PlainDesc(shape(v), dt));
}

StatusOr<Placement> NetBuilder::RequireView(ir::ValueId v, memory::data_type dt, const memory::desc& view,
                                            const memory::desc& target) {
  OAR_ASSIGN_OR_RETURN(Placement plain, RequirePlain(v, dt));
  Placement viewed = plain;
  viewed.md = view;
  viewed.shape = Shape(view.dims());
  if (view == target) return viewed;
  return CachedConvert(v, viewed, target);
}

Placement NetBuilder::DefineNew(ir::ValueId v, const memory::desc& md) {
  Placement p;
  p.md = md;
  p.dtype = FromDnnl(md.data_type());
  p.shape = shape(v);
  const bool plain_f32 = md == PlainDesc(shape(v), memory::data_type::f32) && dtype(v) == DType::kFloat32;
  p.storage = -1;
  if (is_output_[static_cast<size_t>(v)] && plain_f32) {
    for (size_t o = 0; o < graph_.outputs().size(); ++o) {
      if (graph_.outputs()[o] == v && output_storage_[o] < 0) {
        p.storage = OutputStorage(o);
        break;
      }
    }
  }
  if (p.storage < 0) p.storage = NewStorage(StorageKind::kArena, md.get_size());
  storages_[static_cast<size_t>(p.storage)].pending += uses_left_[static_cast<size_t>(v)];
  where_[static_cast<size_t>(v)] = p;
  return p;
}

Placement NetBuilder::DefineNewOpaque(ir::ValueId v) {
  Placement p;
  p.dtype = dtype(v);
  p.shape = shape(v);
  p.storage = -1;
  if (is_output_[static_cast<size_t>(v)]) {
    for (size_t o = 0; o < graph_.outputs().size(); ++o) {
      if (graph_.outputs()[o] == v && output_storage_[o] < 0) {
        p.storage = OutputStorage(o);
        break;
      }
    }
  }
  if (p.storage < 0) {
    p.storage = NewStorage(StorageKind::kArena, static_cast<size_t>(shape(v).NumElements()) * DTypeSize(dtype(v)));
  }
  storages_[static_cast<size_t>(p.storage)].pending += uses_left_[static_cast<size_t>(v)];
  where_[static_cast<size_t>(v)] = p;
  return p;
}

int NetBuilder::OutputStorage(size_t o) {
  if (output_storage_[o] < 0) {
    output_storage_[o] = NewStorage(StorageKind::kOutput, 0);
    storages_[static_cast<size_t>(output_storage_[o])].slot = static_cast<int>(o);
  }
  return output_storage_[o];
}

void NetBuilder::DefineAt(ir::ValueId v, const Placement& at) {
  Placement p = at;
  p.shape = shape(v);
  storages_[static_cast<size_t>(p.storage)].pending += uses_left_[static_cast<size_t>(v)];
  where_[static_cast<size_t>(v)] = p;
}

bool NetBuilder::CanOverwrite(const Placement& p, const std::vector<Placement>& other_reads) const {
  const Storage& s = storages_[static_cast<size_t>(p.storage)];
  if (s.kind != StorageKind::kArena || s.conversion || s.pending > 0) return false;
  for (const Placement& o : other_reads) {
    if (o.valid() && o.storage == p.storage) return false;
  }
  return true;
}

void NetBuilder::Touch(const Placement& p, int step) {
  Storage& s = storages_[static_cast<size_t>(p.storage)];
  s.first = std::min(s.first, step);
  s.last = std::max(s.last, step);
}

Status NetBuilder::AddReorder(const Placement& from, const Placement& to) {
  dnnl::reorder::primitive_desc pd(CpuEngine(), from.md, CpuEngine(), to.md, UserScratchpadAttr());
  AddPrimitive(pd, dnnl::reorder(pd), {StepArg{DNNL_ARG_FROM, from}, StepArg{DNNL_ARG_TO, to}}, "reorder");
  return Status::OK();
}

void NetBuilder::AddPrimitive(const dnnl::primitive_desc_base& pd, dnnl::primitive primitive, std::vector<StepArg> args,
                              const char* what) {
  StepDef step;
  step.kind = StepKind::kPrimitive;
  step.node = current_;
  step.what = what;
  step.primitive = std::move(primitive);
  step.args = std::move(args);
  const size_t scratch = pd.scratchpad_desc().get_size();
  step.scratchpad = scratch > 0;
  scratchpad_bytes_ = std::max(scratchpad_bytes_, scratch);
  const int index = static_cast<int>(steps_.size());
  for (const StepArg& a : step.args) Touch(a.at, index);
  steps_.push_back(std::move(step));
}

int NetBuilder::AddTensor(const Placement& p) {
  tensors_.push_back(p);
  return static_cast<int>(tensors_.size()) - 1;
}

Status NetBuilder::AddFallback(const runtime::KernelDef& def) {
  const ir::Node& node = graph_.node(current_);
  StepDef step;
  step.kind = StepKind::kFallback;
  step.node = current_;
  step.what = def.name + " kernel";
  step.kernel = std::shared_ptr<runtime::Kernel>(def.factory());
  std::vector<Placement> touched;
  for (ir::ValueId v : node.inputs) {
    if (v == ir::kNoValue) {
      step.in_tensors.push_back(-1);
      continue;
    }
    Placement p = Where(v);
    if (!is_constant(v) && dtype(v) == DType::kFloat32) {
      OAR_ASSIGN_OR_RETURN(p, RequirePlain(v, memory::data_type::f32));
    }
    step.in_tensors.push_back(AddTensor(p));
    touched.push_back(p);
  }
  for (ir::ValueId v : node.outputs) {
    memory::data_type dt;
    Placement p = DnnlType(dtype(v), &dt) ? DefineNew(v, PlainDesc(shape(v), dt)) : DefineNewOpaque(v);
    step.out_tensors.push_back(AddTensor(p));
    touched.push_back(p);
  }
  const int index = static_cast<int>(steps_.size());
  for (const Placement& p : touched) Touch(p, index);
  steps_.push_back(std::move(step));
  return Status::OK();
}

void NetBuilder::AddActivation(const ir::FusedActivation& act, const Placement& target) {
  StepDef step;
  step.kind = StepKind::kActivation;
  step.node = current_;
  step.what = "activation loop";
  step.act = act;
  step.target = target;
  Touch(target, static_cast<int>(steps_.size()));
  steps_.push_back(std::move(step));
}

Status NetBuilder::BindOutputs() {
  for (size_t o = 0; o < graph_.outputs().size(); ++o) {
    const ir::ValueId v = graph_.outputs()[o];
    const Placement from = Where(v);
    if (from.storage == output_storage_[o]) continue;  // computed straight into the caller's tensor
    current_ = graph_.value(v).producer;
    Placement to;
    to.storage = OutputStorage(o);
    to.dtype = dtype(v);
    to.shape = shape(v);
    memory::data_type dt;
    const bool dnnl_type = DnnlType(dtype(v), &dt) && from.md.data.ndims > 0;
    if (dnnl_type) {
      to.md = PlainDesc(shape(v), dt);
      OAR_RETURN_IF_ERROR(AddReorder(from, to));
      continue;
    }
    StepDef step;
    step.kind = StepKind::kCopy;
    step.node = current_;
    step.what = "output copy";
    step.from = from;
    step.target = to;
    const int index = static_cast<int>(steps_.size());
    Touch(from, index);
    Touch(to, index);
    steps_.push_back(std::move(step));
  }
  return Status::OK();
}

void NetBuilder::Describe(std::string how) {
  if (current_ != ir::kNoNode) how_[static_cast<size_t>(current_)] = std::move(how);
}

}  // namespace oar::engine::cpu::onednn_net

#endif  // OAR_WITH_ONEDNN
