#include "apps/train_command.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "apps/classifier_table.h"
#include "apps/instance_input.h"
#include "base/status_macros.h"
#include "classifiers/classifier_registry.h"
#include "classifiers/model_file.h"

namespace sentio {

absl::Status RunTrainCommand(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(const std::string data_path, flags.GetRequired("data"));
  ASSIGN_OR_RETURN(const std::string model_path, flags.GetRequired("out"));
  const std::string classifier_name = flags.GetString("classifier", "knn");
  ASSIGN_OR_RETURN(const InstanceFlags instance_flags, ReadInstanceFlags(data_path, flags));
  // Every flag not read above configures the classifier, which rejects what it does not know.
  ASSIGN_OR_RETURN(const ClassifierOptions options, flags.Unread());
  ASSIGN_OR_RETURN(ClassifierFactory make_classifier,
                   ClassifierFactoryFor(classifier_name, options));
  ASSIGN_OR_RETURN(std::unique_ptr<Classifier> classifier, make_classifier());

  ASSIGN_OR_RETURN(const ClassifierTable table,
                   ReadInstances(data_path, instance_flags, nullptr, out));
  const Dataset& data = table.data;
  RETURN_IF_ERROR(data.ValidateForClassification());
  RETURN_IF_ERROR(CheckSeveralClasses(data, data_path));
  out << absl::StrFormat("Training data: %s: %d instances, %d attributes, %d classes\n",
                         data.relation, data.num_instances(), data.num_attributes() - 1,
                         data.num_classes());
  PrintWarnings(table.leak_warnings, out);
  out << "Classifier: " << classifier->Describe() << "\n";
  RETURN_IF_ERROR(classifier->Train(data));
  ASSIGN_OR_RETURN(ModelFile model, MakeModelFile(data, classifier_name, options, *classifier));
  RETURN_IF_ERROR(WriteModelFile(model, model_path));
  out << "Model file: " << model_path
      << (absl::EndsWithIgnoreCase(model_path, ".pbtxt") ? " (protobuf text format)"
                                                         : " (binary protobuf)")
      << "\n";
  out << "model=" << model_path << "\n";
  return absl::OkStatus();
}

}  // namespace sentio
