// Subcommands of the `oar` CLI. Each Add*Command registers its options on the app and
// returns the callback that runs it (exit code).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace oar::cli {

using CommandFn = std::function<int()>;

CommandFn AddRunCommand(CLI::App& app);
CommandFn AddInspectCommand(CLI::App& app);
CommandFn AddZooCommand(CLI::App& app);

}  // namespace oar::cli
