#include "apps/cnn_bench_command.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "apps/cnn_flags.h"
#include "apps/cnn_profile_report.h"
#include "apps/report/html_report.h"
#include "base/file_writing.h"
#include "base/progress.h"
#include "base/status_macros.h"
#include "cnn/import/model_loader.h"
#include "cnn/ir/shape_inference.h"
#include "cnn/transforms/half_weights.h"

namespace sentio {

using cnn::NumElements;
using cnn::Shape;
using cnn::Tensor;
using cnn::engine::Engine;
using cnn::engine::NodeTiming;
using cnn::engine::TensorMap;
using cnn::import::LoadModel;
using cnn::import::WithoutWeightValues;
using cnn::transforms::StoreWeightsAsHalf;

namespace {

struct BenchOptions {
  std::string engine;
  bool cpu_fallback = true;  // not --no_fallback
  int threads = 1;
  bool half_weights = false;
  int64_t iterations = 10;
  int64_t warmup = 3;
  uint32_t seed = 1;
};

absl::StatusOr<BenchOptions> ReadBenchOptions(CommandLine& flags) {
  BenchOptions options;
  options.engine = flags.GetString("engine", "cpu");
  ASSIGN_OR_RETURN(options.cpu_fallback, ReadCpuFallbackFlag(flags));
  ASSIGN_OR_RETURN(int64_t threads, flags.GetInt("threads", 1));
  if (threads < 1 || threads > 1024) {
    return absl::InvalidArgumentError(absl::StrCat("--threads: ", threads, " is not 1 to 1024"));
  }
  options.threads = static_cast<int>(threads);
  ASSIGN_OR_RETURN(options.half_weights, ReadHalfPrecisionFlag(flags));
  ASSIGN_OR_RETURN(options.iterations, flags.GetInt("iters", 10));
  if (options.iterations < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("--iters: ", options.iterations, " is not positive"));
  }
  ASSIGN_OR_RETURN(options.warmup, flags.GetInt("warmup", 3));
  if (options.warmup < 0) {
    return absl::InvalidArgumentError(absl::StrCat("--warmup: ", options.warmup, " is negative"));
  }
  ASSIGN_OR_RETURN(int64_t seed, flags.GetInt("seed", 1));
  options.seed = static_cast<uint32_t>(seed);
  return options;
}

// One tensor per graph input, of its declared shape, uniform in [0, 1).
absl::StatusOr<TensorMap> RandomInputs(const cnn::Model& model, uint32_t seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  TensorMap inputs;
  for (const cnn::ValueInfo& input : model.input()) {
    const Shape shape(input.dims().begin(), input.dims().end());
    ASSIGN_OR_RETURN(int64_t count, NumElements(shape));
    std::vector<float> values(count);
    for (float& value : values) value = uniform(generator);
    ASSIGN_OR_RETURN(inputs[input.name()], Tensor::FromValues(shape, std::move(values)));
  }
  return inputs;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

// With --precision=fp16, stores the weights as halves (engines keep them so where they can: the
// OpenCL engine on the device; the CPU engine converts them as it packs); says which precision.
absl::Status ApplyPrecision(const BenchOptions& options, const std::string& model_path,
                            cnn::Model& model, std::ostream& out) {
  if (!options.half_weights) {
    out << "Precision: fp32\n";
    return absl::OkStatus();
  }
  const absl::Status stored = StoreWeightsAsHalf(model);
  if (!stored.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(model_path, ": ", stored.message()));
  }
  out << "Precision: fp16 weight storage (weights rounded to half precision and kept as halves; "
         "arithmetic in fp32)\n";
  return absl::OkStatus();
}

// Loads --model into the engine that `options` name; prints the model, engine and precision.
absl::StatusOr<std::unique_ptr<Engine>> LoadForTiming(const std::string& model_path,
                                                      const std::string& weights_path,
                                                      const BenchOptions& options,
                                                      TensorMap& inputs, cnn::Model& structure,
                                                      std::ostream& out) {
  ASSIGN_OR_RETURN(std::unique_ptr<Engine> engine,
                   MakeCnnEngine(options.engine, options.threads, options.cpu_fallback));
  ASSIGN_OR_RETURN(cnn::Model model, LoadModel(model_path, weights_path));
  out << "Model: " << CnnModelSummary(model) << "\n";
  out << "Engine: " << options.engine << ", " << options.threads
      << (options.threads == 1 ? " thread\n" : " threads\n");
  RETURN_IF_ERROR(ApplyPrecision(options, model_path, model, out));
  ASSIGN_OR_RETURN(inputs, RandomInputs(model, options.seed));
  // The shapes of every value, for the report (the engine infers them again at its Load).
  RETURN_IF_ERROR(cnn::InferModelShapes(model));
  structure = WithoutWeightValues(model);
  RETURN_IF_ERROR(engine->Load(std::move(model)));
  out << "Input: uniform random in [0, 1), seed " << options.seed << "\n";
  return engine;
}

}  // namespace

absl::Status RunCnnProfileCommand(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(std::string model_path, flags.GetRequired("model"));
  const std::string weights_path = flags.GetString("weights", "");
  ASSIGN_OR_RETURN(BenchOptions options, ReadBenchOptions(flags));
  const std::string json_path = flags.GetString("json", "");
  const std::string report_dir = flags.GetString("report", "");
  RETURN_IF_ERROR(flags.CheckAllRead());
  TensorMap inputs;
  cnn::Model structure;  // the loaded model's shapes, for the report
  ASSIGN_OR_RETURN(std::unique_ptr<Engine> engine,
                   LoadForTiming(model_path, weights_path, options, inputs, structure, out));
  engine->SetProfiling(true);
  for (int64_t i = 0; i < options.warmup; ++i) RETURN_IF_ERROR(engine->Run(inputs).status());
  std::vector<std::vector<double>> step_times;  // per step, per timed run
  std::vector<double> totals;
  std::vector<NodeTiming> steps;
  for (int64_t i = 0; i < options.iterations; ++i) {
    RETURN_IF_ERROR(engine->Run(inputs).status());
    steps = engine->LastProfile();
    if (steps.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--engine=", options.engine, ": the engine does not profile its steps"));
    }
    step_times.resize(steps.size());
    double total = 0;
    for (size_t s = 0; s < steps.size(); ++s) {
      step_times[s].push_back(steps[s].milliseconds);
      total += steps[s].milliseconds;
    }
    totals.push_back(total);
  }
  const double total = Median(totals);
  std::vector<double> medians(steps.size());
  for (size_t s = 0; s < steps.size(); ++s) medians[s] = Median(step_times[s]);
  const std::vector<ProfileRow> rows = MakeProfileRows(structure, steps, medians);
  out << absl::StrFormat("Runs: %d warm-up, %d timed; median ms per step\n", options.warmup,
                         options.iterations);
  if (!json_path.empty()) {
    const absl::Status written =
        WriteWholeFile(json_path, ProfileJson(rows, total, options.engine));
    if (!written.ok()) {
      return absl::Status(written.code(), absl::StrCat("--json: ", written.message()));
    }
    out << "JSON: " << json_path << "\n";
  }
  if (!report_dir.empty()) {
    ASSIGN_OR_RETURN(
        const std::string page,
        WriteProfileReport(report_dir, report::CommandText("cnn profile", flags.args()), rows,
                           total, options.engine));
    out << "Report: " << page << "\n";
  }
  WriteProfileTable(rows, total, out);
  return absl::OkStatus();
}

absl::Status RunCnnBenchCommand(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(std::string model_path, flags.GetRequired("model"));
  const std::string weights_path = flags.GetString("weights", "");
  ASSIGN_OR_RETURN(BenchOptions options, ReadBenchOptions(flags));
  RETURN_IF_ERROR(flags.CheckAllRead());

  ASSIGN_OR_RETURN(std::unique_ptr<Engine> engine,
                   MakeCnnEngine(options.engine, options.threads, options.cpu_fallback));
  ASSIGN_OR_RETURN(cnn::Model model, LoadModel(model_path, weights_path));
  out << "Model: " << CnnModelSummary(model) << "\n";
  out << "Engine: " << options.engine << ", " << options.threads
      << (options.threads == 1 ? " thread\n" : " threads\n");
  RETURN_IF_ERROR(ApplyPrecision(options, model_path, model, out));
  ASSIGN_OR_RETURN(TensorMap inputs, RandomInputs(model, options.seed));
  RETURN_IF_ERROR(engine->Load(std::move(model)));
  out << "Input: uniform random in [0, 1), seed " << options.seed << "\n";

  for (int64_t i = 0; i < options.warmup; ++i) {
    absl::StatusOr<TensorMap> outputs = engine->Run(inputs);
    if (!outputs.ok()) return outputs.status();
  }
  std::vector<double> milliseconds;
  {
    ProgressLine progress("bench", "run", options.iterations);
    for (int64_t i = 0; i < options.iterations; ++i) {
      const auto start = std::chrono::steady_clock::now();
      absl::StatusOr<TensorMap> outputs = engine->Run(inputs);
      const auto stop = std::chrono::steady_clock::now();
      if (!outputs.ok()) return outputs.status();
      milliseconds.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
      progress.Advance();  // outside the timed interval
    }
  }
  const double median = Median(milliseconds);
  const double mean =
      std::accumulate(milliseconds.begin(), milliseconds.end(), 0.0) / milliseconds.size();
  out << absl::StrFormat("Runs: %d warm-up, %d timed\n", options.warmup, options.iterations);
  out << absl::StrFormat("Latency: min %.4f ms, median %.4f ms, mean %.4f ms\n",
                         *std::min_element(milliseconds.begin(), milliseconds.end()), median, mean);
  const int64_t peak_bytes = engine->PeakMemoryBytes();
  if (peak_bytes >= 0) {
    out << absl::StrFormat("Engine memory: %.1f MiB (%d bytes, as the engine counts it)\n",
                           peak_bytes / 1048576.0, peak_bytes);
  }
  out << absl::StrFormat("median_ms=%.4f\n", median);
  return absl::OkStatus();
}

}  // namespace sentio
