// A stage's options declared as a protobuf message beside the stage (MediaPipe's options protos):
// a proto2 message of scalar fields, whose `[default = ...]` are the options' defaults and whose
// `[(sentio.required) = true]` (sensing/option_annotations.proto) marks required ones:
//
//   message SlidingWindowStageOptions {
//     optional int64 window = 1;
//     optional bool span_blocks = 5 [default = false];
//   }
//
// The stage names it in its contract (`contract.options_message =
// SlidingWindowStageOptions::descriptor()`); the registry derives the named options from it, so
// validation, `--set` and `sentio stages` treat them like any other; the stage reads them back
// typed in Open:
//
//   const SlidingWindowStageOptions options = StageOptions<SlidingWindowStageOptions>(context);
//   if (options.has_window()) ...
#ifndef SENSING_OPTION_MESSAGE_H_
#define SENSING_OPTION_MESSAGE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "sensing/stage.h"

namespace sentio {

// The options a message's fields declare, in field order. Field types map to option types:
// strings to string, enums to string (the value names are the choices), integers to int (within
// the field type's range), float and double to double, bool to bool. Repeated, message and bytes
// fields are an error naming the field.
absl::StatusOr<std::vector<OptionSpec>> OptionSpecsOf(const google::protobuf::Descriptor& message);

// Sets `message`'s fields from the node's options (set or defaulted); the rest stay unset.
// Graph validation has checked the values against OptionSpecsOf(message's type).
void FillOptionsMessage(const StageContext& context, google::protobuf::Message& message);

template <typename OptionsMessage>
OptionsMessage StageOptions(const StageContext& context) {
  OptionsMessage options;
  FillOptionsMessage(context, options);
  return options;
}

}  // namespace sentio

#endif  // SENSING_OPTION_MESSAGE_H_
