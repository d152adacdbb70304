#include "apps/cnn_decompose_command.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "apps/cnn_flags.h"
#include "base/status_macros.h"
#include "cnn/import/model_io.h"
#include "cnn/import/model_loader.h"
#include "cnn/transforms/half_weights.h"
#include "cnn/transforms/tucker2_decomposition.h"

namespace sentio {

using cnn::import::LoadModel;
using cnn::import::WriteModelFile;
using cnn::transforms::DecomposeConvolutions;
using cnn::transforms::DecompositionOptions;
using cnn::transforms::DecompositionReport;
using cnn::transforms::ExpandHalfWeights;
using cnn::transforms::LayerDecomposition;
using cnn::transforms::ParseRankPolicy;

namespace {

std::string LayerLine(const LayerDecomposition& layer) {
  std::string line = absl::StrFormat("%s: %d->%d channels %dx%d, ranks %d,%d: ", layer.layer,
                                     layer.in_channels, layer.out_channels, layer.kernel_height,
                                     layer.kernel_width, layer.ranks.input, layer.ranks.output);
  if (!layer.decomposed) return absl::StrCat(line, "kept (", layer.kept_because, ")");
  return absl::StrCat(
      line,
      absl::StrFormat("flops %.0f -> %.0f (%.3f), parameters %d -> %d, weight error %.4f",
                      layer.flops_before, layer.flops_after, layer.flops_after / layer.flops_before,
                      layer.parameters_before, layer.parameters_after, layer.relative_error));
}

}  // namespace

absl::Status RunCnnDecomposeCommand(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(std::string model_path, flags.GetRequired("model"));
  const std::string weights_path = flags.GetString("weights", "");
  ASSIGN_OR_RETURN(std::string out_path, flags.GetRequired("out"));
  ASSIGN_OR_RETURN(std::string ranks, flags.GetRequired("ranks"));
  const std::string layers = flags.GetString("layers", "");
  RETURN_IF_ERROR(flags.CheckAllRead());
  DecompositionOptions options;
  ASSIGN_OR_RETURN(options.ranks, ParseRankPolicy(ranks));
  if (!layers.empty()) options.layers = absl::StrSplit(layers, ',');

  ASSIGN_OR_RETURN(cnn::Model model, LoadModel(model_path, weights_path));
  out << "Model: " << CnnModelSummary(model) << "\n";
  // Half weights (a model converted with --precision=fp16) expand exactly; the factors are
  // written as float.
  RETURN_IF_ERROR(ExpandHalfWeights(model));
  absl::StatusOr<DecompositionReport> report = DecomposeConvolutions(model, options);
  if (!report.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(model_path, ": ", report.status().message()));
  }
  int decomposed = 0;
  for (const LayerDecomposition& layer : report->layers) {
    out << LayerLine(layer) << "\n";
    decomposed += layer.decomposed;
  }
  out << absl::StrFormat(
      "Convolutions: %d of %d decomposed, %.0f -> %.0f FLOPs, %d -> %d parameters\n", decomposed,
      report->layers.size(), report->convolution_flops_before, report->convolution_flops_after,
      report->convolution_parameters_before, report->convolution_parameters_after);
  RETURN_IF_ERROR(WriteModelFile(model, out_path));
  out << "Wrote: " << out_path << "\n";
  const double ratio = report->convolution_flops_before > 0
                           ? report->convolution_flops_after / report->convolution_flops_before
                           : 1;
  out << absl::StrFormat("flops_ratio=%.4f\n", ratio);
  return absl::OkStatus();
}

}  // namespace sentio
