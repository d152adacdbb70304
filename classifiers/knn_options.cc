#include "classifiers/knn_options.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"

namespace sentio {
namespace {

template <typename Enum>
using NameTable = std::vector<std::pair<Enum, absl::string_view>>;

const NameTable<KnnDistance>& DistanceNames() {
  static const auto* names = new NameTable<KnnDistance>{{KnnDistance::kEuclidean, "euclidean"},
                                                        {KnnDistance::kManhattan, "manhattan"},
                                                        {KnnDistance::kCosine, "cosine"}};
  return *names;
}

const NameTable<KnnWeighting>& WeightingNames() {
  static const auto* names = new NameTable<KnnWeighting>{{KnnWeighting::kUniform, "uniform"},
                                                         {KnnWeighting::kInverse, "inverse"},
                                                         {KnnWeighting::kSimilarity, "similarity"}};
  return *names;
}

const NameTable<KnnNormalization>& NormalizationNames() {
  static const auto* names = new NameTable<KnnNormalization>{{KnnNormalization::kMinMax, "minmax"},
                                                             {KnnNormalization::kZScore, "zscore"},
                                                             {KnnNormalization::kNone, "none"}};
  return *names;
}

const NameTable<KnnSearch>& SearchNames() {
  static const auto* names = new NameTable<KnnSearch>{
      {KnnSearch::kAuto, "auto"}, {KnnSearch::kBrute, "brute"}, {KnnSearch::kKdTree, "kdtree"}};
  return *names;
}

template <typename Enum>
absl::string_view NameOf(const NameTable<Enum>& table, Enum value) {
  for (const auto& [entry, name] : table) {
    if (entry == value) return name;
  }
  return "?";  // unreachable: every table lists every value
}

template <typename Enum>
absl::StatusOr<Enum> ValueOf(const NameTable<Enum>& table, absl::string_view option,
                             absl::string_view name) {
  std::vector<absl::string_view> valid;
  for (const auto& [entry, entry_name] : table) {
    if (entry_name == name) return entry;
    valid.push_back(entry_name);
  }
  return absl::InvalidArgumentError(absl::StrCat("kNN option ", option, "=", name,
                                                 " is not one of: ", absl::StrJoin(valid, ", ")));
}

}  // namespace

const std::vector<std::string>& KnnOptionNames() {
  static const auto* names =
      new std::vector<std::string>{"k", "distance", "weighting", "normalization", "search"};
  return *names;
}

absl::string_view KnnDistanceName(KnnDistance distance) {
  return NameOf(DistanceNames(), distance);
}
absl::string_view KnnWeightingName(KnnWeighting weighting) {
  return NameOf(WeightingNames(), weighting);
}
absl::string_view KnnNormalizationName(KnnNormalization normalization) {
  return NameOf(NormalizationNames(), normalization);
}
absl::string_view KnnSearchName(KnnSearch search) { return NameOf(SearchNames(), search); }

absl::StatusOr<KnnDistance> ParseKnnDistance(absl::string_view name) {
  return ValueOf(DistanceNames(), "distance", name);
}
absl::StatusOr<KnnWeighting> ParseKnnWeighting(absl::string_view name) {
  return ValueOf(WeightingNames(), "weighting", name);
}
absl::StatusOr<KnnNormalization> ParseKnnNormalization(absl::string_view name) {
  return ValueOf(NormalizationNames(), "normalization", name);
}
absl::StatusOr<KnnSearch> ParseKnnSearch(absl::string_view name) {
  return ValueOf(SearchNames(), "search", name);
}

absl::StatusOr<KnnOptions> ParseKnnOptions(const std::map<std::string, std::string>& options) {
  KnnOptions parsed;
  for (const auto& [name, value] : options) {
    if (name == "k") {
      if (!absl::SimpleAtoi(value, &parsed.k) || parsed.k < 1) {
        return absl::InvalidArgumentError(
            absl::StrCat("kNN option k=", value, " is not a positive integer"));
      }
    } else if (name == "distance") {
      ASSIGN_OR_RETURN(parsed.distance, ParseKnnDistance(value));
    } else if (name == "weighting") {
      ASSIGN_OR_RETURN(parsed.weighting, ParseKnnWeighting(value));
    } else if (name == "normalization") {
      ASSIGN_OR_RETURN(parsed.normalization, ParseKnnNormalization(value));
    } else if (name == "search") {
      ASSIGN_OR_RETURN(parsed.search, ParseKnnSearch(value));
    } else {
      return absl::InvalidArgumentError(absl::StrCat("kNN has no option '", name, "' (it accepts: ",
                                                     absl::StrJoin(KnnOptionNames(), ", "), ")"));
    }
  }
  if (parsed.search == KnnSearch::kKdTree && parsed.distance == KnnDistance::kCosine) {
    return absl::InvalidArgumentError(
        "kNN option search=kdtree works with distance=euclidean or manhattan, not cosine");
  }
  return parsed;
}

}  // namespace sentio
