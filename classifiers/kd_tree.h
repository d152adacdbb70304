// An exact kd-tree for kNN search over numeric rows without missing values, Euclidean or
// Manhattan. It returns exactly what BruteForceSearch (classifiers/knn_brute_force.h) returns for
// the same rows: each distance is summed attribute by attribute in the same order, and a subtree
// is skipped only when a lower bound on its distances (summed the same way, so never above a
// computed distance) exceeds the current k-th distance, so ties with the k-th survive.
// Worth it in few dimensions (up to about 10) with many rows.
#ifndef CLASSIFIERS_KD_TREE_H_
#define CLASSIFIERS_KD_TREE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "classifiers/knn_options.h"
#include "classifiers/nearest_neighbours.h"

namespace sentio {

class KdTree {
 public:
  static constexpr int kDefaultLeafSize = 16;

  // Builds the tree over `rows` (num_rows x dims, row-major, finite values). Fails for cosine
  // distance, a size that is not a multiple of dims, or a value that is not finite.
  static absl::StatusOr<KdTree> Build(const std::vector<double>& rows, int dims,
                                      KnnDistance distance, int leaf_size = kDefaultLeafSize);

  // NearestWithTies over every row for `query` (dims finite values); k >= 1.
  std::vector<Neighbour> Nearest(const double* query, int k) const;

  int num_rows() const { return static_cast<int>(row_of_.size()); }
  int num_nodes() const { return static_cast<int>(nodes_.size()); }

 private:
  struct Node {
    int begin, end;             // rows points_[begin, end) in tree order
    int left = -1, right = -1;  // children; -1 for a leaf
    int split_dimension = 0;
    double split_value = 0;
  };
  struct Search;

  KdTree(int dims, KnnDistance distance) : dims_(dims), distance_(distance) {}
  int BuildNode(std::vector<int>& order, const std::vector<double>& rows, int begin, int end,
                int leaf_size);
  // A lower bound on RankingDistance from `query` to any row of `node`.
  double BoundDistance(int node, const double* query) const;
  // What rows are ranked by: the distance, or for euclidean its square (as BruteForceSearch).
  double RankingDistance(const double* point, const double* query) const;
  void Visit(int node, Search& search) const;

  int dims_;
  KnnDistance distance_;
  std::vector<Node> nodes_;                 // the root first
  std::vector<double> points_;              // the rows in tree order
  std::vector<int> row_of_;                 // tree order -> row index in the input
  std::vector<double> box_low_, box_high_;  // per node, dims_ each: its rows' bounding box
};

}  // namespace sentio

#endif  // CLASSIFIERS_KD_TREE_H_
