// JSON Lines sinks: write one JSON object per packet to the file at option `path`
// (sensing/record_formatting.h), created or truncated when the graph opens. JsonLinesSink takes
// predictions, JsonLinesFeatureSink feature vectors. Write errors name the file.
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "sensing/record_formatting.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

template <typename Record>
class JsonLinesFileSink : public Stage {
 public:
  static StageContract ContractFor(PortSpec input) {
    StageContract contract;
    contract.inputs = {input};
    contract.options = {{"path", OptionType::kString, true, std::nullopt}};
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    path_ = context.GetString("path");
    file_.open(path_, std::ios::trunc);
    if (!file_) return absl::NotFoundError(absl::StrCat("cannot create ", path_));
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const Packet& packet = context.input();
    file_ << Format(packet.timestamp_us(), *packet.Get<Record>()) << '\n';
    if (!file_) return absl::DataLossError(absl::StrCat("error writing ", path_));
    return absl::OkStatus();
  }

  absl::Status Close(StageContext& context) override {
    file_.close();
    if (file_.fail()) return absl::DataLossError(absl::StrCat("error writing ", path_));
    return absl::OkStatus();
  }

 private:
  static std::string Format(int64_t timestamp_us, const Prediction& prediction) {
    return PredictionJson(timestamp_us, prediction);
  }
  static std::string Format(int64_t timestamp_us, const FeatureVector& features) {
    return FeatureVectorJson(timestamp_us, features);
  }

  std::string path_;
  std::ofstream file_;
};

class JsonLinesSink : public JsonLinesFileSink<Prediction> {
 public:
  static StageContract Contract() { return ContractFor({"PREDICTIONS", PayloadType::kPrediction}); }
};

class JsonLinesFeatureSink : public JsonLinesFileSink<FeatureVector> {
 public:
  static StageContract Contract() {
    return ContractFor({"FEATURES", PayloadType::kFeatureVector});
  }
};

SENTIO_REGISTER_STAGE(JsonLinesSink);
SENTIO_REGISTER_STAGE(JsonLinesFeatureSink);

}  // namespace
}  // namespace sentio
