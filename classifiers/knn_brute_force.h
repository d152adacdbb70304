// Brute-force kNN search: the distance from a query to every training row, computed eight rows at
// a time from a blocked copy of the scaled training matrix so that the compiler vectorises the
// inner loop (at -O2; each row's sum still adds its attributes in order, so distances are
// bit-identical to a plain row-by-row loop and to the kd-tree's, classifiers/kd_tree.h).
//
// Distances between scaled rows (NaN is a missing value; a nominal value is its label index):
// - euclidean: sqrt of the sum of squared attribute differences (neighbours are ranked, and tie,
//   on the sum, as in Weka's LinearNNSearch, which takes the root afterwards); manhattan: the sum
//   of absolute differences. Nominal attributes differ by 0 (same label) or 1 (different or
//   missing). Numeric, one value missing: the difference is max(v - low, high - v), v the known
//   value and [low, high] the column's scaled training range; both missing: high - low (Weka's
//   rules).
// - cosine: 1 - a.b / (|a| |b|) with a numeric attribute contributing its scaled value, a
//   nominal one a one-hot indicator (1 to the product when both labels are equal, 1 to each
//   norm when known), and a missing value contributing nothing; 1 when either norm is 0.
#ifndef CLASSIFIERS_KNN_BRUTE_FORCE_H_
#define CLASSIFIERS_KNN_BRUTE_FORCE_H_

#include <vector>

#include "classifiers/knn_options.h"
#include "classifiers/nearest_neighbours.h"

namespace sentio {

// One attribute as kNN distances see it, after scaling.
struct DistanceColumn {
  bool nominal = false;
  double low = 0, high = 1;  // numeric: the scaled training range, for missing values
};

class BruteForceSearch {
 public:
  BruteForceSearch() = default;
  // `rows`: num_rows x columns.size() scaled values, row-major.
  BruteForceSearch(std::vector<DistanceColumn> columns, const std::vector<double>& rows,
                   int num_rows, KnnDistance distance);

  // NearestWithTies over every row for `query` (one scaled value per column); k >= 1.
  std::vector<Neighbour> Nearest(const double* query, int k) const;

  int num_rows() const { return num_rows_; }

 private:
  static constexpr int kLanes = 8;  // rows per block

  // What neighbours are ranked by, per row: the distance, or for euclidean its square.
  std::vector<double> RankingDistances(const double* query) const;

  std::vector<DistanceColumn> columns_;
  KnnDistance distance_ = KnnDistance::kEuclidean;
  int num_rows_ = 0;
  // Block b holds rows 8b..8b+7 column by column: value (b, column j, lane l) sits at
  // (b * columns + j) * 8 + l. Rows past the end are padding (0) whose distances are dropped.
  std::vector<double> blocked_;
  std::vector<double> row_norms_;  // cosine: |row| per row
};

}  // namespace sentio

#endif  // CLASSIFIERS_KNN_BRUTE_FORCE_H_
