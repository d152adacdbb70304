#include "apps/eval_command.h"

#include <algorithm>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "apps/classifier_table.h"
#include "apps/har/series_evaluation.h"
#include "apps/report/evaluation_report.h"
#include "apps/report/html_report.h"
#include "apps/series_input.h"
#include "base/progress.h"
#include "base/status_macros.h"
#include "classifiers/classifier_registry.h"
#include "classifiers/evaluation.h"

namespace sentio {
namespace {

struct EvalSettings {
  std::string data_path;
  std::string test_path;  // empty: cross-validate
  std::string classifier_name;
  int folds = 10;
  uint32_t seed = 1;
  SeriesFlags series;  // recordings (.ts or timestamped CSV) only
  TableFlags table;    // tables only: the columns' roles
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

absl::StatusOr<ConfusionMatrix> EvaluateSeries(const EvalSettings& settings,
                                               const ClassifierFactory& make_classifier,
                                               std::ostream& out) {
  ASSIGN_OR_RETURN(SeriesInput train, ReadSeriesInput(settings.data_path, settings.series));
  ASSIGN_OR_RETURN(const WindowSpec window, ChooseWindow(settings.series, train));
  RETURN_IF_ERROR(DropShortCases(settings.series, window.size, settings.data_path, train));
  out << "Training data: " << Summary(train.data) << "\n";
  PrintSeriesNotes(train, out);
  out << "Features: mean, std, min, max, mean absolute deviation and energy of each channel, over "
      << "windows of " << window.size << " samples every " << window.hop << " samples\n";
  if (!train.group_names.empty()) {
    if (!settings.test_path.empty()) {
      return absl::InvalidArgumentError(
          "groups choose leave-one-group-out cross-validation; they cannot go with --test");
    }
    out << "Evaluation: leave-one-group-out over the " << train.group_names.size()
        << " groups, cases classified by the summed class probabilities of their windows\n";
    ProgressLine progress("eval", "group", static_cast<int64_t>(train.group_names.size()));
    return LeaveOneGroupOutSeries(make_classifier, train.data, train.group_of_case, window,
                                  [&progress] { progress.Advance(); });
  }
  if (settings.test_path.empty()) {
    out << "Evaluation: " << settings.folds << "-fold stratified cross-validation over cases, seed "
        << settings.seed << "\n";
    ProgressLine progress("eval", "fold", settings.folds);
    return CrossValidateSeries(make_classifier, train.data, window, settings.folds, settings.seed,
                               [&progress] { progress.Advance(); });
  }
  ASSIGN_OR_RETURN(SeriesInput test, ReadSeriesInput(settings.test_path, settings.series));
  RETURN_IF_ERROR(DropShortCases(settings.series, window.size, settings.test_path, test));
  out << "Test data: " << Summary(test.data) << "\n";
  out << "Evaluation: every test case, classified by the summed class probabilities of its "
         "windows\n";
  return EvaluateSeriesOnTestSet(make_classifier, train.data, test.data, window);
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
    ProgressLine progress("eval", "group", static_cast<int64_t>(groups.size()));
    return LeaveOneGroupOut(make_classifier, train.data, train.groups.of_instance,
                            [&progress] { progress.Advance(); });
  }
  if (settings.test_path.empty()) {
    out << "Evaluation: " << settings.folds << "-fold stratified cross-validation, seed "
        << settings.seed << "\n";
    ProgressLine progress("eval", "fold", settings.folds);
    return CrossValidate(make_classifier, train.data, settings.folds, settings.seed,
                         [&progress] { progress.Advance(); });
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
  const std::string report_dir = flags.GetString("report", "");
  const bool series = IsSeriesInput(settings.data_path, flags);
  if (series) {
    ASSIGN_OR_RETURN(settings.series, ReadSeriesFlags(flags, /*for_evaluation=*/true));
  } else {
    settings.table = ReadTableFlags(flags, /*with_group=*/true);
  }
  // Every flag not read above configures the classifier, which rejects what it does not know.
  ASSIGN_OR_RETURN(const ClassifierOptions options, flags.Unread());
  ASSIGN_OR_RETURN(ClassifierFactory make_classifier,
                   ClassifierFactoryFor(settings.classifier_name, options));
  ASSIGN_OR_RETURN(std::unique_ptr<Classifier> classifier, make_classifier());
  // The summary lines go to `out` and, with --report, to the report's header.
  std::ostringstream summary;
  summary << "Classifier: " << classifier->Describe() << "\n";
  absl::StatusOr<ConfusionMatrix> matrix = series
                                               ? EvaluateSeries(settings, make_classifier, summary)
                                               : EvaluateTable(settings, make_classifier, summary);
  out << summary.str();
  if (!matrix.ok()) return matrix.status();
  out << "\n" << matrix->Report();
  if (!report_dir.empty()) {
    ASSIGN_OR_RETURN(const std::string page,
                     report::WriteEvaluationReport(
                         report_dir, report::CommandText("eval", flags.args()),
                         absl::StrSplit(summary.str(), '\n', absl::SkipEmpty()), *matrix));
    out << "Report: " << page << "\n";
  }
  out << absl::StrFormat("accuracy=%.4f\n", matrix->accuracy());
  return absl::OkStatus();
}

}  // namespace sentio
