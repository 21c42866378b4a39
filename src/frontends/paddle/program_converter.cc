#include "frontends/paddle/program_converter.h"

#include <functional>
#include <unordered_set>

#include "core/logging.h"

namespace oar::frontends::paddle {

namespace {

constexpr const char* kComponent = "paddle frontend: ";

void ForEachArgument(const google::protobuf::RepeatedPtrField<proto::OpDesc::Var>& slots,
                     const std::function<void(const std::string&)>& fn) {
  for (const auto& slot : slots) {
    for (const auto& arg : slot.arguments()) fn(arg);
  }
}

void WarnUnreadAttrs(const ConverterContext& ctx) {
  for (const std::string& name : ctx.UnreadAttrs()) {
    for (const auto& a : ctx.op().attrs()) {
      if (a.name() != name || IsBookkeepingAttr(a)) continue;
      WarnOnce("paddle:" + ctx.op_type() + ":" + name, ctx.Where() + "attribute '" + name +
                                                           "' is not used by the converter and was ignored" +
                                                           " (reported once per op type)");
    }
  }
}

}  // namespace

std::vector<bool> FindLiveOps(const proto::BlockDesc& block) {
  std::unordered_set<std::string> needed;
  for (const auto& op : block.ops()) {
    if (op.type() == "fetch") ForEachArgument(op.inputs(), [&](const std::string& v) { needed.insert(v); });
  }
  std::vector<bool> live(static_cast<size_t>(block.ops_size()), false);
  for (int i = block.ops_size() - 1; i >= 0; --i) {
    const proto::OpDesc& op = block.ops(i);
    if (IsStructuralOp(op.type())) continue;
    bool writes_needed = false;
    ForEachArgument(op.outputs(), [&](const std::string& v) { writes_needed = writes_needed || needed.count(v) > 0; });
    if (!writes_needed) continue;
    live[static_cast<size_t>(i)] = true;
    ForEachArgument(op.inputs(), [&](const std::string& v) { needed.insert(v); });
  }
  return live;
}

std::vector<std::string> ListUnconvertibleOps(const std::vector<const proto::OpDesc*>& ops,
                                              const ConverterRegistry& registry) {
  std::map<std::string, std::pair<int, bool>> bad;  // type -> (count, has a sub-block)
  for (const proto::OpDesc* op : ops) {
    if (IsStructuralOp(op->type())) continue;
    bool sub_block = HasSubBlock(*op);
    if (!sub_block && registry.Find(op->type())) continue;
    auto& entry = bad[op->type()];
    ++entry.first;
    entry.second = entry.second || sub_block;
  }
  std::vector<std::string> out;
  for (const auto& [type, info] : bad) {
    out.push_back(type + " (x" + std::to_string(info.first) + (info.second ? ", has a sub-block" : "") + ")");
  }
  return out;
}

StatusOr<ir::Graph> ConvertProgram(const proto::ProgramDesc& program, const std::map<std::string, Tensor>& weights,
                                   const ConverterRegistry& registry) {
  if (program.blocks_size() == 0) return InvalidGraph(std::string(kComponent) + "the program has no blocks");
  const proto::BlockDesc& block = program.blocks(0);
  ConversionState state;
  state.var_descs = IndexVars(block);
  for (const auto& v : block.vars()) state.reserved_names.insert(v.name());

  OAR_ASSIGN_OR_RETURN(std::vector<IoVar> feeds, CollectFeeds(block));
  OAR_ASSIGN_OR_RETURN(std::vector<IoVar> fetches, CollectFetches(block));
  if (fetches.empty()) return InvalidGraph(std::string(kComponent) + "the program has no fetch ops (no outputs)");

  // Which ops matter, and can all of them be converted?
  std::vector<bool> live = FindLiveOps(block);
  std::vector<const proto::OpDesc*> live_ops;
  for (int i = 0; i < block.ops_size(); ++i) {
    if (live[static_cast<size_t>(i)]) live_ops.push_back(&block.ops(i));
  }
  std::vector<std::string> unconvertible = ListUnconvertibleOps(live_ops, registry);
  if (!unconvertible.empty()) {
    std::string list;
    for (const auto& s : unconvertible) list += (list.empty() ? "" : ", ") + s;
    return Unsupported(std::string(kComponent) + "cannot convert the program: " + std::to_string(unconvertible.size()) +
                       " op type(s) are not supported: " + list);
  }
  for (int i = 0; i < block.ops_size(); ++i) {
    if (!live[static_cast<size_t>(i)]) continue;
    ForEachArgument(block.ops(i).outputs(), [&](const std::string& v) { state.last_writer[v] = i; });
  }

  // Inputs, then weights.
  for (const IoVar& feed : feeds) {
    if (state.graph.FindValue(feed.name) != ir::kNoValue) {
      return InvalidGraph(std::string(kComponent) + "variable '" + feed.name + "' is fed twice");
    }
    for (int64_t d : feed.dims) {
      if (d < -1) {
        return InvalidGraph(std::string(kComponent) + "feed target '" + feed.name + "' declares an invalid dim " +
                            std::to_string(d) + " (only -1 marks an unknown dim)");
      }
    }
    if (feed.dtype == DType::kUndefined) {
      return InvalidGraph(std::string(kComponent) + "feed target '" + feed.name + "' (col " + std::to_string(feed.col) +
                          ") has no dense-tensor VarDesc with a supported element type");
    }
    ir::ValueId id = state.graph.AddValue(feed.name, feed.dtype, Shape(feed.dims));
    state.graph.AddInput(id);
    state.bindings[feed.name] = id;
  }
  for (const auto& [name, tensor] : weights) {
    if (state.graph.FindValue(name) != ir::kNoValue) {
      return InvalidGraph(std::string(kComponent) + "variable '" + name + "' is both a feed target and a weight");
    }
    state.bindings[name] = state.graph.AddConstant(name, tensor);
  }

  // Ops in program order.
  for (int i = 0; i < block.ops_size(); ++i) {
    if (!live[static_cast<size_t>(i)]) continue;
    const proto::OpDesc& op = block.ops(i);
    std::unordered_set<std::string> written;
    for (const auto& slot : op.outputs()) {
      for (const auto& var : slot.arguments()) {
        if (!written.insert(var).second) {
          return InvalidGraph(std::string(kComponent) + "op #" + std::to_string(i) + " '" + op.type() +
                              "' lists output variable '" + var + "' twice");
        }
      }
    }
    ConverterContext ctx(state, op, i);
    ConvertFn convert = registry.Find(op.type());
    Status st = convert(ctx);
    if (!st.ok()) {
      // Converter errors already carry Where(); errors from shared helpers get it here.
      if (st.message().rfind("paddle frontend: op #", 0) != 0) st = st.WithPrefix(ctx.Where());
      return st;
    }
    WarnUnreadAttrs(ctx);
    ctx.Commit();
  }

  for (const IoVar& fetch : fetches) {
    auto it = state.bindings.find(fetch.name);
    if (it == state.bindings.end()) {
      return InvalidGraph(std::string(kComponent) + "fetch col " + std::to_string(fetch.col) + " reads variable '" +
                          fetch.name + "', which no op writes and which is neither a feed target nor a weight");
    }
    state.graph.AddOutput(it->second);
  }
  // Drop weights and values no live node uses; keeps node order.
  state.graph.Compact();
  OAR_VLOG(1, kComponent << "converted " << live_ops.size() << " of " << block.ops_size() << " ops into "
                         << state.graph.num_nodes() << " nodes");
  return std::move(state.graph);
}

}  // namespace oar::frontends::paddle
