// Reads a streaming graph config (sensing/graph_config.proto) from protobuf text format; syntax
// errors name the file, line and column. A node_options message is read when its type is linked
// into the binary (the stage declaring it is).
#ifndef SENSING_GRAPH_CONFIG_READER_H_
#define SENSING_GRAPH_CONFIG_READER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/graph_config.pb.h"

namespace sentio {

// Parses `text`; `file_name` names it in errors ("graph.pbtxt:3:7: ...").
absl::StatusOr<graph::GraphConfig> ParseGraphConfig(absl::string_view text,
                                                    absl::string_view file_name);

absl::StatusOr<graph::GraphConfig> ReadGraphConfigFile(const std::string& path);

// How errors name a node of a config: "node 'NAME' (STAGE)".
std::string NodeLabel(const graph::Node& node);

}  // namespace sentio

#endif  // SENSING_GRAPH_CONFIG_READER_H_
