// kNN on the shared ARFF data sets, each split by instance parity (even-numbered instances train,
// odd-numbered ones are queried, counting from 0 in file order):
// - against Weka 3.6 IBk (classifiers/testdata/knn_weka.txt, from tools/make_knn_golden.sh): for
//   k = 1, 3, 7, no / inverse / similarity weighting and Euclidean / Manhattan distance, the
//   same number of correct answers and the same root mean squared error of the class
//   probabilities (Weka prints 4 decimals). Weka IBk widens its min-max ranges with every
//   instance it classifies (distributionForInstance calls LinearNNSearch.addInstanceInfo), so
//   its answers depend on the order of the queries and on data outside the training set; Sentio
//   keeps the training ranges. To compare everything else, the test hands the classifier Weka's
//   widened ranges through its saved state whenever a query widens them;
// - kd-tree against brute force: on every set's numeric attributes, every query's neighbour list
//   (indices, distances and ties) is identical, for k = 1, 3, 7 and both metrics.
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "base/file_reading.h"
#include "base/text_parsing.h"
#include "classifiers/knn.h"
#include "classifiers/model_file.pb.h"
#include "gtest/gtest.h"
#include "sensing/arff_reader.h"

namespace sentio {
namespace {

constexpr char kArffDir[] = "external/shared_data/arff";

// The even-numbered instances of `data` (training) or the odd-numbered ones.
Dataset Half(const Dataset& data, bool even) {
  std::vector<int> indices;
  for (int i = even ? 0 : 1; i < data.num_instances(); i += 2) indices.push_back(i);
  return data.Subset(indices);
}

struct WekaResult {
  std::string data_set;
  KnnOptions options;
  int correct, total;
  double root_mean_squared_error;
};

std::vector<WekaResult> ReadWekaResults() {
  absl::StatusOr<std::string> text = ReadWholeFile("classifiers/testdata/knn_weka.txt");
  EXPECT_TRUE(text.ok()) << text.status();
  std::vector<WekaResult> results;
  if (!text.ok()) return results;
  for (absl::string_view line : SplitLines(*text)) {
    if (line.empty() || line.front() == '#') continue;
    std::istringstream fields{std::string(line)};
    WekaResult result;
    std::string k, weighting, distance;
    fields >> result.data_set >> k >> weighting >> distance >> result.correct >> result.total >>
        result.root_mean_squared_error;
    EXPECT_TRUE(fields) << "bad line: " << line;
    absl::StatusOr<KnnOptions> options =
        ParseKnnOptions({{"k", k}, {"weighting", weighting}, {"distance", distance}});
    EXPECT_TRUE(options.ok()) << line << ": " << options.status();
    if (!fields || !options.ok()) continue;
    result.options = *options;
    results.push_back(result);
  }
  return results;
}

// Widens the saved minima and ranges of `state` to take in `instance`'s numeric values, as Weka
// does before classifying it; true when anything changed.
bool WidenRanges(const Dataset& data, const Instance& instance, KnnState& state) {
  bool widened = false;
  for (int a = 0; a < data.num_attributes(); ++a) {
    const double v = instance.values[a];
    const AttributeType type = data.attributes[a].type;
    if (IsMissing(v) || (type != AttributeType::kNumeric && type != AttributeType::kDate)) continue;
    const double low = state.min(a), high = state.min(a) + state.range(a);
    if (v < low) {
      state.set_min(a, v);
      state.set_range(a, high - v);
      widened = true;
    } else if (v > high) {
      state.set_range(a, v - low);
      widened = true;
    }
  }
  return widened;
}

TEST(KnnRealDataTest, MatchesWekaIbk) {
  const std::vector<WekaResult> results = ReadWekaResults();
  EXPECT_GE(results.size(), 200u);
  std::map<std::string, Dataset> data_sets;
  for (const WekaResult& weka : results) {
    SCOPED_TRACE(weka.data_set + " k=" + std::to_string(weka.options.k) + " " +
                 std::string(KnnWeightingName(weka.options.weighting)) + " " +
                 std::string(KnnDistanceName(weka.options.distance)));
    if (data_sets.count(weka.data_set) == 0) {
      absl::StatusOr<Dataset> data =
          ReadArffFile(std::string(kArffDir) + "/" + weka.data_set + ".arff");
      ASSERT_TRUE(data.ok()) << data.status();
      data_sets[weka.data_set] = *std::move(data);
    }
    const Dataset& data = data_sets[weka.data_set];
    const Dataset train = Half(data, true), test = Half(data, false);
    KnnClassifier knn(weka.options);
    ASSERT_TRUE(knn.Train(train).ok());
    ModelState state;
    ASSERT_TRUE(knn.SaveState(&state).ok());
    KnnState& ranges = *state.mutable_knn();
    int correct = 0, total = 0;
    double squared_error = 0;  // Weka: per instance, the mean over classes
    for (int i = 0; i < test.num_instances(); ++i) {
      if (WidenRanges(test, test.instances[i], ranges)) {
        ASSERT_TRUE(knn.LoadState(train, state).ok());
      }
      const int actual = test.ClassOf(i);
      if (actual < 0) continue;  // Weka leaves out instances without a class
      absl::StatusOr<std::vector<double>> distribution = knn.Distribution(test.instances[i]);
      ASSERT_TRUE(distribution.ok()) << distribution.status();
      if (MostProbableClass(*distribution) == actual) ++correct;
      double instance_error = 0;
      for (int c = 0; c < test.num_classes(); ++c) {
        instance_error += std::pow((*distribution)[c] - (c == actual ? 1 : 0), 2);
      }
      squared_error += instance_error / test.num_classes();
      ++total;
    }
    EXPECT_EQ(total, weka.total);
    EXPECT_EQ(correct, weka.correct);
    EXPECT_NEAR(std::sqrt(squared_error / total), weka.root_mean_squared_error, 5.01e-5);
  }
}

// The numeric attributes of `data` and its class; instances with a missing numeric value are
// left out (the kd-tree needs complete rows).
Dataset NumericPart(const Dataset& data) {
  Dataset numeric;
  numeric.relation = data.relation;
  std::vector<int> kept;
  for (int a = 0; a < data.num_attributes(); ++a) {
    const AttributeType type = data.attributes[a].type;
    if (a == data.class_index) numeric.class_index = static_cast<int>(kept.size());
    if (a == data.class_index || type == AttributeType::kNumeric || type == AttributeType::kDate) {
      kept.push_back(a);
      numeric.attributes.push_back(data.attributes[a]);
    }
  }
  for (const Instance& instance : data.instances) {
    Instance projected{{}, instance.weight};
    bool complete = true;
    for (int a : kept) {
      projected.values.push_back(instance.values[a]);
      if (a != data.class_index && IsMissing(instance.values[a])) complete = false;
    }
    if (complete) numeric.instances.push_back(projected);
  }
  return numeric;
}

TEST(KnnRealDataTest, KdTreeFindsBruteForcesNeighboursOnEveryDataSet) {
  int data_sets_with_numeric_attributes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kArffDir)) {
    if (entry.path().extension() != ".arff") continue;
    SCOPED_TRACE(entry.path().string());
    absl::StatusOr<Dataset> data = ReadArffFile(entry.path().string());
    ASSERT_TRUE(data.ok()) << data.status();
    const Dataset numeric = NumericPart(*data);
    if (numeric.num_attributes() < 2) continue;  // nothing for a kd-tree
    ++data_sets_with_numeric_attributes;
    const Dataset train = Half(numeric, true);
    for (KnnDistance distance : {KnnDistance::kEuclidean, KnnDistance::kManhattan}) {
      for (int k : {1, 3, 7}) {
        KnnOptions options;
        options.k = k;
        options.distance = distance;
        options.search = KnnSearch::kKdTree;
        KnnClassifier kd_tree(options);
        options.search = KnnSearch::kBrute;
        KnnClassifier brute(options);
        ASSERT_TRUE(kd_tree.Train(train).ok());
        ASSERT_TRUE(brute.Train(train).ok());
        ASSERT_TRUE(kd_tree.uses_kd_tree());
        for (const Instance& query : numeric.instances) {
          const auto expected = brute.Neighbours(query);
          ASSERT_TRUE(expected.ok()) << expected.status();
          ASSERT_EQ(*kd_tree.Neighbours(query), *expected)
              << KnnDistanceName(distance) << " k=" << k;
        }
      }
    }
  }
  // credit-g, diabetes, glass, ionosphere, iris, labor, segment-challenge, segment-test and
  // weather.numeric have numeric attributes.
  EXPECT_EQ(data_sets_with_numeric_attributes, 9);
}

}  // namespace
}  // namespace sentio
