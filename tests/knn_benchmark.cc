// Google Benchmark: kNN query throughput on real data. tools/bench_classifiers.sh runs it next to
// scikit-learn's KNeighborsClassifier on the same data (tools/bench_sklearn_peer.py).
// - BM_Knn1Queries/segment: Weka-IBk-style kNN (k = 1, brute force) trained on
//   segment-challenge (1500 instances, 19 attributes min-max scaled by the training range inside
//   KnnClassifier), classifying every instance of segment-test (810 queries) per iteration.
// - BM_KnnQueries/basic_motions_samples/{brute,kdtree}/k:{1,5}: a low-dimensional set, every
//   sample of the UEA BasicMotions smartwatch recordings (6 values: 3-axis accelerometer and
//   gyroscope) labelled with its case's activity, min-max scaled; trained on the 4000 samples of
//   BasicMotions_TRAIN, classifying the 4000 of BasicMotions_TEST per iteration, by brute force
//   and by kd-tree (which give the same neighbours; "agree" counts the queries where their
//   neighbour lists are equal, checked once before timing).
//
//   knn_benchmark [--arff_dir=DIR] [--har_dir=DIR] [Google Benchmark flags]
//
// DIR holds segment-challenge.arff and segment-test.arff (--arff_dir) or BasicMotions_TRAIN.ts and
// BasicMotions_TEST.ts (--har_dir); the defaults are the runfiles paths that `bazel run` sees.
#include <cstring>
#include <iostream>
#include <string>

#include "absl/status/status.h"
#include "benchmark/benchmark.h"
#include "classifiers/classifier.h"
#include "classifiers/knn.h"
#include "sensing/arff_reader.h"
#include "sensing/dataset.h"
#include "sensing/ts_reader.h"

namespace sentio {
namespace {

constexpr char kArffDirFlag[] = "--arff_dir=";
constexpr char kHarDirFlag[] = "--har_dir=";

// Classifies every query once per iteration; reports accuracy and sizes.
void RunQueries(benchmark::State& state, const KnnClassifier& knn, const Dataset& train,
                const Dataset& queries) {
  int correct = 0;
  for (auto _ : state) {
    correct = 0;
    for (int i = 0; i < queries.num_instances(); ++i) {
      auto distribution = knn.Distribution(queries.instances[i]);
      if (!distribution.ok()) {
        state.SkipWithError(std::string(distribution.status().message()).c_str());
        return;
      }
      if (MostProbableClass(*distribution) == queries.ClassOf(i)) ++correct;
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * queries.num_instances());
  state.counters["queries"] = queries.num_instances();
  state.counters["train"] = train.num_instances();
  state.counters["accuracy"] = static_cast<double>(correct) / queries.num_instances();
}

void BM_Knn1Queries(benchmark::State& state, const Dataset& train, const Dataset& queries) {
  KnnClassifier knn(/*k=*/1);
  const absl::Status trained = knn.Train(train);
  if (!trained.ok()) {
    state.SkipWithError(std::string(trained.message()).c_str());
    return;
  }
  RunQueries(state, knn, train, queries);
}

void BM_KnnQueries(benchmark::State& state, const Dataset& train, const Dataset& queries,
                   KnnSearch search, int k) {
  KnnOptions options;
  options.k = k;
  options.search = search;
  KnnClassifier knn(options);
  options.search = search == KnnSearch::kBrute ? KnnSearch::kKdTree : KnnSearch::kBrute;
  KnnClassifier other(options);
  for (const absl::Status& status : {knn.Train(train), other.Train(train)}) {
    if (!status.ok()) {
      state.SkipWithError(std::string(status.message()).c_str());
      return;
    }
  }
  int agree = 0;
  for (const Instance& query : queries.instances) {
    if (*knn.Neighbours(query) == *other.Neighbours(query)) ++agree;
  }
  state.counters["agree"] = agree;
  RunQueries(state, knn, train, queries);
}

// Every sample of every case as an instance: one numeric attribute per channel, the case's
// activity as the class.
absl::StatusOr<Dataset> SamplesOf(const std::string& path) {
  absl::StatusOr<TimeSeriesDataset> series = ReadTsFile(path);
  if (!series.ok()) return series.status();
  Dataset data;
  data.relation = series->problem_name + " samples";
  const ImuBlock& first = series->cases.at(0).series;
  for (const std::string& channel : first.channel_names()) {
    data.attributes.push_back({channel, AttributeType::kNumeric, {}, ""});
  }
  data.attributes.push_back({"activity", AttributeType::kNominal, series->class_labels, ""});
  data.class_index = first.num_channels();
  for (const TimeSeriesCase& one_case : series->cases) {
    for (int64_t s = 0; s < one_case.series.num_samples(); ++s) {
      Instance instance{{}, 1};
      for (int c = 0; c < one_case.series.num_channels(); ++c) {
        instance.values.push_back(one_case.series.at(s, c));
      }
      instance.values.push_back(one_case.label);
      data.instances.push_back(std::move(instance));
    }
  }
  return data;
}

int Main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::string arff_dir = "external/shared_data/arff", har_dir = "external/shared_data/har";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], kArffDirFlag, std::strlen(kArffDirFlag)) == 0) {
      arff_dir = argv[i] + std::strlen(kArffDirFlag);
    } else if (std::strncmp(argv[i], kHarDirFlag, std::strlen(kHarDirFlag)) == 0) {
      har_dir = argv[i] + std::strlen(kHarDirFlag);
    } else {
      std::cerr << "knn_benchmark: unknown flag '" << argv[i] << "'\n";
      return 2;
    }
  }
  auto train = ReadArffFile(arff_dir + "/segment-challenge.arff");
  auto queries = ReadArffFile(arff_dir + "/segment-test.arff");
  auto sample_train = SamplesOf(har_dir + "/BasicMotions_TRAIN.ts");
  auto sample_queries = SamplesOf(har_dir + "/BasicMotions_TEST.ts");
  for (const absl::Status& status :
       {train.status(), queries.status(), sample_train.status(), sample_queries.status()}) {
    if (!status.ok()) {
      std::cerr << "knn_benchmark: " << status.message() << "\n";
      return 1;
    }
  }
  if (const absl::Status same = train->CheckSameHeader(*queries); !same.ok()) {
    std::cerr << "knn_benchmark: segment-test.arff: " << same.message() << "\n";
    return 1;
  }
  benchmark::RegisterBenchmark("BM_Knn1Queries/segment", BM_Knn1Queries, *train, *queries)
      ->Unit(benchmark::kMillisecond);
  for (const int k : {1, 5}) {
    for (const KnnSearch search : {KnnSearch::kBrute, KnnSearch::kKdTree}) {
      const std::string name = "BM_KnnQueries/basic_motions_samples/" +
                               std::string(KnnSearchName(search)) + "/k:" + std::to_string(k);
      benchmark::RegisterBenchmark(name.c_str(), BM_KnnQueries, *sample_train, *sample_queries,
                                   search, k)
          ->Unit(benchmark::kMillisecond);
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace
}  // namespace sentio

int main(int argc, char** argv) { return sentio::Main(argc, argv); }
