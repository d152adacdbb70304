// Parsing protobuf text format (graph configs, rule files, model files, Caffe prototxt) so that
// a syntax error comes back as "file:line:column: message", lines and columns counted from 1.
#ifndef SENSING_TEXT_PROTO_H_
#define SENSING_TEXT_PROTO_H_

#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace sentio {

struct TextProtoOptions {
  // Skip fields the schema does not know (Caffe prototxts use fields our subset leaves out).
  bool allow_unknown_fields = false;
  // When set, receives where each field was found, for errors found after parsing.
  google::protobuf::TextFormat::ParseInfoTree* locations = nullptr;
};

// Parses `text` into `message`; `file_name` only labels errors.
absl::Status ParseTextProto(absl::string_view text, absl::string_view file_name,
                            google::protobuf::Message* message,
                            const TextProtoOptions& options = {});

}  // namespace sentio

#endif  // SENSING_TEXT_PROTO_H_
