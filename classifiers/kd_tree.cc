#include "classifiers/kd_tree.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <utility>

#include "absl/strings/str_cat.h"

namespace sentio {

// The state of one query: the k smallest distances so far (a max-heap) and every row offered
// that was within the k-th distance when offered, a superset of the final answer.
struct KdTree::Search {
  const double* query;
  size_t k;
  std::priority_queue<double> nearest;
  std::vector<Neighbour> candidates;

  double Threshold() const {
    return nearest.size() < k ? std::numeric_limits<double>::infinity() : nearest.top();
  }
  void Offer(double distance, int row) {
    if (nearest.size() < k) {
      nearest.push(distance);
    } else if (distance < nearest.top()) {
      nearest.pop();
      nearest.push(distance);
    } else if (distance > nearest.top()) {
      return;
    }
    candidates.push_back({distance, row});
  }
};

absl::StatusOr<KdTree> KdTree::Build(const std::vector<double>& rows, int dims,
                                     KnnDistance distance, int leaf_size) {
  if (distance == KnnDistance::kCosine) {
    return absl::InvalidArgumentError("kd-tree: cosine distance is not supported");
  }
  if (dims < 1 || leaf_size < 1 || rows.size() % dims != 0) {
    return absl::InvalidArgumentError(absl::StrCat("kd-tree: ", rows.size(), " values in rows of ",
                                                   dims, " with leaves of ", leaf_size));
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!std::isfinite(rows[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("kd-tree: row ", i / dims + 1, " value ", i % dims + 1, " is ", rows[i]));
    }
  }
  KdTree tree(dims, distance);
  const int num_rows = static_cast<int>(rows.size() / dims);
  std::vector<int> order(num_rows);
  for (int i = 0; i < num_rows; ++i) order[i] = i;
  if (num_rows > 0) tree.BuildNode(order, rows, 0, num_rows, leaf_size);
  tree.points_.reserve(rows.size());
  for (int row : order) {
    tree.points_.insert(tree.points_.end(), rows.begin() + static_cast<size_t>(row) * dims,
                        rows.begin() + static_cast<size_t>(row + 1) * dims);
  }
  tree.row_of_ = std::move(order);
  return tree;
}

int KdTree::BuildNode(std::vector<int>& order, const std::vector<double>& rows, int begin, int end,
                      int leaf_size) {
  const int id = static_cast<int>(nodes_.size());
  nodes_.push_back(Node{begin, end});
  std::vector<double> low(dims_, std::numeric_limits<double>::infinity());
  std::vector<double> high(dims_, -std::numeric_limits<double>::infinity());
  for (int i = begin; i < end; ++i) {
    const double* row = &rows[static_cast<size_t>(order[i]) * dims_];
    for (int d = 0; d < dims_; ++d) {
      low[d] = std::min(low[d], row[d]);
      high[d] = std::max(high[d], row[d]);
    }
  }
  box_low_.insert(box_low_.end(), low.begin(), low.end());
  box_high_.insert(box_high_.end(), high.begin(), high.end());

  int split = 0;
  for (int d = 1; d < dims_; ++d) {
    if (high[d] - low[d] > high[split] - low[split]) split = d;
  }
  if (end - begin <= leaf_size || high[split] == low[split]) return id;  // a leaf

  // Halve at the median of the widest dimension; equal values are ordered by row for a
  // deterministic tree.
  const int middle = begin + (end - begin) / 2;
  std::nth_element(order.begin() + begin, order.begin() + middle, order.begin() + end,
                   [&](int a, int b) {
                     const double va = rows[static_cast<size_t>(a) * dims_ + split];
                     const double vb = rows[static_cast<size_t>(b) * dims_ + split];
                     return va < vb || (va == vb && a < b);
                   });
  nodes_[id].split_dimension = split;
  nodes_[id].split_value = rows[static_cast<size_t>(order[middle]) * dims_ + split];
  const int left = BuildNode(order, rows, begin, middle, leaf_size);
  const int right = BuildNode(order, rows, middle, end, leaf_size);
  nodes_[id].left = left;
  nodes_[id].right = right;
  return id;
}

double KdTree::RankingDistance(const double* point, const double* query) const {
  // The same operations in the same order as BruteForceSearch.
  double sum = 0;
  if (distance_ == KnnDistance::kEuclidean) {
    for (int d = 0; d < dims_; ++d) {
      const double difference = point[d] - query[d];
      sum += difference * difference;
    }
    return sum;
  }
  for (int d = 0; d < dims_; ++d) sum += std::fabs(point[d] - query[d]);
  return sum;
}

double KdTree::BoundDistance(int node, const double* query) const {
  // Per dimension the gap to the box is at most the gap to any row in it (rounding is
  // monotonic), and the gaps are summed in the same order as RankingDistance, so the bound never
  // exceeds a row's computed distance.
  const double* low = &box_low_[static_cast<size_t>(node) * dims_];
  const double* high = &box_high_[static_cast<size_t>(node) * dims_];
  double sum = 0;
  for (int d = 0; d < dims_; ++d) {
    const double q = query[d];
    const double gap = q < low[d] ? low[d] - q : q > high[d] ? q - high[d] : 0.0;
    sum += distance_ == KnnDistance::kEuclidean ? gap * gap : gap;
  }
  return sum;
}

void KdTree::Visit(int id, Search& search) const {
  const Node& node = nodes_[id];
  if (node.left < 0) {
    for (int i = node.begin; i < node.end; ++i) {
      search.Offer(RankingDistance(&points_[static_cast<size_t>(i) * dims_], search.query),
                   row_of_[i]);
    }
    return;
  }
  const bool right_first = search.query[node.split_dimension] >= node.split_value;
  for (const int child :
       {right_first ? node.right : node.left, right_first ? node.left : node.right}) {
    // Strictly beyond the k-th distance: no row there can be among the nearest or tie with them.
    if (BoundDistance(child, search.query) <= search.Threshold()) Visit(child, search);
  }
}

std::vector<Neighbour> KdTree::Nearest(const double* query, int k) const {
  if (nodes_.empty()) return {};
  Search search{query, static_cast<size_t>(k), {}, {}};
  Visit(0, search);
  std::vector<Neighbour> nearest = NearestWithTies(std::move(search.candidates), k);
  if (distance_ == KnnDistance::kEuclidean) {
    for (Neighbour& neighbour : nearest) neighbour.distance = std::sqrt(neighbour.distance);
  }
  return nearest;
}

}  // namespace sentio
