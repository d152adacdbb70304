#include "apps/predict_command.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "apps/train_command.h"
#include "base/status_macros.h"
#include "classifiers/model_file.h"

namespace sentio {

absl::Status RunPredictCommand(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(const std::string model_path, flags.GetRequired("model"));
  ASSIGN_OR_RETURN(const std::string data_path, flags.GetRequired("data"));
  RETURN_IF_ERROR(flags.CheckAllRead());
  ASSIGN_OR_RETURN(LoadedModel model, LoadModelFile(model_path));
  ASSIGN_OR_RETURN(Dataset data, ReadClassifierTable(data_path));
  if (absl::Status same = model.header.CheckSameHeader(data); !same.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(data_path, " does not match the header of ",
                                                   model_path, ": ", same.message()));
  }
  RETURN_IF_ERROR(data.ValidateForClassification());
  out << "Model: " << model.classifier->Describe() << ", trained on '" << model.header.relation
      << "'\n";
  out << absl::StrFormat("Data: %s: %d instances\n", data.relation, data.num_instances());
  out << "instance predicted probability\n";
  const std::vector<std::string>& labels = data.class_attribute().values;
  int labelled = 0, correct = 0;
  for (int i = 0; i < data.num_instances(); ++i) {
    absl::StatusOr<std::vector<double>> distribution =
        model.classifier->Distribution(data.instances[i]);
    if (!distribution.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(data_path, ": instance ", i + 1, ": ", distribution.status().message()));
    }
    const int predicted = MostProbableClass(*distribution);
    out << absl::StrFormat("%d %s %.4f\n", i + 1, labels[predicted], (*distribution)[predicted]);
    if (data.ClassOf(i) >= 0) {
      ++labelled;
      correct += data.ClassOf(i) == predicted;
    }
  }
  if (labelled == 0) {
    out << "predictions=" << data.num_instances() << "\n";
    return absl::OkStatus();
  }
  out << absl::StrFormat("Correct: %d of %d instances with a known class\n", correct, labelled);
  out << absl::StrFormat("accuracy=%.4f\n", static_cast<double>(correct) / labelled);
  return absl::OkStatus();
}

}  // namespace sentio
