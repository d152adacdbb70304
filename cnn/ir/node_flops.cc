#include "cnn/ir/node_flops.h"

#include <set>
#include <vector>

#include "cnn/ir/node_attributes.h"

namespace sentio::cnn {
namespace {

double Count(const Shape& shape) {
  double count = 1;
  for (int64_t d : shape) count *= static_cast<double>(d);
  return count;
}

}  // namespace

std::map<std::string, Shape> ModelValueShapes(const cnn::Model& model) {
  std::map<std::string, Shape> shapes;
  auto add = [&](const cnn::ValueInfo& info) {
    shapes[info.name()] = Shape(info.dims().begin(), info.dims().end());
  };
  for (const cnn::ValueInfo& info : model.input()) add(info);
  for (const cnn::ValueInfo& info : model.value_info()) add(info);
  for (const cnn::ValueInfo& info : model.output()) add(info);
  for (const cnn::TensorData& data : model.initializer()) {
    shapes[data.name()] = Shape(data.dims().begin(), data.dims().end());
  }
  return shapes;
}

double NodeFlops(const cnn::Node& node, const std::map<std::string, Shape>& shapes) {
  auto shape_of = [&](int input) -> const Shape* {
    if (input >= node.input_size()) return nullptr;
    auto it = shapes.find(node.input(input));
    return it == shapes.end() ? nullptr : &it->second;
  };
  auto output = shapes.find(node.output_size() > 0 ? node.output(0) : "");
  if (output == shapes.end()) return 0;
  const double outputs = Count(output->second);
  const std::string& op = node.op_type();
  const Shape* a = shape_of(0);
  const Shape* w = shape_of(1);
  if ((op == "Conv" || op == "ConvTranspose") && a != nullptr && w != nullptr && w->size() >= 2) {
    const double per_value = Count(Shape(w->begin() + 1, w->end()));
    return 2 * (op == "Conv" ? outputs : Count(*a)) * per_value;
  }
  if (op == "Gemm" && a != nullptr && a->size() == 2) {
    const bool trans_a = IntAttribute(node, "transA", 0).value_or(0) != 0;
    return 2 * outputs * static_cast<double>(trans_a ? (*a)[0] : (*a)[1]);
  }
  if (op == "MatMul" && a != nullptr && !a->empty()) {
    return 2 * outputs * static_cast<double>(a->back());
  }
  if (op == "MaxPool" || op == "AveragePool") {
    const std::vector<int64_t> kernel =
        IntsAttribute(node, "kernel_shape", {}).value_or(std::vector<int64_t>{});
    return outputs * Count(Shape(kernel.begin(), kernel.end()));
  }
  if ((op == "GlobalAveragePool" || op == "GlobalMaxPool") && a != nullptr) return Count(*a);
  static const auto* kDataMovement = new std::set<std::string>{
      "Reshape", "Flatten",   "Squeeze",      "Unsqueeze",   "Identity", "Dropout",
      "Concat",  "Transpose", "Slice",        "Gather",      "Split",    "Pad",
      "Expand",  "Tile",      "DepthToSpace", "SpaceToDepth"};
  return kDataMovement->count(op) > 0 ? 0 : outputs;
}

}  // namespace sentio::cnn
