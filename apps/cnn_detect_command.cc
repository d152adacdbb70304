#include "apps/cnn_detect_command.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "apps/cnn_flags.h"
#include "apps/report/html_report.h"
#include "apps/report/svg_charts.h"
#include "base/progress.h"
#include "base/status_macros.h"
#include "cnn/import/model_loader.h"
#include "cnn/transforms/half_weights.h"
#include "cnn/vision/detection_records.h"
#include "cnn/vision/frame_to_rgb.h"
#include "cnn/vision/image_preprocess.h"
#include "cnn/vision/yolo_decode.h"
#include "sensing/class_names.h"
#include "sensing/frame_drawing.h"
#include "sensing/record_formatting.h"
#include "sensing/stages/line_file_writer.h"
#include "sensing/y4m_reader.h"
#include "sensing/y4m_writer.h"

namespace sentio {

using cnn::Tensor;
using cnn::engine::Engine;
using cnn::engine::FrameCacheOptions;
using cnn::engine::FrameCacheStats;
using cnn::engine::TensorMap;
using cnn::import::LoadModel;
using cnn::import::WithoutWeightValues;

namespace {

using ::sentio::cnn::vision::Detection;
using ::sentio::cnn::vision::DetectObjects;
using ::sentio::cnn::vision::FrameToRgb;
using ::sentio::cnn::vision::ImageToInputTensor;
using ::sentio::cnn::vision::RgbImage;
using ::sentio::cnn::vision::ToDetectionsRecord;

absl::StatusOr<float> Fraction(CommandLine& flags, const std::string& name, double default_value) {
  ASSIGN_OR_RETURN(double value, flags.GetDouble(name, default_value));
  if (!(value >= 0 && value <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat("--", name, ": ", value, " is not 0 to 1"));
  }
  return static_cast<float>(value);
}

// --cache=CHI2 [--cache_layers=N|auto] [--cache_refresh=K]; nullopt without --cache.
absl::StatusOr<std::optional<FrameCacheOptions>> ReadCacheFlags(CommandLine& flags) {
  if (!flags.Has("cache")) {
    if (flags.Has("cache_layers") || flags.Has("cache_refresh")) {
      return absl::InvalidArgumentError("--cache_layers and --cache_refresh need --cache=CHI2");
    }
    return std::nullopt;
  }
  FrameCacheOptions options;
  ASSIGN_OR_RETURN(options.threshold, Fraction(flags, "cache", 0.005));
  const std::string layers = flags.GetString("cache_layers", "auto");
  if (layers != "auto" && (!absl::SimpleAtoi(layers, &options.layers) || options.layers < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--cache_layers: '", layers, "' is not auto or a number of convolutions"));
  }
  ASSIGN_OR_RETURN(int64_t refresh, flags.GetInt("cache_refresh", 30));
  if (refresh < 0 || refresh > INT32_MAX) {
    return absl::InvalidArgumentError(absl::StrCat("--cache_refresh: ", refresh, " < 0"));
  }
  options.refresh = static_cast<int>(refresh);
  return options;
}

}  // namespace

absl::Status RunCnnDetectCommand(CommandLine& flags, std::ostream& out) {
  ASSIGN_OR_RETURN(std::string model_path, flags.GetRequired("model"));
  const std::string weights_path = flags.GetString("weights", "");
  ASSIGN_OR_RETURN(std::string video_path, flags.GetRequired("video"));
  ASSIGN_OR_RETURN(float threshold, Fraction(flags, "threshold", 0.25));
  ASSIGN_OR_RETURN(float nms, Fraction(flags, "nms", 0.45));
  ASSIGN_OR_RETURN(int64_t start, flags.GetInt("start", 0));
  ASSIGN_OR_RETURN(int64_t frames, flags.GetInt("frames", -1));
  const std::string engine_name = flags.GetString("engine", "cpu");
  ASSIGN_OR_RETURN(const bool cpu_fallback, ReadCpuFallbackFlag(flags));
  ASSIGN_OR_RETURN(int64_t threads, flags.GetInt("threads", 1));
  if (start < 0) return absl::InvalidArgumentError(absl::StrCat("--start: ", start, " < 0"));
  if (frames < -1) return absl::InvalidArgumentError(absl::StrCat("--frames: ", frames, " < 0"));
  if (threads < 1 || threads > 1024) {
    return absl::InvalidArgumentError(absl::StrCat("--threads: ", threads, " is not 1 to 1024"));
  }
  ASSIGN_OR_RETURN(std::optional<FrameCacheOptions> cache, ReadCacheFlags(flags));
  ASSIGN_OR_RETURN(const bool half_precision, ReadHalfPrecisionFlag(flags));
  const bool timing = flags.Has("timing");
  if (const std::string value = flags.GetString("timing", ""); value != "" && value != "true") {
    return absl::InvalidArgumentError(absl::StrCat("--timing takes no value (got '", value, "')"));
  }
  const std::string names_path = flags.GetString("names", "");
  const std::string json_path = flags.GetString("json", "");
  const std::string video_out_path = flags.GetString("out_video", "");
  const std::string report_dir = flags.GetString("report", "");
  RETURN_IF_ERROR(flags.CheckAllRead());
  std::vector<std::string> names;
  if (!names_path.empty()) {
    ASSIGN_OR_RETURN(names, ReadClassNames(names_path));
  }

  ASSIGN_OR_RETURN(cnn::Model model, LoadModel(model_path, weights_path));
  out << "Model: " << CnnModelSummary(model) << "\n";
  if (half_precision) {
    const absl::Status stored = cnn::transforms::StoreWeightsAsHalf(model);
    if (!stored.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(model_path, ": ", stored.message()));
    }
  }
  if (model.yolo_head_size() == 0 || model.input_size() != 1 || model.input(0).dims_size() != 4 ||
      model.input(0).dims(1) != 3) {
    return absl::InvalidArgumentError(
        absl::StrCat(model_path, ": detection needs YOLO heads and one [N, 3, H, W] input"));
  }
  const int input_height = static_cast<int>(model.input(0).dims(2));
  const int input_width = static_cast<int>(model.input(0).dims(3));
  ASSIGN_OR_RETURN(std::unique_ptr<Engine> engine,
                   MakeCnnEngine(engine_name, static_cast<int>(threads), cpu_fallback));
  const cnn::Model structure = WithoutWeightValues(model);
  RETURN_IF_ERROR(engine->Load(std::move(model)));
  if (cache.has_value()) {
    const absl::Status enabled = engine->EnableFrameCache(*cache);
    if (!enabled.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--cache with --engine=", engine_name, ": ", enabled.message()));
    }
  }
  // One frame in memory at a time, whatever the video's length.
  ASSIGN_OR_RETURN(Y4mFrameReader video, Y4mFrameReader::OpenFile(video_path));
  std::optional<LineFileWriter> json;
  if (!json_path.empty()) RETURN_IF_ERROR(json.emplace().Open(json_path));
  std::unique_ptr<Y4mWriter> annotated;
  if (!video_out_path.empty()) {
    const Y4mVideo& header = video.header();
    ASSIGN_OR_RETURN(annotated,
                     Y4mWriter::Create(video_out_path, header.width, header.height, header.format,
                                       header.frame_rate_numerator, header.frame_rate_denominator));
  }
  out << "Video: " << video_path << " (" << video.header().width << "x" << video.header().height
      << "); threshold " << threshold << ", NMS " << nms << "\n";
  int64_t boxes = 0;
  double total_ms = 0, reused = 0;
  int cached_convolutions = 0;
  // Frame n's time, as Y4mFileSource stamps it.
  const double frame_period_us =
      1e6 * video.header().frame_rate_denominator / video.header().frame_rate_numerator;
  auto frame_timestamp = [&](int64_t frame) { return std::llround(frame * frame_period_us); };
  // Per frame run, for --report.
  std::vector<double> frame_numbers;
  report::Series latency{"ms per frame", {}}, objects{"objects", {}}, reused_share{"reused", {}};
  ProgressLine progress("detect", "frame", frames > 0 ? frames : 0);
  int64_t n = 0;
  for (;; ++n) {
    if (frames >= 0 && n >= start + frames) break;
    ASSIGN_OR_RETURN(std::optional<VideoFrame> frame, video.Next());
    if (!frame) break;
    if (n < start) continue;
    ASSIGN_OR_RETURN(const RgbImage image, FrameToRgb(*frame));
    ASSIGN_OR_RETURN(Tensor input,
                     ImageToInputTensor(image, input_width, input_height, 1.0f / 255));
    TensorMap inputs;
    inputs.emplace(structure.input(0).name(), std::move(input));
    const auto start_time = std::chrono::steady_clock::now();
    absl::StatusOr<TensorMap> run = engine->Run(inputs);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_time)
            .count();
    if (!run.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(video_path, ": frame ", n, ": ", run.status().message()));
    }
    const TensorMap& outputs = *run;
    if (cache.has_value()) {
      const FrameCacheStats stats = engine->LastFrameCacheStats();
      out << absl::StrFormat("cache frame=%d ms=%.3f changed_blocks=%.4f reused=%.4f whole=%d\n", n,
                             ms, stats.changed_blocks, stats.reused_values,
                             stats.whole_frame ? 1 : 0);
      reused += stats.reused_values;
      reused_share.values.push_back(stats.reused_values);
      cached_convolutions = stats.cached_convolutions;
    } else {
      out << absl::StrFormat("time frame=%d ms=%.3f\n", n, ms);
    }
    total_ms += ms;
    ASSIGN_OR_RETURN(const std::vector<Detection> found,
                     DetectObjects(structure, outputs, threshold, nms));
    const Detections detections =
        ToDetectionsRecord(found, n, image.width, image.height, names, ms);
    out << DetectionLines(detections);
    boxes += static_cast<int64_t>(detections.objects.size());
    frame_numbers.push_back(static_cast<double>(n));
    latency.values.push_back(ms);
    objects.values.push_back(static_cast<double>(detections.objects.size()));
    progress.Advance();
    if (json) RETURN_IF_ERROR(json->WriteLine(DetectionsJson(frame_timestamp(n), detections)));
    if (annotated) {
      DrawDetections(detections, *frame);
      RETURN_IF_ERROR(annotated->Write(*frame));
    }
  }
  if (json) RETURN_IF_ERROR(json->Close());
  if (annotated) RETURN_IF_ERROR(annotated->Close());
  const int64_t end = n;
  out << "Frames: " << (end > start ? absl::StrCat(start, " to ", end - 1) : "none") << " ("
      << std::max<int64_t>(0, end - start) << " run)\n";
  if (cache.has_value() && end > start) {
    out << absl::StrFormat(
        "Cache: %d convolutions cached; per frame %.3f ms, %.1f %% of their "
        "outputs reused (means over %d frames)\n",
        cached_convolutions, total_ms / (end - start), 100 * reused / (end - start), end - start);
  } else if (timing && end > start) {
    out << absl::StrFormat("Time: per frame %.3f ms (mean over %d frames)\n",
                           total_ms / (end - start), end - start);
  }
  if (!report_dir.empty()) {
    report::HtmlReport page("Detection over a video",
                            report::CommandText("cnn detect", flags.args()));
    page.AddFacts(
        {{"model", model_path},
         {"video", video_path},
         {"frames run", absl::StrCat(frame_numbers.size())},
         {"mean ms per frame",
          absl::StrFormat("%.3f", frame_numbers.empty() ? 0.0 : total_ms / frame_numbers.size())},
         {"objects detected", absl::StrCat(boxes)}});
    page.AddChart(report::LineChartSvg("Latency per frame", frame_numbers, {latency}, "frame",
                                       "milliseconds"));
    page.AddChart(report::LineChartSvg("Objects detected per frame", frame_numbers, {objects},
                                       "frame", "objects"));
    if (cache.has_value()) {
      page.AddChart(report::LineChartSvg("Share of cached convolution outputs reused",
                                         frame_numbers, {reused_share}, "frame", "share"));
    }
    ASSIGN_OR_RETURN(const std::string written, page.Write(report_dir));
    out << "Report: " << written << "\n";
  }
  out << "detections=" << boxes << "\n";
  return absl::OkStatus();
}

}  // namespace sentio
