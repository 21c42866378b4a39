// Versioned binary encoding of a Graph (engine plans and caches store optimized subgraphs with
// their weights through it) and a stable 128-bit content fingerprint.
//
// Format (version 1), all integers little-endian, "varint" = LEB128, "svarint" = zigzag varint:
//   "OARG"  u32 version
//   graph:  varint #values, value*   varint #nodes, node*   varint #inputs, svarint id*
//           varint #outputs, svarint id*
//   value:  string name, u8 dtype code, shape, svarint producer (-1 = none), u8 has_constant,
//           [u8 dtype code, shape, varint #bytes, bytes]            (the constant's own tensor)
//   shape:  varint rank, svarint dim*                               (-1 = unknown dim)
//   node:   string name, string kind name (OpKindName), u8 removed, varint #inputs,
//           svarint id* (-1 = absent optional input), varint #outputs, svarint id*, attrs
//   attrs:  u8 tag (one per struct of ir::Attrs), then every field in declaration order;
//           an EngineAttrs subgraph is a nested graph (without magic and version).
// DType and the attribute enums use explicit code tables (serialize_attrs.cc), never the enum's
// numeric value. Values and nodes keep their ids, including removed (tombstoned) nodes.
#pragma once

#include <string>

#include "core/byte_io.h"
#include "core/status.h"
#include "ir/graph.h"

namespace oar::ir {

constexpr char kGraphMagic[4] = {'O', 'A', 'R', 'G'};
constexpr uint32_t kGraphFormatVersion = 1;

/// Appends the encoding of `graph` (values with names, dtypes, shapes, constants with their bytes,
/// nodes with kinds and every attribute field, graph inputs/outputs; nested engine subgraphs
/// recursively). Deterministic: equal graphs give equal bytes.
void SerializeGraph(const Graph& graph, ByteWriter& out);
std::string SerializeGraph(const Graph& graph);

/// Decodes; every read is bounds-checked: truncated or corrupt bytes give kInvalidArgument
/// ("graph decode: truncated at byte N while reading <what>", unknown op kind / attr tag / dtype
/// codes named), never a crash or a huge allocation. Another format version gives
/// kVersionMismatch naming both versions. The result (and every nested engine subgraph) passes
/// ir::VerifyGraph; a decoded graph that does not gives kInvalidArgument with the verifier's
/// message. Constants own fresh buffers (weights shared between a graph and its engine
/// subgraphs in memory are stored, and decoded, once per graph).
StatusOr<Graph> DeserializeGraph(ByteReader& in);
/// As above; the whole string must be consumed (trailing bytes are an error).
StatusOr<Graph> DeserializeGraph(const std::string& bytes);

/// 128-bit content fingerprint as 32 lower-case hex chars, stable across runs and machines: two
/// independent 64-bit hash lanes over the encoding above with value and node names left out.
/// It covers structure (value/node ids and order, removed nodes), dtypes, shapes, attributes,
/// engine backends and subgraphs and constant contents, but not names: renaming values or nodes
/// keeps it, changing one weight element, attribute or input dim changes it.
std::string GraphFingerprint(const Graph& graph);

}  // namespace oar::ir
