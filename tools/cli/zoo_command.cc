#include <cstdio>

#include "commands.h"
#include "zoo/zoo.h"

namespace oar::cli {

CommandFn AddZooCommand(CLI::App& app) {
  struct Opts {
    std::string name, out, format = "paddle";
    uint64_t seed = 0;
    bool list = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("name", o->name, "Model name (see --list)");
  app.add_option("--out", o->out, "Output directory");
  app.add_option("--format", o->format, "paddle (__model__ + __params__) or onnx (model.onnx)")
      ->check(CLI::IsMember({"paddle", "onnx"}));
  app.add_option("--seed", o->seed, "Weight seed");
  app.add_flag("--list", o->list, "List the zoo's models");
  return [o]() {
    if (o->list || o->name.empty()) {
      for (const auto& n : zoo::ZooModelNames()) std::printf("%-22s %s\n", n.c_str(), zoo::ZooModelDescription(n).c_str());
      return o->list ? 0 : 2;
    }
    if (o->out.empty()) {
      std::fprintf(stderr, "oar zoo: --out DIR is required\n");
      return 2;
    }
    zoo::ZooOptions options;
    options.seed = o->seed;
    Status s = zoo::WriteZooModel(o->name, o->out,
                                  o->format == "onnx" ? zoo::ZooFormat::kOnnx : zoo::ZooFormat::kPaddle, options);
    if (!s.ok()) {
      std::fprintf(stderr, "oar zoo: %s\n", s.ToString().c_str());
      return 1;
    }
    std::printf("wrote %s (%s) to %s\n", o->name.c_str(), o->format.c_str(), o->out.c_str());
    return 0;
  };
}

}  // namespace oar::cli
