#include "classifiers/knn_brute_force.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "sensing/dataset.h"

namespace sentio {
namespace {

// What one column adds to a row's sum, given the query's value there.
enum class Term {
  kSquaredDifference,   // euclidean, numeric, query known: (x - q)^2; x missing: if_missing
  kAbsoluteDifference,  // manhattan, numeric, query known: |x - q|; x missing: if_missing
  kSquaredFarthest,     // euclidean, numeric, query missing: max(x - low, high - x)^2
  kAbsoluteFarthest,    // manhattan, numeric, query missing: |max(x - low, high - x)|
  kLabelMismatch,       // nominal, query known: 0 for the same label, else 1
  kConstant,            // every row gets if_missing (nominal, query missing: 1)
  kProduct,             // cosine, numeric, query known: x q; x missing: 0
  kLabelMatch,          // cosine, nominal, query known: 1 for the same label, else 0
  kNothing,             // cosine, query missing
};

struct QueryTerm {
  Term term;
  double query = 0;       // the query's value
  double if_missing = 0;  // what a row with a missing value adds
  double low = 0, high = 0;
};

double Squared(double v) { return v * v; }

std::vector<QueryTerm> TermsFor(const std::vector<DistanceColumn>& columns, const double* query,
                                KnnDistance distance) {
  std::vector<QueryTerm> terms(columns.size());
  for (size_t j = 0; j < columns.size(); ++j) {
    const DistanceColumn& column = columns[j];
    QueryTerm& term = terms[j];
    const double q = query[j];
    term.query = q;
    term.low = column.low;
    term.high = column.high;
    if (distance == KnnDistance::kCosine) {
      term.term = IsMissing(q)     ? Term::kNothing
                  : column.nominal ? Term::kLabelMatch
                                   : Term::kProduct;
    } else if (column.nominal) {
      term.term = IsMissing(q) ? Term::kConstant : Term::kLabelMismatch;
      term.if_missing = 1;
    } else {
      const bool squared = distance == KnnDistance::kEuclidean;
      // Weka: a missing value lies as far from the known one as the training range allows.
      const double difference =
          IsMissing(q) ? column.high - column.low : std::max(q - column.low, column.high - q);
      term.if_missing = squared ? Squared(difference) : std::fabs(difference);
      if (IsMissing(q)) {
        term.term = squared ? Term::kSquaredFarthest : Term::kAbsoluteFarthest;
      } else {
        term.term = squared ? Term::kSquaredDifference : Term::kAbsoluteDifference;
      }
    }
  }
  return terms;
}

// Adds one column's term to the sums of the eight rows of a block. Each case is a fixed-length
// loop that computes its term unconditionally and then selects (a missing value is NaN), with
// the query's settings in locals that the stores to `sum` cannot alias: no branch and no reload,
// so GCC vectorises every case at -O2.
template <int kLanes>
inline void AddTerm(const QueryTerm& term, const double* x, double* sum) {
  const double q = term.query, if_missing = term.if_missing, low = term.low, high = term.high;
  switch (term.term) {
    case Term::kSquaredDifference:
      for (int l = 0; l < kLanes; ++l) {
        const double d = x[l] - q, squared = d * d;
        sum[l] += std::isnan(x[l]) ? if_missing : squared;
      }
      break;
    case Term::kAbsoluteDifference:
      for (int l = 0; l < kLanes; ++l) {
        const double d = std::fabs(x[l] - q);
        sum[l] += std::isnan(x[l]) ? if_missing : d;
      }
      break;
    case Term::kSquaredFarthest:
      for (int l = 0; l < kLanes; ++l) {
        const double d = std::max(x[l] - low, high - x[l]), squared = d * d;
        sum[l] += std::isnan(x[l]) ? if_missing : squared;
      }
      break;
    case Term::kAbsoluteFarthest:
      for (int l = 0; l < kLanes; ++l) {
        const double d = std::fabs(std::max(x[l] - low, high - x[l]));
        sum[l] += std::isnan(x[l]) ? if_missing : d;
      }
      break;
    case Term::kLabelMismatch:
      for (int l = 0; l < kLanes; ++l) sum[l] += x[l] == q ? 0.0 : 1.0;
      break;
    case Term::kConstant:
      for (int l = 0; l < kLanes; ++l) sum[l] += if_missing;
      break;
    case Term::kProduct:
      for (int l = 0; l < kLanes; ++l) {
        const double product = x[l] * q;
        sum[l] += std::isnan(x[l]) ? 0.0 : product;
      }
      break;
    case Term::kLabelMatch:
      for (int l = 0; l < kLanes; ++l) sum[l] += x[l] == q ? 1.0 : 0.0;
      break;
    case Term::kNothing:
      break;
  }
}

// The cosine norm of a scaled row: numeric values squared, 1 per known nominal value.
double CosineNorm(const std::vector<DistanceColumn>& columns, const double* row) {
  double sum = 0;
  for (size_t j = 0; j < columns.size(); ++j) {
    if (IsMissing(row[j])) continue;
    sum += columns[j].nominal ? 1.0 : row[j] * row[j];
  }
  return std::sqrt(sum);
}

}  // namespace

BruteForceSearch::BruteForceSearch(std::vector<DistanceColumn> columns,
                                   const std::vector<double>& rows, int num_rows,
                                   KnnDistance distance)
    : columns_(std::move(columns)), distance_(distance), num_rows_(num_rows) {
  const size_t width = columns_.size();
  const size_t num_blocks = (num_rows_ + kLanes - 1) / kLanes;
  blocked_.assign(num_blocks * width * kLanes, 0.0);
  for (int i = 0; i < num_rows_; ++i) {
    const size_t block = i / kLanes, lane = i % kLanes;
    for (size_t j = 0; j < width; ++j) {
      blocked_[(block * width + j) * kLanes + lane] = rows[i * width + j];
    }
  }
  if (distance_ == KnnDistance::kCosine) {
    row_norms_.resize(num_rows_);
    for (int i = 0; i < num_rows_; ++i) row_norms_[i] = CosineNorm(columns_, &rows[i * width]);
  }
}

std::vector<double> BruteForceSearch::RankingDistances(const double* query) const {
  const std::vector<QueryTerm> terms = TermsFor(columns_, query, distance_);
  const size_t width = columns_.size();
  const size_t num_blocks = (num_rows_ + kLanes - 1) / kLanes;
  std::vector<double> distances(num_blocks * kLanes);
  for (size_t b = 0; b < num_blocks; ++b) {
    double sum[kLanes] = {};
    const double* block = blocked_.data() + b * width * kLanes;
    for (size_t j = 0; j < width; ++j) AddTerm<kLanes>(terms[j], block + j * kLanes, sum);
    std::copy(sum, sum + kLanes, distances.begin() + b * kLanes);
  }
  distances.resize(num_rows_);
  if (distance_ == KnnDistance::kCosine) {
    const double query_norm = CosineNorm(columns_, query);
    for (int i = 0; i < num_rows_; ++i) {
      const double norms = row_norms_[i] * query_norm;
      // Rounding can take 1 - a.b / (|a| |b|) a little below 0 for parallel vectors.
      distances[i] = norms > 0 ? std::max(0.0, 1 - distances[i] / norms) : 1.0;
    }
  }
  return distances;
}

std::vector<Neighbour> BruteForceSearch::Nearest(const double* query, int k) const {
  const std::vector<double> distances = RankingDistances(query);
  // The k-th smallest distance first, over plain doubles (cheaper than over Neighbours), then
  // only the rows within it go through NearestWithTies.
  double kth_distance = std::numeric_limits<double>::infinity();
  if (k < num_rows_) {
    std::vector<double> order = distances;
    std::nth_element(order.begin(), order.begin() + (k - 1), order.end());
    kth_distance = order[k - 1];
  }
  std::vector<Neighbour> candidates;
  for (int i = 0; i < num_rows_; ++i) {
    if (distances[i] <= kth_distance) candidates.push_back({distances[i], i});
  }
  std::vector<Neighbour> nearest = NearestWithTies(std::move(candidates), k);
  if (distance_ == KnnDistance::kEuclidean) {
    for (Neighbour& neighbour : nearest) neighbour.distance = std::sqrt(neighbour.distance);
  }
  return nearest;
}

}  // namespace sentio
