#include "sensing/text_proto.h"

#include <google/protobuf/io/tokenizer.h>

#include <string>

#include "absl/strings/str_cat.h"

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

absl::Status ParseTextProto(absl::string_view text, absl::string_view file_name,
                            google::protobuf::Message* message,
                            const TextProtoOptions& options) {
  FirstErrorCollector errors(file_name);
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.AllowUnknownField(options.allow_unknown_fields);
  if (options.locations != nullptr) parser.WriteLocationsTo(options.locations);
  if (parser.ParseFromString(std::string(text), message)) return absl::OkStatus();
  if (!errors.status().ok()) return errors.status();
  return absl::InvalidArgumentError(
      absl::StrCat(file_name, ": not a valid text-format ", message->GetTypeName()));
}

}  // namespace sentio
