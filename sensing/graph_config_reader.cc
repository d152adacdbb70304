#include "sensing/graph_config_reader.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include "absl/strings/str_cat.h"
#include "sensing/status_macros.h"
#include "sensing/text_parsing.h"

namespace sentio {
namespace {

// Keeps the first error; protobuf reports lines and columns from 0.
class FirstErrorCollector : public google::protobuf::io::ErrorCollector {
 public:
  explicit FirstErrorCollector(absl::string_view file_name) : file_name_(file_name) {}

  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    if (!status_.ok()) return;
    status_ = absl::InvalidArgumentError(
        absl::StrCat(file_name_, ":", line + 1, ":", column + 1, ": ", message));
  }

  const absl::Status& status() const { return status_; }

 private:
  std::string file_name_;
  absl::Status status_;
};

}  // namespace

absl::StatusOr<graph::GraphConfig> ParseGraphConfig(absl::string_view text,
                                                    absl::string_view file_name) {
  FirstErrorCollector errors(file_name);
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  graph::GraphConfig config;
  if (!parser.ParseFromString(std::string(text), &config)) {
    if (!errors.status().ok()) return errors.status();
    return absl::InvalidArgumentError(absl::StrCat(file_name, ": not a valid graph config"));
  }
  return config;
}

absl::StatusOr<graph::GraphConfig> ReadGraphConfigFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
  return ParseGraphConfig(text, path);
}

}  // namespace sentio
