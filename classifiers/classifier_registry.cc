#include "classifiers/classifier_registry.h"

#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "classifiers/knn.h"

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

absl::StatusOr<ClassifierFactory> KnnFactory(const ClassifierOptions& options) {
  if (auto status = RejectUnknownOptions("knn", options, {"k"}); !status.ok()) return status;
  absl::StatusOr<int> k = PositiveIntOption(options, "k", 1);  // Weka IBk's default
  if (!k.ok()) return k.status();
  return ClassifierFactory([k = *k]() -> absl::StatusOr<std::unique_ptr<Classifier>> {
    return std::make_unique<KnnClassifier>(k);
  });
}

using FactoryMaker = absl::StatusOr<ClassifierFactory> (*)(const ClassifierOptions&);

const std::map<std::string, FactoryMaker>& Registry() {
  static const auto* registry = new std::map<std::string, FactoryMaker>{{"knn", &KnnFactory}};
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

}  // namespace sentio
