#include "sensing/graph_config_reader.h"

#include "absl/strings/str_cat.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "sensing/text_proto.h"

namespace sentio {

absl::StatusOr<graph::GraphConfig> ParseGraphConfig(absl::string_view text,
                                                    absl::string_view file_name) {
  graph::GraphConfig config;
  RETURN_IF_ERROR(ParseTextProto(text, file_name, &config));
  return config;
}

absl::StatusOr<graph::GraphConfig> ReadGraphConfigFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  return ParseGraphConfig(text, path);
}

std::string NodeLabel(const graph::Node& node) {
  return absl::StrCat("node '", node.name(), "' (", node.stage(), ")");
}

}  // namespace sentio
