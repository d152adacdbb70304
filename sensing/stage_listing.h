// A readable description of registered stage types, for `sentio stages`: each type's input and
// output ports with payload types, its options with type and default (or "required"), and the
// options message a node's node_options holds, where the stage declares one.
#ifndef SENSING_STAGE_LISTING_H_
#define SENSING_STAGE_LISTING_H_

#include <ostream>
#include <string>

#include "absl/strings/string_view.h"
#include "sensing/stage_registry.h"

namespace sentio {

absl::string_view OptionTypeName(OptionType type);

// The value as a graph config would write it: strings quoted, bools true/false.
std::string FormatOptionValue(const OptionValue& value);

// One block per stage type, in name order:
//   SlidingWindowStage
//     inputs:  IMU (ImuBlock)
//     outputs: WINDOWS (ImuBlock)
//     options: window (int, optional), span_blocks (bool, default false), fit (string:
//              stretch|letterbox, default "letterbox")
//     node_options: sentio.SlidingWindowStageOptions
void PrintStageList(const StageRegistry& registry, std::ostream& out);

}  // namespace sentio

#endif  // SENSING_STAGE_LISTING_H_
