#include "classifiers/kd_tree.h"

#include <cmath>
#include <random>

#include "classifiers/knn_brute_force.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::HasSubstr;

// num_rows x dims values: uniform in [0, 1), or small integers (many exact ties) when `grid`.
std::vector<double> RandomRows(int num_rows, int dims, bool grid, std::mt19937& random) {
  std::uniform_real_distribution<double> uniform(0, 1);
  std::uniform_int_distribution<int> integer(0, 3);
  std::vector<double> rows(static_cast<size_t>(num_rows) * dims);
  for (double& v : rows) v = grid ? integer(random) * 0.25 : uniform(random);
  return rows;
}

// The kd-tree must give exactly brute force's neighbour lists (distances bit for bit, ties and
// their order included), for queries inside and outside the data's box.
void ExpectSameAsBruteForce(const std::vector<double>& rows, int dims, KnnDistance distance,
                            int leaf_size, std::mt19937& random) {
  const int num_rows = static_cast<int>(rows.size() / dims);
  absl::StatusOr<KdTree> tree = KdTree::Build(rows, dims, distance, leaf_size);
  ASSERT_TRUE(tree.ok()) << tree.status();
  const BruteForceSearch brute(std::vector<DistanceColumn>(dims), rows, num_rows, distance);
  std::uniform_real_distribution<double> around(-0.5, 1.5);
  std::vector<std::vector<double>> queries;
  for (int i = 0; i < 20; ++i) {
    queries.emplace_back(rows.begin() + static_cast<size_t>(i % num_rows) * dims,
                         rows.begin() + static_cast<size_t>(i % num_rows + 1) * dims);
    std::vector<double> query(dims);
    for (double& v : query) v = around(random);
    queries.push_back(query);
  }
  for (const int k : {1, 3, 7, num_rows + 2}) {
    for (const std::vector<double>& query : queries) {
      const std::vector<Neighbour> expected = brute.Nearest(query.data(), k);
      ASSERT_GE(expected.size(), std::min<size_t>(k, num_rows));
      EXPECT_EQ(tree->Nearest(query.data(), k), expected)
          << "k=" << k << " dims=" << dims << " rows=" << num_rows << " leaf=" << leaf_size;
    }
  }
}

TEST(KdTreeTest, SameNeighboursAsBruteForceOnRandomData) {
  std::mt19937 random(5);
  for (const KnnDistance distance : {KnnDistance::kEuclidean, KnnDistance::kManhattan}) {
    for (const int dims : {1, 2, 3, 5, 10}) {
      for (const bool grid : {false, true}) {
        const std::vector<double> rows = RandomRows(500, dims, grid, random);
        ExpectSameAsBruteForce(rows, dims, distance, KdTree::kDefaultLeafSize, random);
        ExpectSameAsBruteForce(rows, dims, distance, 1, random);
      }
    }
  }
}

TEST(KdTreeTest, FewRowsAndIdenticalRows) {
  std::mt19937 random(7);
  ExpectSameAsBruteForce({0.5, 0.5}, 2, KnnDistance::kEuclidean, 1, random);
  ExpectSameAsBruteForce(std::vector<double>(300, 0.25), 3, KnnDistance::kManhattan, 4, random);
}

TEST(KdTreeTest, SplitsLargeInputs) {
  std::mt19937 random(9);
  absl::StatusOr<KdTree> tree =
      KdTree::Build(RandomRows(1000, 2, false, random), 2, KnnDistance::kEuclidean);
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ(tree->num_rows(), 1000);
  EXPECT_GT(tree->num_nodes(), 1000 / KdTree::kDefaultLeafSize);
}

TEST(KdTreeTest, NoRowsNoNeighbours) {
  absl::StatusOr<KdTree> tree = KdTree::Build({}, 2, KnnDistance::kEuclidean);
  ASSERT_TRUE(tree.ok());
  const double query[] = {0, 0};
  EXPECT_TRUE(tree->Nearest(query, 1).empty());
}

TEST(KdTreeTest, RejectsWhatItCannotSearch) {
  EXPECT_THAT(KdTree::Build({1, 2}, 2, KnnDistance::kCosine).status().message(),
              HasSubstr("cosine distance is not supported"));
  EXPECT_THAT(KdTree::Build({1, 2, 3}, 2, KnnDistance::kEuclidean).status().message(),
              HasSubstr("3 values in rows of 2"));
  EXPECT_THAT(KdTree::Build({1, 2}, 0, KnnDistance::kEuclidean).status().message(),
              HasSubstr("rows of 0"));
  EXPECT_THAT(KdTree::Build({1, 2}, 2, KnnDistance::kEuclidean, 0).status().message(),
              HasSubstr("leaves of 0"));
  EXPECT_THAT(KdTree::Build({1, 2, 3, NAN}, 2, KnnDistance::kManhattan).status().message(),
              HasSubstr("row 2 value 2 is nan"));
  EXPECT_THAT(KdTree::Build({INFINITY, 2}, 2, KnnDistance::kManhattan).status().message(),
              HasSubstr("row 1 value 1 is inf"));
}

}  // namespace
}  // namespace sentio
