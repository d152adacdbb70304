#include "classifiers/evaluation.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"

namespace sentio {

absl::StatusOr<std::vector<int>> StratifiedFolds(const std::vector<int>& labels, int folds,
                                                 uint32_t seed) {
  const int n = static_cast<int>(labels.size());
  if (folds < 2 || folds > n) {
    return absl::InvalidArgumentError(
        absl::StrCat("cross-validation needs 2 to ", n, " folds for ", n, " items, got ", folds));
  }
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  // Fisher-Yates with mt19937 spelled out: std::shuffle's draws differ between standard libraries.
  std::mt19937 random(seed);
  for (int i = n - 1; i > 0; --i) std::swap(order[i], order[random() % (i + 1)]);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return labels[a] < labels[b]; });
  std::vector<int> fold_of(n);
  for (int position = 0; position < n; ++position) fold_of[order[position]] = position % folds;
  return fold_of;
}

absl::StatusOr<ConfusionMatrix> EvaluateOnTestSet(const ClassifierFactory& make_classifier,
                                                  const Dataset& train, const Dataset& test) {
  RETURN_IF_ERROR(train.CheckSameHeader(test, "the training data", "the test data"));
  RETURN_IF_ERROR(test.ValidateForClassification());
  ASSIGN_OR_RETURN(std::unique_ptr<Classifier> classifier, make_classifier());
  RETURN_IF_ERROR(classifier->Train(train));
  ConfusionMatrix matrix(train.class_attribute().values);
  for (int i = 0; i < test.num_instances(); ++i) {
    const int actual = test.ClassOf(i);
    if (actual < 0) continue;
    ASSIGN_OR_RETURN(std::vector<double> distribution, classifier->Distribution(test.instances[i]));
    matrix.Add(actual, MostProbableClass(distribution), test.instances[i].weight);
  }
  return matrix;
}

absl::StatusOr<ConfusionMatrix> CrossValidate(const ClassifierFactory& make_classifier,
                                              const Dataset& data, int folds, uint32_t seed,
                                              const FoldDone& fold_done) {
  RETURN_IF_ERROR(data.ValidateForClassification());
  std::vector<int> labels(data.num_instances());
  for (int i = 0; i < data.num_instances(); ++i) labels[i] = data.ClassOf(i);
  ASSIGN_OR_RETURN(std::vector<int> fold_of, StratifiedFolds(labels, folds, seed));
  ConfusionMatrix total(data.class_attribute().values);
  for (int fold = 0; fold < folds; ++fold) {
    std::vector<int> train, test;
    for (int i = 0; i < data.num_instances(); ++i) (fold_of[i] == fold ? test : train).push_back(i);
    ASSIGN_OR_RETURN(ConfusionMatrix fold_matrix,
                     EvaluateOnTestSet(make_classifier, data.Subset(train), data.Subset(test)));
    total.Merge(fold_matrix);
    if (fold_done) fold_done();
  }
  return total;
}

absl::StatusOr<ConfusionMatrix> LeaveOneGroupOut(const ClassifierFactory& make_classifier,
                                                 const Dataset& data,
                                                 const std::vector<int>& groups,
                                                 const FoldDone& fold_done) {
  RETURN_IF_ERROR(data.ValidateForClassification());
  if (static_cast<int>(groups.size()) != data.num_instances()) {
    return absl::InvalidArgumentError(absl::StrCat("leave-one-group-out: ", groups.size(),
                                                   " groups for ", data.num_instances(),
                                                   " instances of '", data.relation, "'"));
  }
  const std::set<int> distinct(groups.begin(), groups.end());
  if (distinct.size() < 2) {
    return absl::InvalidArgumentError(absl::StrCat("leave-one-group-out needs at least 2 groups, '",
                                                   data.relation, "' has ", distinct.size()));
  }
  ConfusionMatrix total(data.class_attribute().values);
  for (int held_out : distinct) {
    std::vector<int> train, test;
    for (int i = 0; i < data.num_instances(); ++i) {
      (groups[i] == held_out ? test : train).push_back(i);
    }
    ASSIGN_OR_RETURN(ConfusionMatrix group_matrix,
                     EvaluateOnTestSet(make_classifier, data.Subset(train), data.Subset(test)));
    total.Merge(group_matrix);
    if (fold_done) fold_done();
  }
  return total;
}

}  // namespace sentio
