#include "apps/cnn_profile_report.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "cnn/ir/node_attributes.h"

namespace sentio {
namespace {

using cnn::Shape;

double Count(const Shape& shape) {
  double count = 1;
  for (int64_t d : shape) count *= static_cast<double>(d);
  return count;
}

// The shapes of every value the model declares: inputs, initializers, inferred values, outputs.
std::map<std::string, Shape> ValueShapes(const cnn::Model& model) {
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
    const bool trans_a = cnn::IntAttribute(node, "transA", 0).value_or(0) != 0;
    return 2 * outputs * static_cast<double>(trans_a ? (*a)[0] : (*a)[1]);
  }
  if (op == "MatMul" && a != nullptr && !a->empty()) {
    return 2 * outputs * static_cast<double>(a->back());
  }
  if (op == "MaxPool" || op == "AveragePool") {
    const std::vector<int64_t> kernel =
        cnn::IntsAttribute(node, "kernel_shape", {}).value_or(std::vector<int64_t>{});
    return outputs * Count(Shape(kernel.begin(), kernel.end()));
  }
  if ((op == "GlobalAveragePool" || op == "GlobalMaxPool") && a != nullptr) return Count(*a);
  static const auto* kDataMovement = new std::set<std::string>{
      "Reshape", "Flatten",   "Squeeze",      "Unsqueeze",   "Identity", "Dropout",
      "Concat",  "Transpose", "Slice",        "Gather",      "Split",    "Pad",
      "Expand",  "Tile",      "DepthToSpace", "SpaceToDepth"};
  return kDataMovement->count(op) > 0 ? 0 : outputs;
}

}  // namespace

std::vector<ProfileRow> MakeProfileRows(const cnn::Model& model,
                                        const std::vector<cnn::engine::NodeTiming>& steps,
                                        const std::vector<double>& medians) {
  const std::map<std::string, Shape> shapes = ValueShapes(model);
  std::map<std::string, const cnn::Node*> nodes;
  for (const cnn::Node& node : model.node()) nodes[node.name()] = &node;
  std::vector<ProfileRow> rows;
  for (size_t s = 0; s < steps.size(); ++s) {
    ProfileRow row;
    row.step = steps[s];
    row.step.milliseconds = medians[s];
    auto node = nodes.find(steps[s].node);
    if (node != nodes.end()) {
      row.flops = NodeFlops(*node->second, shapes);
      auto shape = shapes.find(node->second->output_size() > 0 ? node->second->output(0) : "");
      if (shape != shapes.end()) row.output_shape = shape->second;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

void WriteProfileTable(const std::vector<ProfileRow>& rows, double total_ms, std::ostream& out) {
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return rows[a].step.milliseconds > rows[b].step.milliseconds;
  });
  out << absl::StrFormat("%9s %6s %8s  %-24s %-18s %-18s %s\n", "ms", "share", "GFLOPS", "op",
                         "kernel", "output", "node");
  std::map<std::string, double> per_op;
  for (size_t s : order) {
    const ProfileRow& row = rows[s];
    const double ms = row.step.milliseconds;
    const std::string gflops =
        row.flops > 0 && ms > 0 ? absl::StrFormat("%.2f", row.flops / (ms * 1e6)) : "-";
    out << absl::StrFormat("%9.4f %5.1f%% %8s  %-24s %-18s %-18s %s\n", ms, 100 * ms / total_ms,
                           gflops, row.step.op_type, row.step.kernel,
                           cnn::ShapeString(row.output_shape), row.step.node);
    per_op[row.step.op_type] += ms;
  }
  out << "Per op:\n";
  for (const auto& [op, ms] : per_op) {
    out << absl::StrFormat("%9.4f %5.1f%%  %s\n", ms, 100 * ms / total_ms, op);
  }
  out << absl::StrFormat("total_ms=%.4f\n", total_ms);
}

namespace {

// `text` as a JSON string literal.
std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

std::string ProfileJson(const std::vector<ProfileRow>& rows, double total_ms,
                        const std::string& engine) {
  std::vector<std::string> steps;
  for (const ProfileRow& row : rows) {
    const double ms = row.step.milliseconds;
    steps.push_back(absl::StrFormat(
        "    {\"node\": %s, \"op\": %s, \"kernel\": %s, \"output_shape\": [%s], \"ms\": %.6f, "
        "\"gflops\": %s, \"share\": %.6f}",
        JsonString(row.step.node), JsonString(row.step.op_type), JsonString(row.step.kernel),
        absl::StrJoin(row.output_shape, ", "), ms,
        row.flops > 0 && ms > 0 ? absl::StrFormat("%.6f", row.flops / (ms * 1e6)) : "null",
        total_ms > 0 ? ms / total_ms : 0.0));
  }
  return absl::StrCat("{\n  \"engine\": ", JsonString(engine),
                      ",\n  \"total_ms\": ", absl::StrFormat("%.6f", total_ms),
                      ",\n  \"steps\": [\n", absl::StrJoin(steps, ",\n"), "\n  ]\n}\n");
}

}  // namespace sentio
