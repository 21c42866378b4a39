// oar — command-line front end: run, inspect, zoo.
#include <cstdio>
#include <exception>
#include <map>

#include "commands.h"
#include "oar/oar.h"

int main(int argc, char** argv) {
  CLI::App app{"oar: load a trained model, optimise it and run it fast"};
  app.require_subcommand(1);
  app.set_version_flag("--version", oar::infer::GetVersion());
  std::map<CLI::App*, oar::cli::CommandFn> commands;
  auto add = [&](const char* name, const char* help, oar::cli::CommandFn (*fn)(CLI::App&)) {
    CLI::App* sub = app.add_subcommand(name, help);
    commands[sub] = fn(*sub);
  };
  add("run", "Run a model on given or random inputs; print outputs and latency", oar::cli::AddRunCommand);
  add("inspect", "List a model's inputs, outputs, op types and unsupported ops", oar::cli::AddInspectCommand);
  add("zoo", "Write a zoo model (seeded random weights) as Paddle or ONNX", oar::cli::AddZooCommand);
  CLI11_PARSE(app, argc, argv);
  for (auto& [sub, fn] : commands) {
    if (sub->parsed()) {
      try {
        return fn();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "oar: error: %s\n", e.what());
        return 1;
      }
    }
  }
  return 1;
}
