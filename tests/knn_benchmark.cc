// Google Benchmark: kNN (k = 1) query throughput on real data. Trains Weka-IBk-style kNN on
// segment-challenge (1500 instances, attributes min-max scaled by the training range inside
// KnnClassifier) and classifies every instance of segment-test (810 queries) per iteration.
// tools/bench_classifiers.sh runs it next to scikit-learn's KNeighborsClassifier on the same data.
//
//   knn_benchmark [--arff_dir=DIR] [Google Benchmark flags]
//
// DIR holds segment-challenge.arff and segment-test.arff; the default is the runfiles path that
// `bazel run` sees.
#include <cstring>
#include <iostream>
#include <string>

#include "absl/status/status.h"
#include "benchmark/benchmark.h"
#include "classifiers/classifier.h"
#include "classifiers/knn.h"
#include "sensing/arff_reader.h"
#include "sensing/dataset.h"

namespace sentio {
namespace {

constexpr char kArffDirFlag[] = "--arff_dir=";

void BM_Knn1Queries(benchmark::State& state, const Dataset& train, const Dataset& queries) {
  KnnClassifier knn(/*k=*/1);
  const absl::Status trained = knn.Train(train);
  if (!trained.ok()) {
    state.SkipWithError(std::string(trained.message()).c_str());
    return;
  }
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

int Main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::string arff_dir = "external/shared_data/arff";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], kArffDirFlag, std::strlen(kArffDirFlag)) == 0) {
      arff_dir = argv[i] + std::strlen(kArffDirFlag);
    } else {
      std::cerr << "knn_benchmark: unknown flag '" << argv[i] << "'\n";
      return 2;
    }
  }
  auto train = ReadArffFile(arff_dir + "/segment-challenge.arff");
  auto queries = ReadArffFile(arff_dir + "/segment-test.arff");
  for (const absl::Status& status : {train.status(), queries.status()}) {
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
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace
}  // namespace sentio

int main(int argc, char** argv) { return sentio::Main(argc, argv); }
