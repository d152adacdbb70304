#include "apps/har/series_evaluation.h"

#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "classifiers/evaluation.h"
#include "features/window_features.h"

namespace sentio {
namespace {

std::vector<int> LabelledCases(const TimeSeriesDataset& data) {
  std::vector<int> cases;
  for (int c = 0; c < static_cast<int>(data.cases.size()); ++c) {
    if (data.cases[c].label >= 0) cases.push_back(c);
  }
  return cases;
}

// Trains on the windows of `train_cases` of `train` and adds each of `test_cases` of `test` to
// `matrix`, classified by the sum of its windows' distributions.
absl::Status EvaluateCases(const ClassifierFactory& make_classifier, const TimeSeriesDataset& train,
                           const std::vector<int>& train_cases, const TimeSeriesDataset& test,
                           const std::vector<int>& test_cases, const WindowSpec& window,
                           ConfusionMatrix& matrix) {
  ASSIGN_OR_RETURN(WindowFeatures train_windows, ExtractWindowFeatures(train, train_cases, window));
  ASSIGN_OR_RETURN(WindowFeatures test_windows, ExtractWindowFeatures(test, test_cases, window));
  RETURN_IF_ERROR(train_windows.windows.CheckSameHeader(test_windows.windows));
  ASSIGN_OR_RETURN(std::unique_ptr<Classifier> classifier, make_classifier());
  RETURN_IF_ERROR(classifier->Train(train_windows.windows));

  std::map<int, std::vector<double>> votes_of_case;
  for (int w = 0; w < test_windows.windows.num_instances(); ++w) {
    ASSIGN_OR_RETURN(std::vector<double> distribution,
                     classifier->Distribution(test_windows.windows.instances[w]));
    std::vector<double>& votes = votes_of_case[test_windows.case_of_window[w]];
    votes.resize(distribution.size(), 0);
    for (size_t c = 0; c < distribution.size(); ++c) votes[c] += distribution[c];
  }
  for (const auto& [c, votes] : votes_of_case) {
    matrix.Add(test.cases[c].label, MostProbableClass(votes));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ConfusionMatrix> EvaluateSeriesOnTestSet(const ClassifierFactory& make_classifier,
                                                        const TimeSeriesDataset& train,
                                                        const TimeSeriesDataset& test,
                                                        const WindowSpec& window) {
  if (train.class_labels != test.class_labels) {
    return absl::InvalidArgumentError(
        absl::StrCat("training data declares classes [", absl::StrJoin(train.class_labels, ", "),
                     "], test data [", absl::StrJoin(test.class_labels, ", "), "]"));
  }
  const std::vector<int> train_cases = LabelledCases(train);
  const std::vector<int> test_cases = LabelledCases(test);
  if (train_cases.empty() || test_cases.empty()) {
    return absl::InvalidArgumentError("training and test data both need labelled cases");
  }
  ConfusionMatrix matrix(train.class_labels);
  RETURN_IF_ERROR(
      EvaluateCases(make_classifier, train, train_cases, test, test_cases, window, matrix));
  return matrix;
}

absl::StatusOr<ConfusionMatrix> CrossValidateSeries(const ClassifierFactory& make_classifier,
                                                    const TimeSeriesDataset& data,
                                                    const WindowSpec& window, int folds,
                                                    uint32_t seed, const FoldDone& fold_done) {
  const std::vector<int> cases = LabelledCases(data);
  std::vector<int> labels;
  for (int c : cases) labels.push_back(data.cases[c].label);
  ASSIGN_OR_RETURN(std::vector<int> fold_of, StratifiedFolds(labels, folds, seed));
  ConfusionMatrix matrix(data.class_labels);
  for (int fold = 0; fold < folds; ++fold) {
    std::vector<int> train_cases, test_cases;
    for (size_t i = 0; i < cases.size(); ++i) {
      (fold_of[i] == fold ? test_cases : train_cases).push_back(cases[i]);
    }
    RETURN_IF_ERROR(
        EvaluateCases(make_classifier, data, train_cases, data, test_cases, window, matrix));
    if (fold_done) fold_done();
  }
  return matrix;
}

absl::StatusOr<ConfusionMatrix> LeaveOneGroupOutSeries(const ClassifierFactory& make_classifier,
                                                       const TimeSeriesDataset& data,
                                                       const std::vector<int>& group_of_case,
                                                       const WindowSpec& window,
                                                       const FoldDone& fold_done) {
  if (group_of_case.size() != data.cases.size()) {
    return absl::InvalidArgumentError(absl::StrCat("leave-one-group-out: ", group_of_case.size(),
                                                   " groups for ", data.cases.size(), " cases"));
  }
  std::map<int, std::vector<int>> cases_of_group;
  for (int c : LabelledCases(data)) cases_of_group[group_of_case[c]].push_back(c);
  if (cases_of_group.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("leave-one-group-out needs labelled cases in at least 2 groups, there are ",
                     cases_of_group.size()));
  }
  ConfusionMatrix matrix(data.class_labels);
  for (const auto& [group, test_cases] : cases_of_group) {
    std::vector<int> train_cases;
    for (const auto& [other, cases] : cases_of_group) {
      if (other != group) train_cases.insert(train_cases.end(), cases.begin(), cases.end());
    }
    RETURN_IF_ERROR(
        EvaluateCases(make_classifier, data, train_cases, data, test_cases, window, matrix));
    if (fold_done) fold_done();
  }
  return matrix;
}

}  // namespace sentio
