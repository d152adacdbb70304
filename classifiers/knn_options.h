// The settings of the kNN classifier (classifiers/knn.h) and their names, as `sentio eval
// --classifier=knn --k=3 --distance=manhattan ...` and model files spell them. The defaults are
// Weka IBk's: k = 1, Euclidean distance, no distance weighting, min-max normalisation.
#ifndef CLASSIFIERS_KNN_OPTIONS_H_
#define CLASSIFIERS_KNN_OPTIONS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sentio {

enum class KnnDistance { kEuclidean, kManhattan, kCosine };
// How much a neighbour's vote counts: 1 (uniform), Weka's -I 1 / (d + 0.001) (inverse) or
// Weka's -F 1 - d (similarity).
enum class KnnWeighting { kUniform, kInverse, kSimilarity };
// How numeric attributes are scaled before distances: to [0, 1] by the training minimum and
// range (minmax), to mean 0 and standard deviation 1 (zscore), or not at all (none).
enum class KnnNormalization { kMinMax, kZScore, kNone };
// How neighbours are found: always brute force, a kd-tree (numeric data only), or auto: the
// kd-tree where it applies and pays off. Both give the same neighbours.
enum class KnnSearch { kAuto, kBrute, kKdTree };

struct KnnOptions {
  int k = 1;
  KnnDistance distance = KnnDistance::kEuclidean;
  KnnWeighting weighting = KnnWeighting::kUniform;
  KnnNormalization normalization = KnnNormalization::kMinMax;
  KnnSearch search = KnnSearch::kAuto;
};

// The option names ParseKnnOptions reads: k, distance, weighting, normalization, search.
const std::vector<std::string>& KnnOptionNames();

// Reads the options present in `options` (name -> value) over the defaults. Fails naming the
// option and listing the valid values; search=kdtree with distance=cosine is refused.
absl::StatusOr<KnnOptions> ParseKnnOptions(const std::map<std::string, std::string>& options);

// The name of each value, as ParseKnnOptions reads it.
absl::string_view KnnDistanceName(KnnDistance distance);
absl::string_view KnnWeightingName(KnnWeighting weighting);
absl::string_view KnnNormalizationName(KnnNormalization normalization);
absl::string_view KnnSearchName(KnnSearch search);

// Each value from its name; the error names the option and lists the valid names.
absl::StatusOr<KnnDistance> ParseKnnDistance(absl::string_view name);
absl::StatusOr<KnnWeighting> ParseKnnWeighting(absl::string_view name);
absl::StatusOr<KnnNormalization> ParseKnnNormalization(absl::string_view name);
absl::StatusOr<KnnSearch> ParseKnnSearch(absl::string_view name);

}  // namespace sentio

#endif  // CLASSIFIERS_KNN_OPTIONS_H_
