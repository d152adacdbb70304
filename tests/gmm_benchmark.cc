// Google Benchmark: one EM fit of a Gaussian mixture on real data. The points are
// segment-challenge's 19 numeric attributes (1500 instances), each standardised to mean 0 and
// standard deviation 1 (a constant attribute is only centred, as scikit-learn's StandardScaler
// does); the fit has 3 components, diagonal covariances, at most 100 iterations, tolerance 1e-3 and
// one k-means++ initialisation. tools/bench_classifiers.sh runs it next to scikit-learn's
// GaussianMixture with the same settings; both report the iterations EM took.
//
//   gmm_benchmark [--arff_dir=DIR] [Google Benchmark flags]
//
// DIR holds segment-challenge.arff; the default is the runfiles path that `bazel run` sees.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "benchmark/benchmark.h"
#include "classifiers/gmm.h"
#include "sensing/arff_reader.h"
#include "sensing/dataset.h"

namespace sentio {
namespace {

constexpr char kArffDirFlag[] = "--arff_dir=";

// The numeric attributes of every instance, each standardised with the population standard
// deviation; fails on a missing value.
absl::StatusOr<Points> StandardisedNumericPoints(const Dataset& data) {
  std::vector<int> numeric;
  for (int a = 0; a < data.num_attributes(); ++a) {
    if (a != data.class_index && data.attributes[a].type == AttributeType::kNumeric) {
      numeric.push_back(a);
    }
  }
  Points points(data.num_instances(), std::vector<double>(numeric.size()));
  for (size_t d = 0; d < numeric.size(); ++d) {
    double sum = 0, sum_squares = 0;
    for (int i = 0; i < data.num_instances(); ++i) {
      const double v = data.instances[i].values[numeric[d]];
      if (IsMissing(v)) {
        return absl::InvalidArgumentError("gmm_benchmark: " + data.relation + ": attribute '" +
                                          data.attributes[numeric[d]].name +
                                          "' has a missing value");
      }
      sum += v;
      sum_squares += v * v;
    }
    const double mean = sum / data.num_instances();
    const double variance = std::max(0.0, sum_squares / data.num_instances() - mean * mean);
    const double scale = variance > 0 ? std::sqrt(variance) : 1;
    for (int i = 0; i < data.num_instances(); ++i) {
      points[i][d] = (data.instances[i].values[numeric[d]] - mean) / scale;
    }
  }
  return points;
}

void BM_GmmEm(benchmark::State& state, const Points& points) {
  GmmOptions options;
  options.components = 3;
  options.covariance = CovarianceType::kDiagonal;
  options.max_iterations = 100;
  options.tolerance = 1e-3;
  options.restarts = 1;
  int iterations = 0;
  bool converged = false;
  double mean_log_likelihood = 0;
  for (auto _ : state) {
    auto fit = FitGmm(points, /*weights=*/{}, options);
    if (!fit.ok()) {
      state.SkipWithError(std::string(fit.status().message()).c_str());
      return;
    }
    iterations = fit->iterations;
    converged = fit->converged;
    mean_log_likelihood = fit->mean_log_likelihood;
    benchmark::DoNotOptimize(fit->mixture.weights().data());
  }
  state.counters["points"] = points.size();
  state.counters["dimension"] = points.front().size();
  state.counters["em_iterations"] = iterations;
  state.counters["converged"] = converged ? 1 : 0;
  state.counters["mean_log_likelihood"] = mean_log_likelihood;
}

int Main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::string arff_dir = "external/shared_data/arff";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], kArffDirFlag, std::strlen(kArffDirFlag)) == 0) {
      arff_dir = argv[i] + std::strlen(kArffDirFlag);
    } else {
      std::cerr << "gmm_benchmark: unknown flag '" << argv[i] << "'\n";
      return 2;
    }
  }
  auto data = ReadArffFile(arff_dir + "/segment-challenge.arff");
  if (!data.ok()) {
    std::cerr << "gmm_benchmark: " << data.status().message() << "\n";
    return 1;
  }
  auto points = StandardisedNumericPoints(*data);
  if (!points.ok()) {
    std::cerr << points.status().message() << "\n";
    return 1;
  }
  benchmark::RegisterBenchmark("BM_GmmEm/segment_diag3", BM_GmmEm, *points)
      ->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace
}  // namespace sentio

int main(int argc, char** argv) { return sentio::Main(argc, argv); }
