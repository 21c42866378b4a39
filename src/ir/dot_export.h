// Graphviz export of a graph (design.md §3: `oar inspect` draws the graph with engine nodes in
// one colour and native nodes in another, before and after partitioning).
//
// Ops are rounded boxes labelled "<kind>\n<name>": engine nodes (OpKind::kEngine) filled with
// kDotEngineColour and labelled "engine (N ops)", every other op filled with kDotNativeColour.
// Graph inputs and outputs are ellipses labelled with name, dtype and shape. Constants (weights)
// are hidden unless DotOptions::show_constants. DotOptions::highlight overrides the fill colour of
// named nodes, which draws the BEFORE picture: the ops that will go to an engine in green, the
// rest in orange (partition::PartitionHighlight builds that map).
#pragma once

#include <map>
#include <string>

#include "core/status.h"
#include "ir/graph.h"

namespace oar::ir {

/// Fill colours (light green, light orange) shared by the before and after pictures.
inline constexpr const char* kDotEngineColour = "#b8e6a0";
inline constexpr const char* kDotNativeColour = "#fdd49e";

struct DotOptions {
  /// Drawn above the graph; empty = none.
  std::string title;
  /// Draw weights and other constants as small notes feeding their ops.
  bool show_constants = false;
  /// Label edges with the dtype and shape of the value they carry.
  bool show_shapes = false;
  /// Node name -> fill colour (any Graphviz colour: "#rrggbb" or a name); wins over the defaults.
  std::map<std::string, std::string> highlight;
};

/// The graph in Graphviz DOT syntax (a `digraph`), nodes in stored order.
std::string ToDot(const Graph& graph, const DotOptions& options = {});

/// Renders DOT text to an SVG file with Graphviz (`dot_program -Tsvg -o svg_path`).
/// Errors: kNotFound when `dot_program` is not installed (the message says how to install
/// Graphviz); kInvalidArgument when Graphviz rejects the input or cannot write `svg_path`
/// (with its stderr); kInternal when the process cannot be started.
Status WriteSvg(const std::string& dot, const std::string& svg_path, const std::string& dot_program = "dot");

}  // namespace oar::ir
