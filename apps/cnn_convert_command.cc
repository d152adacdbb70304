#include "apps/cnn_convert_command.h"

#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "apps/cnn_flags.h"
#include "base/status_macros.h"
#include "cnn/import/model_io.h"
#include "cnn/import/model_loader.h"
#include "cnn/transforms/half_weights.h"

namespace sentio {

using cnn::import::IsTextModelPath;
using cnn::import::LoadModel;
using cnn::import::WriteModelFile;
using cnn::transforms::ExpandHalfWeights;
using cnn::transforms::StoreWeightsAsHalf;

absl::Status RunCnnConvertCommand(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(std::string model_path, flags.GetRequired("model"));
  const std::string weights_path = flags.GetString("weights", "");
  ASSIGN_OR_RETURN(std::string out_path, flags.GetRequired("out"));
  ASSIGN_OR_RETURN(const bool half_precision, ReadHalfPrecisionFlag(flags));
  RETURN_IF_ERROR(flags.CheckAllRead());

  ASSIGN_OR_RETURN(cnn::Model model, LoadModel(model_path, weights_path));
  out << "Model: " << CnnModelSummary(model) << "\n";
  int64_t weight_count = 0;
  for (const cnn::TensorData& weights : model.initializer()) {
    weight_count += weights.values_size() + static_cast<int64_t>(weights.half_values().size() / 2);
  }
  out << "Weights: " << weight_count << " in " << model.initializer_size() << " tensors, stored as "
      << (half_precision ? "half precision (fp16)" : "fp32") << "\n";
  // A native model file read with half weights keeps them half: fp32 expands them (exactly),
  // fp16 leaves them and rounds the float ones.
  absl::Status stored = half_precision ? StoreWeightsAsHalf(model) : ExpandHalfWeights(model);
  if (!stored.ok()) return absl::InvalidArgumentError(absl::StrCat(model_path, ": ", stored.message()));
  RETURN_IF_ERROR(WriteModelFile(model, out_path));
  std::error_code error;
  const uintmax_t bytes = std::filesystem::file_size(out_path, error);
  if (error) return absl::DataLossError(absl::StrCat("cannot read the size of '", out_path, "'"));
  out << "Wrote: " << out_path << (IsTextModelPath(out_path) ? " (text format)\n" : " (binary)\n");
  out << "bytes=" << bytes << "\n";
  return absl::OkStatus();
}

}  // namespace sentio
