// Internal to the CPU engine's oneDNN network (onednn_network.h): the state that turns a
// subgraph into a flat list of steps over one activation arena.
//
// Vocabulary:
//  * Storage: bytes somewhere -- a slice of the arena (planned by liveness at Finalize), a subgraph
//    input or output (the caller's tensor, bound at every Run), a graph constant (its tensor's
//    memory), or memory owned by the network (weights reordered once into a primitive's layout).
//  * Placement: a value (or a converted copy of one) in a storage, with the oneDNN memory
//    descriptor saying how its elements lie there (plain NCHW, nhwc, nChw16c, f32 or bf16, ...).
//    Each value has one defining placement; consumers that need another layout or data type get
//    a converted copy through Require (one reorder, shared by every consumer asking for it).
//  * Step: one primitive (or a registry kernel, an activation loop, a byte copy) with its
//    arguments as placements; turned into oneDNN memory objects and exec arguments at Finalize.
//
// Only compiled with oneDNN (OAR_WITH_ONEDNN).
#pragma once

#ifdef OAR_WITH_ONEDNN

#include <climits>
#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/tensor.h"
#include "engine/builder_config.h"
#include "ir/graph.h"
#include "runtime/kernel.h"

namespace oar::engine::cpu::onednn_net {

using dnnl::memory;

enum class StorageKind { kArena, kInput, kOutput, kConstant, kOwned };

struct Storage {
  StorageKind kind = StorageKind::kArena;
  size_t bytes = 0;
  int slot = -1;                           // subgraph input / output index (kInput, kOutput)
  std::shared_ptr<const Tensor> constant;  // kConstant
  std::shared_ptr<oar::Buffer> owned;      // kOwned
  bool conversion = false;                 // holds a converted copy (never written in place)
  int first = INT_MAX, last = -1;          // steps that touch it (kArena lifetime)
  int64_t offset = -1;                     // in the arena, after planning
  int pending = 0;                         // reads still to come of the values defined here
  char* ptr = nullptr;                     // resolved at Finalize (external: at every Run)
};

struct Placement {
  int storage = -1;
  memory::desc md;  // zero desc for dtypes oneDNN has no type for (those stay plain, fallback-only)
  DType dtype = DType::kUndefined;
  Shape shape;  // logical shape
  bool valid() const { return storage >= 0; }
};

struct StepArg {
  int arg;  // DNNL_ARG_*
  Placement at;
};

/// Opaque compiled form of a step, filled at Finalize (onednn_network.cc).
struct StepKind {
  enum Value { kPrimitive, kFallback, kActivation, kCopy };
};

struct StepDef {
  StepKind::Value kind = StepKind::kPrimitive;
  ir::NodeId node = ir::kNoNode;  // the layer this work is accounted to (profiles)
  std::string what;               // "reorder", "convolution", ... (errors)
  dnnl::primitive primitive;
  std::vector<StepArg> args;
  bool scratchpad = false;
  // kFallback: a registry kernel on plain tensors (indices into NetBuilder::tensors; -1 = absent).
  std::shared_ptr<runtime::Kernel> kernel;
  std::vector<int> in_tensors, out_tensors;
  // kActivation: act applied in place over every element of `target` (f32, act(0) = 0).
  ir::FusedActivation act;
  // kActivation target; kCopy: bytes from `from` to `target`.
  Placement target, from;
};

/// oneDNN data type of a DType (f32, bf16, f16, s32, s8, u8); false for the others.
bool DnnlType(DType t, memory::data_type* out);
/// Plain row-major descriptor of `shape` (rank 0 counts as [1]).
memory::desc PlainDesc(const Shape& shape, memory::data_type dt);
/// The same layout with another data type (strides and blocking are in elements).
memory::desc WithDataType(const memory::desc& md, memory::data_type dt);
/// Row-major dims of `shape` (rank 0 as [1]).
memory::dims DimsOf(const Shape& shape);
/// "f32 acdb" style short description of a descriptor (progress lines and logs).
std::string DescribeDesc(const memory::desc& md);

/// Constants reordered into primitive layouts, shared by the networks of one owner (an
/// ExecutionContext building networks for several input shapes): keyed by the constant tensor's
/// data, the layout it is read in and the target layout. Entries keep their source tensor alive,
/// so a key's address cannot be reused by another tensor. Not thread safe.
class PackedConstants {
 public:
  std::shared_ptr<oar::Buffer> Find(const void* data, const memory::desc& from, const memory::desc& to) const;
  void Add(const void* data, const memory::desc& from, const memory::desc& to, std::shared_ptr<oar::Buffer> buffer,
           std::shared_ptr<const Tensor> source);
  size_t bytes() const;
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    const void* data;
    memory::desc from, to;
    std::shared_ptr<oar::Buffer> buffer;
    std::shared_ptr<const Tensor> source;
  };
  std::vector<Entry> entries_;
};

class NetBuilder {
 public:
  /// `packed` (optional) supplies constants packed by earlier networks and receives this one's
  /// (CommitPacked, once the network is finalized and its packing steps ran).
  NetBuilder(const ir::Graph& graph, Precision precision, std::vector<Shape> shapes, std::vector<DType> dtypes,
             const std::vector<ir::NodeId>& order, PackedConstants* packed = nullptr);
  /// Hands the constants this network packed to the shared PackedConstants.
  void CommitPacked();
  /// Activation layout convolutions ask for: true = channel blocks (nChw16c / nChw8c), false =
  /// whatever oneDNN prefers (format any).
  void set_conv_layout_blocked(bool blocked) { conv_layout_blocked_ = blocked; }
  bool conv_layout_blocked() const { return conv_layout_blocked_; }

  const ir::Graph& graph() const { return graph_; }
  const Shape& shape(ir::ValueId v) const { return shapes_[static_cast<size_t>(v)]; }
  DType dtype(ir::ValueId v) const { return dtypes_[static_cast<size_t>(v)]; }
  bool is_constant(ir::ValueId v) const { return graph_.value(v).is_constant(); }
  Precision precision() const { return precision_; }
  /// bf16 for the compute-heavy layers of a bf16 network, else f32.
  memory::data_type compute_type() const { return compute_type_; }
  /// Data type a conv/matmul writes `v` in: f32 in an f32 network; in a bf16 network f32 when
  /// every reader wants f32 anyway (a subgraph output, softmax, registry kernels), else bf16.
  memory::data_type OutputType(ir::ValueId v) const;

  /// Starts building node `id`: its reads are no longer pending (in-place decisions).
  void BeginNode(ir::NodeId id);
  ir::NodeId current_node() const { return current_; }

  /// Where `v` is defined (constants are placed in their own tensor, plain).
  const Placement& Where(ir::ValueId v);
  /// `v` in layout `target`: its own placement when it already is, else a converted copy (a
  /// reorder step; done once at Finalize for constants; shared by later requests for the same).
  StatusOr<Placement> Require(ir::ValueId v, const memory::desc& target);
  /// `v` plain in data type `dt`.
  StatusOr<Placement> RequirePlain(ir::ValueId v, memory::data_type dt);
  /// `v` read as a plain tensor of other dims with the same element count (a view of its plain
  /// copy in data type `dt`), converted to `target` (which has those dims).
  StatusOr<Placement> RequireView(ir::ValueId v, memory::data_type dt, const memory::desc& view,
                                  const memory::desc& target);
  /// A fresh storage for node output `v` in layout `md` (the caller's output tensor when `v` is
  /// a subgraph output and `md` is plain f32).
  Placement DefineNew(ir::ValueId v, const memory::desc& md);
  /// Same, for a dtype oneDNN has no type for (plain; registry kernels only).
  Placement DefineNewOpaque(ir::ValueId v);
  /// `v` lives where `at` is (in place, or a view with other dims of the same bytes).
  void DefineAt(ir::ValueId v, const Placement& at);
  /// True when the current node may overwrite `p`: an arena storage holding only values without
  /// reads to come, not read through any of `other_reads`.
  bool CanOverwrite(const Placement& p, const std::vector<Placement>& other_reads) const;
  /// Copies `from` into `to` (a reorder step: layout and data type conversion).
  Status AddReorder(const Placement& from, const Placement& to);

  /// Appends a primitive step (its scratchpad is the network's shared one).
  void AddPrimitive(const dnnl::primitive_desc_base& pd, dnnl::primitive primitive, std::vector<StepArg> args,
                    const char* what);
  /// Appends a registry-kernel step for the current node: inputs plain f32 (or as stored for
  /// other dtypes), outputs plain in new storages.
  Status AddFallback(const runtime::KernelDef& def);
  /// Appends an in-place activation loop over `target` (f32).
  void AddActivation(const ir::FusedActivation& act, const Placement& target);
  /// Binds the subgraph outputs: copies or reorders what is not already in the caller's tensor.
  Status BindOutputs();

  /// Records how the current node runs (progress lines, tests).
  void Describe(std::string how);

  // Results, read by OnednnNetwork at Finalize.
  std::vector<Storage>& storages() { return storages_; }
  std::vector<StepDef>& steps() { return steps_; }
  std::vector<StepDef>& init_steps() { return init_steps_; }
  /// Tensors handed to registry kernels: placement per entry.
  std::vector<Placement>& tensors() { return tensors_; }
  size_t scratchpad_bytes() const { return scratchpad_bytes_; }
  const std::vector<std::string>& descriptions() const { return how_; }  // per node id

 private:
  int NewStorage(StorageKind kind, size_t bytes);
  void Touch(const Placement& p, int step);
  StatusOr<Placement> Convert(const Placement& from, const memory::desc& target, bool constant);
  StatusOr<Placement> CachedConvert(ir::ValueId v, const Placement& from, const memory::desc& target);
  int AddTensor(const Placement& p);
  int OutputStorage(size_t o);

  const ir::Graph& graph_;
  Precision precision_;
  memory::data_type compute_type_;
  std::vector<Shape> shapes_;
  std::vector<DType> dtypes_;
  std::vector<int> uses_left_;  // per value: reads by nodes not built yet (+1 per output slot)
  std::vector<std::vector<ir::NodeId>> consumers_;
  std::vector<char> is_output_;
  std::vector<Placement> where_;     // per value
  std::vector<int> output_storage_;  // per subgraph output slot (-1 until needed)
  struct Converted {
    ir::ValueId value;
    memory::desc from, to;
    Placement at;
  };
  std::vector<Converted> converted_;
  std::vector<Storage> storages_;
  std::vector<StepDef> steps_, init_steps_;
  std::vector<Placement> tensors_;
  std::vector<std::string> how_;
  size_t scratchpad_bytes_ = 0;
  ir::NodeId current_ = ir::kNoNode;
  PackedConstants* packed_ = nullptr;
  bool conv_layout_blocked_ = false;
  struct NewPacked {
    const void* data;
    memory::desc from, to;
    std::shared_ptr<oar::Buffer> buffer;
    std::shared_ptr<const Tensor> source;
  };
  std::vector<NewPacked> new_packed_;
};

}  // namespace oar::engine::cpu::onednn_net

#endif  // OAR_WITH_ONEDNN
