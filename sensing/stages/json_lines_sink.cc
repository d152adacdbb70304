// JSON Lines sinks: write one JSON object per packet to the file at option `path`
// (sensing/record_formatting.h), created or truncated when the graph opens. JsonLinesSink takes
// predictions, JsonLinesFeatureSink feature vectors, JsonLinesDetectionSink a video's detections
// (one line per frame). Write errors name the file.
#include <string>

#include "absl/strings/str_cat.h"
#include "sensing/option_message.h"
#include "sensing/record_formatting.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/json_lines_sink.pb.h"
#include "sensing/stages/line_file_writer.h"

namespace sentio {
namespace {

// `Options`: the stage's options message, with the field `path`.
template <typename Record, typename Options>
class JsonLinesFileSink : public Stage {
 public:
  static StageContract ContractFor(PortSpec input) {
    StageContract contract;
    contract.inputs = {input};
    contract.options_message = Options::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    return file_.Open(StageOptions<Options>(context).path());
  }

  absl::Status Process(StageContext& context) override {
    const Packet& packet = context.input();
    return file_.WriteLine(Format(packet.timestamp_us(), *packet.Get<Record>()));
  }

  absl::Status Close(StageContext& context) override { return file_.Close(); }

 private:
  static std::string Format(int64_t timestamp_us, const Prediction& prediction) {
    return PredictionJson(timestamp_us, prediction);
  }
  static std::string Format(int64_t timestamp_us, const FeatureVector& features) {
    return FeatureVectorJson(timestamp_us, features);
  }
  static std::string Format(int64_t timestamp_us, const Detections& detections) {
    return DetectionsJson(timestamp_us, detections);
  }

  LineFileWriter file_;
};

class JsonLinesSink : public JsonLinesFileSink<Prediction, JsonLinesSinkOptions> {
 public:
  static StageContract Contract() { return ContractFor({"PREDICTIONS", PayloadType::kPrediction}); }
};

class JsonLinesFeatureSink : public JsonLinesFileSink<FeatureVector, JsonLinesFeatureSinkOptions> {
 public:
  static StageContract Contract() { return ContractFor({"FEATURES", PayloadType::kFeatureVector}); }
};

class JsonLinesDetectionSink : public JsonLinesFileSink<Detections, JsonLinesDetectionSinkOptions> {
 public:
  static StageContract Contract() { return ContractFor({"DETECTIONS", PayloadType::kDetections}); }
};

SENTIO_REGISTER_STAGE(JsonLinesSink);
SENTIO_REGISTER_STAGE(JsonLinesDetectionSink);
SENTIO_REGISTER_STAGE(JsonLinesFeatureSink);

}  // namespace
}  // namespace sentio
