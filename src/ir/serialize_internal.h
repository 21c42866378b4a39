// Pieces shared by serialize.cc (graphs) and serialize_attrs.cc (attribute structs). Not a
// public API: include only from the serializer and its tests.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include "core/byte_io.h"
#include "core/dtype.h"
#include "core/status.h"
#include "ir/attrs.h"
#include "ir/graph.h"

namespace oar::ir::serialize_internal {

struct EncodeOptions {
  bool names = true;  // false for the fingerprint
};

/// Nested engine subgraphs deeper than this are rejected (corrupt input could otherwise
/// recurse until the stack overflows).
constexpr int kMaxSubgraphDepth = 32;

/// Explicit dtype codes of the format; false for a code the format does not know.
uint8_t DTypeCode(DType dtype);
bool DTypeFromCode(uint8_t code, DType* out);

void EncodeGraphBody(const Graph& graph, ByteWriter& out, const EncodeOptions& options);
StatusOr<Graph> DecodeGraphBody(ByteReader& in, int depth);

void EncodeAttrs(const Attrs& attrs, ByteWriter& out, const EncodeOptions& options);
/// `where` names the node for error messages ("node #3 'conv_1'").
Status DecodeAttrs(ByteReader& in, int depth, const std::string& where, Attrs* out);

/// Number of fields of an aggregate (counted as the most initializers T{...} accepts). The
/// serializer static_asserts it for every attribute struct, so adding a field without
/// updating the encoder fails to compile.
struct AnyField {
  template <typename T>
  operator T() const;  // declared only: used in unevaluated contexts
};

template <typename T, typename Seq, typename = void>
struct BraceConstructible : std::false_type {};
template <typename T, size_t... I>
struct BraceConstructible<T, std::index_sequence<I...>,
                          std::void_t<decltype(T{(static_cast<void>(I), AnyField{})...})>> : std::true_type {};

template <typename T, size_t N = 0>
constexpr size_t AggregateFieldCount() {
  if constexpr (N > 32) {
    return N;
  } else if constexpr (BraceConstructible<T, std::make_index_sequence<N + 1>>::value) {
    return AggregateFieldCount<T, N + 1>();
  } else {
    return N;
  }
}

}  // namespace oar::ir::serialize_internal
