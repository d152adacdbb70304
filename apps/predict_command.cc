#include "apps/predict_command.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "apps/classifier_table.h"
#include "apps/instance_input.h"
#include "base/file_writing.h"
#include "base/status_macros.h"
#include "classifiers/model_file.h"
#include "sensing/record_formatting.h"

namespace sentio {

namespace {

// One instance's record for --format=csv|json: number, predicted label, every class's
// probability, and the known class (empty when missing).
struct InstanceRecord {
  int number;
  std::string predicted;
  std::vector<double> probabilities;
  std::string actual;
};

std::string CsvRecords(const std::vector<std::string>& labels,
                       const std::vector<InstanceRecord>& records) {
  std::vector<std::string> header = {"instance", "predicted"};
  for (const std::string& label : labels) header.push_back("p_" + label);
  header.push_back("actual");
  std::string text = CsvRow(header) + "\n";
  for (const InstanceRecord& record : records) {
    std::vector<std::string> fields = {absl::StrCat(record.number), record.predicted};
    for (double p : record.probabilities) fields.push_back(JsonNumber(p));
    fields.push_back(record.actual);
    absl::StrAppend(&text, CsvRow(fields), "\n");
  }
  return text;
}

std::string JsonRecords(const std::vector<std::string>& labels,
                        const std::vector<InstanceRecord>& records) {
  std::string text;
  for (const InstanceRecord& record : records) {
    std::vector<std::string> probabilities;
    for (size_t c = 0; c < labels.size(); ++c) {
      probabilities.push_back(
          absl::StrCat(JsonString(labels[c]), ":", JsonNumber(record.probabilities[c])));
    }
    absl::StrAppend(
        &text, "{\"instance\":", record.number, ",\"predicted\":", JsonString(record.predicted),
        ",\"probabilities\":{", absl::StrJoin(probabilities, ","),
        "},\"actual\":", record.actual.empty() ? "null" : JsonString(record.actual), "}\n");
  }
  return text;
}

}  // namespace

absl::Status RunPredictCommand(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(const std::string model_path, flags.GetRequired("model"));
  ASSIGN_OR_RETURN(const std::string data_path, flags.GetRequired("data"));
  const std::string format = flags.GetString("format", "text");
  const std::string records_path = flags.GetString("out", "");
  ASSIGN_OR_RETURN(const InstanceFlags instance_flags, ReadInstanceFlags(data_path, flags));
  RETURN_IF_ERROR(flags.CheckAllRead());
  if (format != "text" && format != "csv" && format != "json") {
    return absl::InvalidArgumentError(
        absl::StrCat("--format=", format, ": expected text, csv or json"));
  }
  if (format != "text" && records_path.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--format=", format, " needs --out=F: the records go to a file, the summary to stdout"));
  }
  ASSIGN_OR_RETURN(LoadedModel model, LoadModelFile(model_path));
  // Windows of recordings get the model's classes, so unlabelled ones can be predicted.
  ASSIGN_OR_RETURN(
      const ClassifierTable table,
      ReadInstances(data_path, instance_flags, &model.header.class_attribute().values, out));
  const Dataset& data = table.data;
  if (absl::Status same = model.header.CheckSameHeader(data, "the model", "the data"); !same.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(data_path, " does not match the header of ",
                                                   model_path, ": ", same.message()));
  }
  RETURN_IF_ERROR(data.ValidateForClassification());
  out << "Model: " << model.classifier->Describe() << ", trained on '" << model.header.relation
      << "'\n";
  out << absl::StrFormat("Data: %s: %d instances\n", data.relation, data.num_instances());
  if (format == "text") out << "instance predicted probability\n";
  const std::vector<std::string>& labels = data.class_attribute().values;
  std::vector<InstanceRecord> records;
  int labelled = 0, correct = 0;
  for (int i = 0; i < data.num_instances(); ++i) {
    absl::StatusOr<std::vector<double>> distribution =
        model.classifier->Distribution(data.instances[i]);
    if (!distribution.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(data_path, ": instance ", i + 1, ": ", distribution.status().message()));
    }
    const int predicted = MostProbableClass(*distribution);
    if (format == "text") {
      out << absl::StrFormat("%d %s %.4f\n", i + 1, labels[predicted], (*distribution)[predicted]);
    }
    records.push_back({i + 1, labels[predicted], *distribution,
                       data.ClassOf(i) >= 0 ? labels[data.ClassOf(i)] : ""});
    if (data.ClassOf(i) >= 0) {
      ++labelled;
      correct += data.ClassOf(i) == predicted;
    }
  }
  if (format != "text") {
    RETURN_IF_ERROR(WriteWholeFile(records_path, format == "csv" ? CsvRecords(labels, records)
                                                                 : JsonRecords(labels, records)));
    out << absl::StrFormat("Wrote %d %s records to %s\n", records.size(), format, records_path);
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
