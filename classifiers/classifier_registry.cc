#include "classifiers/classifier_registry.h"

#include <cmath>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "classifiers/c45_tree.h"
#include "classifiers/gmm_classifier.h"
#include "classifiers/knn.h"
#include "classifiers/naive_bayes.h"
#include "classifiers/random_forest.h"
#include "classifiers/rule_tree.h"

namespace sentio {
namespace {

absl::Status RejectUnknownOptions(absl::string_view classifier, const ClassifierOptions& options,
                                  const std::vector<std::string>& accepted) {
  for (const auto& [name, value] : options) {
    if (std::find(accepted.begin(), accepted.end(), name) == accepted.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "classifier '", classifier, "' has no option '", name, "' (it accepts: ",
          accepted.empty() ? "none" : absl::StrJoin(accepted, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<int> PositiveIntOption(const ClassifierOptions& options, const std::string& name,
                                      int default_value) {
  auto it = options.find(name);
  if (it == options.end()) return default_value;
  int value;
  if (!absl::SimpleAtoi(it->second, &value) || value < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("option ", name, "=", it->second, " is not a positive integer"));
  }
  return value;
}

// A finite number above 0 (or at least 0 when `zero_allowed`).
absl::StatusOr<double> PositiveDoubleOption(const ClassifierOptions& options,
                                            const std::string& name, double default_value,
                                            bool zero_allowed) {
  auto it = options.find(name);
  if (it == options.end()) return default_value;
  double value;
  if (!absl::SimpleAtod(it->second, &value) || !std::isfinite(value) || value < 0 ||
      (value == 0 && !zero_allowed)) {
    return absl::InvalidArgumentError(absl::StrCat("option ", name, "=", it->second, " is not a ",
                                                   zero_allowed ? "non-negative" : "positive",
                                                   " number"));
  }
  return value;
}

absl::StatusOr<ClassifierFactory> KnnFactory(const ClassifierOptions& options) {
  if (auto status = RejectUnknownOptions("knn", options, KnnOptionNames()); !status.ok()) {
    return status;
  }
  absl::StatusOr<KnnOptions> knn = ParseKnnOptions(options);
  if (!knn.ok()) return knn.status();
  return ClassifierFactory([knn = *knn]() -> absl::StatusOr<std::unique_ptr<Classifier>> {
    return std::make_unique<KnnClassifier>(knn);
  });
}

absl::StatusOr<ClassifierFactory> NaiveBayesFactory(const ClassifierOptions& options) {
  if (auto status = RejectUnknownOptions("nb", options, {}); !status.ok()) return status;
  return ClassifierFactory([]() -> absl::StatusOr<std::unique_ptr<Classifier>> {
    return std::make_unique<NaiveBayesClassifier>();
  });
}

absl::StatusOr<ClassifierFactory> GmmFactory(const ClassifierOptions& options) {
  if (auto status =
          RejectUnknownOptions("gmm", options,
                               {"components", "covariance", "seed", "restarts", "regularization",
                                "tolerance", "max_iterations"});
      !status.ok()) {
    return status;
  }
  GmmClassifierOptions gmm;
  absl::StatusOr<int> components = PositiveIntOption(options, "components", gmm.components);
  if (!components.ok()) return components.status();
  gmm.components = *components;
  absl::StatusOr<int> restarts = PositiveIntOption(options, "restarts", gmm.restarts);
  if (!restarts.ok()) return restarts.status();
  gmm.restarts = *restarts;
  absl::StatusOr<int> max_iterations =
      PositiveIntOption(options, "max_iterations", gmm.max_iterations);
  if (!max_iterations.ok()) return max_iterations.status();
  gmm.max_iterations = *max_iterations;
  absl::StatusOr<double> regularization =
      PositiveDoubleOption(options, "regularization", gmm.regularization, /*zero_allowed=*/true);
  if (!regularization.ok()) return regularization.status();
  gmm.regularization = *regularization;
  absl::StatusOr<double> tolerance =
      PositiveDoubleOption(options, "tolerance", gmm.tolerance, /*zero_allowed=*/false);
  if (!tolerance.ok()) return tolerance.status();
  gmm.tolerance = *tolerance;
  if (auto it = options.find("covariance"); it != options.end()) {
    absl::StatusOr<CovarianceType> covariance = ParseCovarianceType(it->second);
    if (!covariance.ok()) return covariance.status();
    gmm.covariance = *covariance;
  }
  if (auto it = options.find("seed");
      it != options.end() && !absl::SimpleAtoi(it->second, &gmm.seed)) {
    return absl::InvalidArgumentError(
        absl::StrCat("option seed=", it->second, " is not an integer from 0 to 4294967295"));
  }
  return ClassifierFactory([gmm]() -> absl::StatusOr<std::unique_ptr<Classifier>> {
    return std::make_unique<GmmClassifier>(gmm);
  });
}

using FactoryMaker = absl::StatusOr<ClassifierFactory> (*)(const ClassifierOptions&);

const std::map<std::string, FactoryMaker>& Registry() {
  static const auto* registry = new std::map<std::string, FactoryMaker>{
      {"c45", &C45FactoryFromOptions},
      {"gmm", &GmmFactory}, {"knn", &KnnFactory}, {"nb", &NaiveBayesFactory},
      {"rf", &RandomForestFactoryFromOptions}, {"rules", &RuleTreeFactoryFromOptions}};
  return *registry;
}

}  // namespace

std::vector<std::string> ClassifierNames() {
  std::vector<std::string> names;
  for (const auto& [name, maker] : Registry()) names.push_back(name);
  return names;
}

absl::StatusOr<ClassifierFactory> ClassifierFactoryFor(absl::string_view name,
                                                       const ClassifierOptions& options) {
  auto it = Registry().find(std::string(name));
  if (it == Registry().end()) {
    return absl::NotFoundError(absl::StrCat("unknown classifier '", name,
                                            "' (known: ", absl::StrJoin(ClassifierNames(), ", "),
                                            ")"));
  }
  return it->second(options);
}

absl::StatusOr<std::unique_ptr<Classifier>> RestoreClassifier(absl::string_view name,
                                                              const ClassifierOptions& options,
                                                              const Dataset& header,
                                                              const ModelState& state) {
  absl::StatusOr<ClassifierFactory> factory = ClassifierFactoryFor(name, options);
  if (!factory.ok()) return factory.status();
  absl::StatusOr<std::unique_ptr<Classifier>> classifier = (*factory)();
  if (!classifier.ok()) return classifier.status();
  if (absl::Status status = (*classifier)->LoadState(header, state); !status.ok()) {
    return status;
  }
  return classifier;
}

}  // namespace sentio
