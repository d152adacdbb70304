// CSV sinks: write a header row and then one row per packet to the file at option `path`
// (sensing/record_formatting.h), created or truncated when the graph opens. CsvSink takes
// predictions (timestamp_us, label, p_<class>...), CsvFeatureSink feature vectors (timestamp_us,
// then the feature names). The first packet fixes the columns; a later packet with other columns
// (classes or feature names) is an error naming the file and the packet's time.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "sensing/option_message.h"
#include "sensing/record_formatting.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/csv_sink.pb.h"
#include "sensing/stages/line_file_writer.h"

namespace sentio {
namespace {

// `Options`: the stage's options message, with the field `path`.
template <typename Record, typename Options>
class CsvFileSink : public Stage {
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
    const Record& record = *packet.Get<Record>();
    std::vector<std::string> columns = Columns(record);
    std::vector<std::string> values = Values(packet.timestamp_us(), record);
    if (columns.size() != values.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat(file_.path(), ": the record at ", packet.timestamp_us(), " µs has ",
                       values.size() - 1, " values for ", columns.size() - 1, " names"));
    }
    if (columns_.empty()) {
      columns_ = std::move(columns);
      RETURN_IF_ERROR(file_.WriteLine(CsvRow(columns_)));
    } else if (columns != columns_) {
      return absl::InvalidArgumentError(absl::StrCat(
          file_.path(), ": the record at ", packet.timestamp_us(), " µs has columns [",
          absl::StrJoin(columns, ", "), "], the file has [", absl::StrJoin(columns_, ", "), "]"));
    }
    return file_.WriteLine(CsvRow(values));
  }

  absl::Status Close(StageContext& context) override { return file_.Close(); }

 private:
  static std::vector<std::string> Columns(const Prediction& p) { return PredictionColumns(p); }
  static std::vector<std::string> Columns(const FeatureVector& f) {
    return FeatureVectorColumns(f);
  }
  static std::vector<std::string> Values(int64_t t, const Prediction& p) {
    return PredictionValues(t, p);
  }
  static std::vector<std::string> Values(int64_t t, const FeatureVector& f) {
    return FeatureVectorValues(t, f);
  }

  LineFileWriter file_;
  std::vector<std::string> columns_;
};

class CsvSink : public CsvFileSink<Prediction, CsvSinkOptions> {
 public:
  static StageContract Contract() { return ContractFor({"PREDICTIONS", PayloadType::kPrediction}); }
};

class CsvFeatureSink : public CsvFileSink<FeatureVector, CsvFeatureSinkOptions> {
 public:
  static StageContract Contract() { return ContractFor({"FEATURES", PayloadType::kFeatureVector}); }
};

SENTIO_REGISTER_STAGE(CsvSink);
SENTIO_REGISTER_STAGE(CsvFeatureSink);

}  // namespace
}  // namespace sentio
