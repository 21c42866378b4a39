#include "zoo/zoo.h"

#include <cstdio>

#include "zoo/networks.h"
#include "zoo/onnx_writer.h"
#include "zoo/paddle_writer.h"
#include "zoo/zoo_io.h"

namespace oar::zoo {
namespace {

struct ZooEntry {
  const char* name;
  const char* title;  // first part of the one-line description
  int (*build)(ZooBuilder&, int num_classes);
};

const ZooEntry kZoo[] = {
    {"resnet50", "ResNet-50 v1.5 (torchvision layout)", BuildResNet50},
    {"mobilenet_v1", "MobileNet v1 1.0/224", BuildMobileNetV1},
    {"vgg16", "VGG-16 without BN (torchvision layout)", BuildVgg16},
    {"alexnet", "AlexNet (torchvision layout)", BuildAlexNet},
    {"googlenet", "GoogLeNet / Inception v1 (torchvision layout, no aux heads)", BuildGoogLeNet},
    {"resnext50_32x4d", "ResNeXt-50 32x4d (torchvision layout)", BuildResNeXt50},
    {"se_resnext50_32x4d", "SE-ResNeXt-50 32x4d (ResNeXt-50 + squeeze-excitation)", BuildSeResNeXt50},
    {"dpn68", "DPN-68 dual path network (PaddleClas layout)", BuildDpn68},
};

const ZooEntry* FindEntry(const std::string& name) {
  for (const ZooEntry& e : kZoo) {
    if (name == e.name) return &e;
  }
  return nullptr;
}

std::string JoinedNames() {
  std::string s;
  for (const ZooEntry& e : kZoo) s += std::string(s.empty() ? "" : ", ") + e.name;
  return s;
}

}  // namespace

std::vector<std::string> ZooModelNames() {
  std::vector<std::string> names;
  for (const ZooEntry& e : kZoo) names.push_back(e.name);
  return names;
}

StatusOr<ZooGraph> BuildZooGraph(const std::string& name, int num_classes) {
  const ZooEntry* entry = FindEntry(name);
  if (entry == nullptr) {
    return NotFound("zoo: unknown model '" + name + "'; expected one of: " + JoinedNames());
  }
  if (num_classes < 1) {
    return InvalidArgument("zoo: model '" + name + "': expected num_classes >= 1, got " + std::to_string(num_classes));
  }
  ZooBuilder builder(entry->name);
  int output = entry->build(builder, num_classes);
  return builder.Finish(output);
}

Status WriteZooModel(const std::string& name, const std::string& out_dir, ZooFormat format, const ZooOptions& options) {
  OAR_ASSIGN_OR_RETURN(ZooGraph graph, BuildZooGraph(name, options.num_classes));
  OAR_RETURN_IF_ERROR(MakeDirs(out_dir));
  if (format == ZooFormat::kPaddle) return WritePaddleModel(graph, options.seed, out_dir);
  return WriteOnnxModel(graph, options.seed, out_dir);
}

std::string ZooModelDescription(const std::string& name) {
  const ZooEntry* entry = FindEntry(name);
  if (entry == nullptr) return "";
  StatusOr<ZooGraph> graph = BuildZooGraph(name);
  if (!graph.ok()) return "";
  char buf[96];
  std::snprintf(buf, sizeof(buf), ", %.1fM params, %.2f GMACs at 224x224",
                static_cast<double>(graph->NumTrainableParams()) / 1e6, static_cast<double>(graph->Macs()) / 1e9);
  return std::string(entry->title) + buf;
}

}  // namespace oar::zoo
