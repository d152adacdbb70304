#include "apps/eval_command.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "apps/classifier_table.h"
#include "apps/har/series_evaluation.h"
#include "base/status_macros.h"
#include "classifiers/classifier_registry.h"
#include "classifiers/evaluation.h"
#include "sensing/ts_reader.h"

namespace sentio {
namespace {

struct EvalSettings {
  std::string data_path;
  std::string test_path;  // empty: cross-validate
  std::string classifier_name;
  int folds = 10;
  uint32_t seed = 1;
  // .ts only: window and hop in samples (unset: half the shortest case, hop half a window) and
  // the sampling rate that timestamps are made from.
  std::optional<int64_t> window_size, window_hop;
  double rate_hz = 1.0;
  TableFlags table;  // tables only: the columns' roles
};

std::string Summary(const Dataset& data) {
  return absl::StrFormat("%s: %d instances, %d attributes, %d classes", data.relation,
                         data.num_instances(), data.num_attributes() - 1, data.num_classes());
}

std::string Summary(const TimeSeriesDataset& data) {
  int64_t shortest = 0;
  for (const TimeSeriesCase& c : data.cases) {
    if (shortest == 0 || c.series.num_samples() < shortest) shortest = c.series.num_samples();
  }
  return absl::StrFormat("%s: %d cases, %d channels, shortest %d samples, %d classes",
                         data.problem_name, data.cases.size(),
                         data.cases.empty() ? 0 : data.cases[0].series.num_channels(), shortest,
                         data.class_labels.size());
}

WindowSpec WindowFor(const EvalSettings& settings, const TimeSeriesDataset& train) {
  int64_t shortest = -1;
  for (const TimeSeriesCase& c : train.cases) {
    if (shortest < 0 || c.series.num_samples() < shortest) shortest = c.series.num_samples();
  }
  WindowSpec window;
  window.size = settings.window_size.value_or(std::max<int64_t>(1, shortest / 2));
  window.hop = settings.window_hop.value_or(std::max<int64_t>(1, window.size / 2));
  return window;
}

absl::StatusOr<ConfusionMatrix> EvaluateSeries(const EvalSettings& settings,
                                               const ClassifierFactory& make_classifier,
                                               std::ostream& out) {
  TsReadOptions options;
  options.sample_rate_hz = settings.rate_hz;
  ASSIGN_OR_RETURN(TimeSeriesDataset train, ReadTsFile(settings.data_path, options));
  const WindowSpec window = WindowFor(settings, train);
  out << "Training data: " << Summary(train) << "\n";
  out << "Features: mean, std, min, max, mean absolute deviation and energy of each channel, over "
      << "windows of " << window.size << " samples every " << window.hop << " samples\n";
  if (settings.test_path.empty()) {
    out << "Evaluation: " << settings.folds << "-fold stratified cross-validation over cases, seed "
        << settings.seed << "\n";
    return CrossValidateSeries(make_classifier, train, window, settings.folds, settings.seed);
  }
  ASSIGN_OR_RETURN(TimeSeriesDataset test, ReadTsFile(settings.test_path, options));
  out << "Test data: " << Summary(test) << "\n";
  out << "Evaluation: every test case, classified by the summed class probabilities of its "
         "windows\n";
  return EvaluateSeriesOnTestSet(make_classifier, train, test, window);
}

absl::StatusOr<ConfusionMatrix> EvaluateTable(const EvalSettings& settings,
                                              const ClassifierFactory& make_classifier,
                                              std::ostream& out) {
  ASSIGN_OR_RETURN(ClassifierTable train, ReadClassifierTable(settings.data_path, settings.table));
  RETURN_IF_ERROR(train.data.ValidateForClassification());
  RETURN_IF_ERROR(CheckSeveralClasses(train.data, settings.data_path));
  out << "Training data: " << Summary(train.data) << "\n";
  PrintWarnings(train.leak_warnings, out);
  const std::vector<std::string>& groups = train.groups.names;
  if (!groups.empty()) {
    if (!settings.test_path.empty()) {
      return absl::InvalidArgumentError(
          "--group chooses leave-one-group-out cross-validation; it cannot go with --test");
    }
    out << "Evaluation: leave-one-group-out over the " << groups.size() << " groups of '"
        << settings.table.columns.group << "'\n";
    return LeaveOneGroupOut(make_classifier, train.data, train.groups.of_instance);
  }
  if (settings.test_path.empty()) {
    out << "Evaluation: " << settings.folds << "-fold stratified cross-validation, seed "
        << settings.seed << "\n";
    return CrossValidate(make_classifier, train.data, settings.folds, settings.seed);
  }
  ASSIGN_OR_RETURN(ClassifierTable test, ReadClassifierTable(settings.test_path, settings.table));
  out << "Test data: " << Summary(test.data) << "\n";
  return EvaluateOnTestSet(make_classifier, train.data, test.data);
}

}  // namespace

absl::Status RunEvalCommand(CommandLine& flags, std::ostream& out) {
  EvalSettings settings;
  ASSIGN_OR_RETURN(settings.data_path, flags.GetRequired("data"));
  settings.test_path = flags.GetString("test", "");
  settings.classifier_name = flags.GetString("classifier", "knn");
  ASSIGN_OR_RETURN(int64_t folds, flags.GetInt("folds", 10));
  ASSIGN_OR_RETURN(int64_t seed, flags.GetInt("seed", 1));
  settings.folds = static_cast<int>(folds);
  settings.seed = static_cast<uint32_t>(seed);
  const bool series = absl::EndsWithIgnoreCase(settings.data_path, ".ts");
  settings.table = ReadTableFlags(flags, /*with_group=*/true);
  if (series && (!settings.table.class_column.empty() || !settings.table.columns.ignore.empty() ||
                 !settings.table.columns.group.empty())) {
    return absl::InvalidArgumentError(
        "--class, --ignore and --group are for tables (.arff, .csv); a .ts file's cases carry "
        "their class");
  }
  if (series) {
    if (flags.Has("window")) {
      ASSIGN_OR_RETURN(settings.window_size, flags.GetInt("window", 0));
    }
    if (flags.Has("hop")) {
      ASSIGN_OR_RETURN(settings.window_hop, flags.GetInt("hop", 0));
    }
    ASSIGN_OR_RETURN(settings.rate_hz, flags.GetDouble("rate_hz", settings.rate_hz));
  }
  // Every flag not read above configures the classifier, which rejects what it does not know.
  ASSIGN_OR_RETURN(const ClassifierOptions options, flags.Unread());
  ASSIGN_OR_RETURN(ClassifierFactory make_classifier,
                   ClassifierFactoryFor(settings.classifier_name, options));
  ASSIGN_OR_RETURN(std::unique_ptr<Classifier> classifier, make_classifier());
  out << "Classifier: " << classifier->Describe() << "\n";

  absl::StatusOr<ConfusionMatrix> matrix = series ? EvaluateSeries(settings, make_classifier, out)
                                                  : EvaluateTable(settings, make_classifier, out);
  if (!matrix.ok()) return matrix.status();
  out << "\n" << matrix->Report();
  out << absl::StrFormat("accuracy=%.4f\n", matrix->accuracy());
  return absl::OkStatus();
}

}  // namespace sentio
