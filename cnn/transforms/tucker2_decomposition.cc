#include "cnn/transforms/tucker2_decomposition.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/node_flops.h"
#include "cnn/ir/shape_inference.h"
#include "cnn/transforms/graph_editing.h"
#include "cnn/transforms/rank_selection.h"

namespace sentio::cnn::transforms {
namespace {

// A convolution that can be decomposed: its node and weights.
struct Candidate {
  int node_index = 0;
  const cnn::TensorData* weights = nullptr;  // [S, C, KH, KW], float values
  bool has_bias = false;
  int64_t batch = 0, input_pixels = 0, output_pixels = 0;  // from the inferred shapes
};

// Why `node` is not a KHxKW convolution Tucker-2 can decompose, or "" when it is (then fills
// `candidate`'s weights and sizes).
std::string Ineligibility(const cnn::Model& model, const cnn::Node& node,
                          const std::map<std::string, Shape>& shapes, Candidate& candidate) {
  if (node.op_type() != "Conv") return "not a convolution";
  if (node.input_size() < 2) return "a convolution without weights";
  const cnn::TensorData* weights = FindInitializer(model, node.input(1));
  if (weights == nullptr) return "its weights are not an initializer";
  if (weights->dims_size() != 4) return "not a 2-D convolution";
  if (!weights->half_values().empty()) {
    return "its weights are stored as half precision (convert with --precision=fp32 first)";
  }
  if (IntAttribute(node, "group", 1).value_or(0) != 1) return "a grouped convolution";
  if (weights->dims(2) * weights->dims(3) == 1) return "a 1x1 convolution";
  if (node.input_size() > 2) {
    const cnn::TensorData* bias = FindInitializer(model, node.input(2));
    if (bias == nullptr || !bias->half_values().empty())
      return "its bias is not a float initializer";
  }
  auto input = shapes.find(node.input(0));
  auto output = shapes.find(node.output(0));
  if (input == shapes.end() || output == shapes.end() || input->second.size() != 4 ||
      output->second.size() != 4) {
    return "its shapes are not known";
  }
  candidate.weights = weights;
  candidate.has_bias = node.input_size() > 2;
  candidate.batch = input->second[0];
  candidate.input_pixels = input->second[2] * input->second[3];
  candidate.output_pixels = output->second[2] * output->second[3];
  return "";
}

ConvWeights ToDouble(const cnn::TensorData& weights) {
  ConvWeights w;
  w.out_channels = weights.dims(0);
  w.in_channels = weights.dims(1);
  w.kernel_size = weights.dims(2) * weights.dims(3);
  w.values.assign(weights.values().begin(), weights.values().end());
  return w;
}

Tucker2Ranks ChooseRanks(const RankPolicy& policy, const ConvWeights& w, size_t index) {
  if (policy.kind == RankPolicy::Kind::kGiven) {
    return policy.given.size() == 1 ? policy.given[0] : policy.given[index];
  }
  const Eigen::MatrixXd input = InputUnfolding(w);
  const Eigen::MatrixXd output = OutputUnfolding(w);
  if (policy.kind == RankPolicy::Kind::kVbmf) {
    return {std::clamp<int64_t>(EvbmfRank(input), 1, w.in_channels),
            std::clamp<int64_t>(EvbmfRank(output), 1, w.out_channels)};
  }
  return {EnergyRank(SingularValues(input), policy.energy),
          EnergyRank(SingularValues(output), policy.energy)};
}

// Fills the sizes of `layer` at its ranks.
void CountCosts(const Candidate& candidate, LayerDecomposition& layer) {
  const double c = layer.in_channels, s = layer.out_channels;
  const double taps = layer.kernel_height * layer.kernel_width;
  const double r1 = layer.ranks.input, r2 = layer.ranks.output;
  const double inputs = static_cast<double>(candidate.batch * candidate.input_pixels);
  const double outputs = static_cast<double>(candidate.batch * candidate.output_pixels);
  const double bias = candidate.has_bias ? s : 0;
  layer.flops_before = 2 * outputs * s * c * taps;
  layer.flops_after = (r1 < c ? 2 * inputs * c * r1 : 0) + 2 * outputs * r2 * r1 * taps +
                      (r2 < s ? 2 * outputs * r2 * s : 0);
  layer.parameters_before = static_cast<int64_t>(s * c * taps + bias);
  layer.parameters_after =
      static_cast<int64_t>((r1 < c ? r1 * c : 0) + r2 * r1 * taps + (r2 < s ? s * r2 : 0) + bias);
}

cnn::TensorData FloatTensor(const std::string& name, const Shape& dims, const double* values,
                            size_t count) {
  cnn::TensorData tensor;
  tensor.set_name(name);
  for (int64_t d : dims) tensor.add_dims(d);
  tensor.mutable_values()->Reserve(static_cast<int>(count));
  for (size_t i = 0; i < count; ++i) tensor.add_values(static_cast<float>(values[i]));
  return tensor;
}

cnn::Node PointwiseConv(const std::string& name, const std::string& input,
                        const std::string& weights, const std::string& output) {
  cnn::Node node;
  node.set_name(name);
  node.set_op_type("Conv");
  node.add_input(input);
  node.add_input(weights);
  node.add_output(output);
  SetIntsAttribute(node, "kernel_shape", {1, 1});
  return node;
}

// The nodes that replace `conv` (whose weights `factors` factorise), adding their weights to
// `model`; new value and node names are added to `used` and `node_names`.
std::vector<cnn::Node> DecomposedNodes(cnn::Model& model, const cnn::Node& conv,
                                       const LayerDecomposition& layer,
                                       const Tucker2Factors& factors, std::set<std::string>& used,
                                       std::set<std::string>& node_names) {
  const int64_t c = layer.in_channels, s = layer.out_channels;
  const int64_t r1 = layer.ranks.input, r2 = layer.ranks.output;
  std::vector<cnn::Node> nodes;
  std::string current = conv.input(0);
  if (r1 < c) {
    // U_in^T as [R1, C, 1, 1]: row r is column r of U_in.
    const Eigen::MatrixXd transposed = factors.input_factor.transpose();  // column-major [R1, C]
    std::vector<double> values(r1 * c);
    for (int64_t r = 0; r < r1; ++r) {
      for (int64_t i = 0; i < c; ++i) values[r * c + i] = transposed(r, i);
    }
    const std::string weights = UnusedName(used, absl::StrCat(conv.input(1), "_tucker_in"));
    *model.add_initializer() = FloatTensor(weights, {r1, c, 1, 1}, values.data(), values.size());
    const std::string output = UnusedName(used, absl::StrCat(conv.output(0), "_tucker_in"));
    nodes.push_back(PointwiseConv(UnusedName(node_names, absl::StrCat(conv.name(), "_tucker_in")),
                                  current, weights, output));
    current = output;
  }
  cnn::Node core = conv;
  core.set_name(UnusedName(node_names, absl::StrCat(conv.name(), "_tucker_core")));
  const std::string core_weights = UnusedName(used, absl::StrCat(conv.input(1), "_tucker_core"));
  *model.add_initializer() =
      FloatTensor(core_weights, {r2, r1, layer.kernel_height, layer.kernel_width},
                  factors.core.data(), factors.core.size());
  core.set_input(0, current);
  core.set_input(1, core_weights);
  if (r2 < s) {
    if (core.input_size() > 2) core.mutable_input()->RemoveLast();  // the bias goes last
    core.set_output(0, UnusedName(used, absl::StrCat(conv.output(0), "_tucker_core")));
  }
  nodes.push_back(core);
  if (r2 < s) {
    std::vector<double> values(s * r2);
    for (int64_t o = 0; o < s; ++o) {
      for (int64_t r = 0; r < r2; ++r) values[o * r2 + r] = factors.output_factor(o, r);
    }
    const std::string weights = UnusedName(used, absl::StrCat(conv.input(1), "_tucker_out"));
    *model.add_initializer() = FloatTensor(weights, {s, r2, 1, 1}, values.data(), values.size());
    cnn::Node out = PointwiseConv(UnusedName(node_names, absl::StrCat(conv.name(), "_tucker_out")),
                                  core.output(0), weights, conv.output(0));
    if (conv.input_size() > 2) out.add_input(conv.input(2));
    nodes.push_back(std::move(out));
  }
  return nodes;
}

double ConvolutionFlops(const cnn::Model& model) {
  const std::map<std::string, Shape> shapes = ModelValueShapes(model);
  double flops = 0;
  for (const cnn::Node& node : model.node()) {
    if (node.op_type() == "Conv") flops += NodeFlops(node, shapes);
  }
  return flops;
}

int64_t ConvolutionParameters(const cnn::Model& model) {
  int64_t parameters = 0;
  for (const cnn::Node& node : model.node()) {
    if (node.op_type() != "Conv") continue;
    for (int i = 1; i < node.input_size(); ++i) {
      const cnn::TensorData* data = FindInitializer(model, node.input(i));
      if (data != nullptr) parameters += data->values_size() + data->half_values().size() / 2;
    }
  }
  return parameters;
}

}  // namespace

absl::StatusOr<RankPolicy> ParseRankPolicy(absl::string_view text) {
  RankPolicy policy;
  if (text == "vbmf") return policy;
  if (absl::ConsumePrefix(&text, "energy:")) {
    policy.kind = RankPolicy::Kind::kEnergy;
    if (!absl::SimpleAtod(text, &policy.energy) || !(policy.energy > 0 && policy.energy <= 1)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--ranks=energy:", text, ": the energy share must be in (0, 1]"));
    }
    return policy;
  }
  policy.kind = RankPolicy::Kind::kGiven;
  for (absl::string_view pair : absl::StrSplit(text, ';')) {
    const std::vector<absl::string_view> parts = absl::StrSplit(pair, ',');
    Tucker2Ranks ranks;
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &ranks.input) ||
        !absl::SimpleAtoi(parts[1], &ranks.output) || ranks.input < 1 || ranks.output < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("--ranks=", text, ": expected vbmf, energy:X or R1,R2[;R1,R2...] ",
                       "(positive integers), not '", pair, "'"));
    }
    policy.given.push_back(ranks);
  }
  return policy;
}

absl::StatusOr<DecompositionReport> DecomposeConvolutions(cnn::Model& model,
                                                          const DecompositionOptions& options) {
  const std::map<std::string, Shape> shapes = ModelValueShapes(model);
  std::vector<Candidate> candidates;
  if (options.layers.empty()) {
    for (int i = 0; i < model.node_size(); ++i) {
      Candidate candidate;
      candidate.node_index = i;
      if (Ineligibility(model, model.node(i), shapes, candidate).empty()) {
        candidates.push_back(candidate);
      }
    }
  } else {
    for (const std::string& name : options.layers) {
      auto node = std::find_if(model.node().begin(), model.node().end(),
                               [&](const cnn::Node& n) { return n.name() == name; });
      if (node == model.node().end()) {
        return absl::InvalidArgumentError(absl::StrCat("no node named '", name, "' in the model"));
      }
      Candidate candidate;
      candidate.node_index = static_cast<int>(node - model.node().begin());
      const std::string why = Ineligibility(model, *node, shapes, candidate);
      if (!why.empty()) {
        return NodeError(*node, absl::StrCat("cannot be Tucker-2 decomposed: ", why,
                                             " (only KxK convolutions can)"));
      }
      candidates.push_back(candidate);
    }
  }
  const bool given = options.ranks.kind == RankPolicy::Kind::kGiven;
  if (given && options.ranks.given.size() != 1 && options.ranks.given.size() != candidates.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(options.ranks.given.size(), " rank pairs given for ", candidates.size(),
                     " convolutions: give one pair for all or one per layer"));
  }

  cnn::Model result = model;
  std::set<std::string> used = ValueNames(result);
  std::set<std::string> node_names = NodeNames(result);
  DecompositionReport report;
  std::map<int, std::vector<cnn::Node>> replacements;  // node index -> its new nodes
  for (size_t k = 0; k < candidates.size(); ++k) {
    const Candidate& candidate = candidates[k];
    const cnn::Node& conv = model.node(candidate.node_index);
    const ConvWeights weights = ToDouble(*candidate.weights);
    LayerDecomposition layer;
    layer.layer = conv.name();
    layer.out_channels = weights.out_channels;
    layer.in_channels = weights.in_channels;
    layer.kernel_height = candidate.weights->dims(2);
    layer.kernel_width = candidate.weights->dims(3);
    layer.ranks = ChooseRanks(options.ranks, weights, k);
    if (layer.ranks.input > layer.in_channels || layer.ranks.output > layer.out_channels) {
      return NodeError(conv, absl::StrCat("ranks ", layer.ranks.input, ",", layer.ranks.output,
                                          " exceed its ", layer.in_channels, " input and ",
                                          layer.out_channels, " output channels"));
    }
    CountCosts(candidate, layer);
    if (layer.ranks.input == layer.in_channels && layer.ranks.output == layer.out_channels) {
      layer.kept_because = "full ranks";
    } else if (!given && options.layers.empty() && layer.flops_after >= layer.flops_before) {
      layer.kept_because = "no FLOPs saved at these ranks";
    }
    if (!layer.kept_because.empty()) {
      layer.flops_after = layer.flops_before;
      layer.parameters_after = layer.parameters_before;
      report.layers.push_back(layer);
      continue;
    }
    const Tucker2Factors factors = FactorizeTucker2(weights, layer.ranks);
    layer.relative_error = factors.relative_error;
    layer.decomposed = true;
    replacements[candidate.node_index] =
        DecomposedNodes(result, conv, layer, factors, used, node_names);
    report.layers.push_back(layer);
  }

  if (!replacements.empty()) {
    google::protobuf::RepeatedPtrField<cnn::Node> nodes;
    for (int i = 0; i < result.node_size(); ++i) {
      auto replacement = replacements.find(i);
      if (replacement == replacements.end()) {
        *nodes.Add() = result.node(i);
      } else {
        for (cnn::Node& node : replacement->second) *nodes.Add() = std::move(node);
      }
    }
    result.mutable_node()->Swap(&nodes);
    RemoveUnusedInitializers(result);
    RETURN_IF_ERROR(InferModelShapes(result));
  }
  report.convolution_flops_before = ConvolutionFlops(model);
  report.convolution_flops_after = ConvolutionFlops(result);
  report.convolution_parameters_before = ConvolutionParameters(model);
  report.convolution_parameters_after = ConvolutionParameters(result);
  model = std::move(result);
  return report;
}

}  // namespace sentio::cnn::transforms
