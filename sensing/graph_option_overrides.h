// Command-line overrides of a graph config's node options (`--set=NODE.OPTION=VALUE`), applied to
// the config before validation: the value is typed by the stage's declared option, and an
// override replaces the node's setting or adds one. Lets a graph's paths and parameters change
// without editing its file.
#ifndef SENSING_GRAPH_OPTION_OVERRIDES_H_
#define SENSING_GRAPH_OPTION_OVERRIDES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "sensing/graph_config.pb.h"
#include "sensing/stage_registry.h"

namespace sentio {

// Each override is "NODE.OPTION=VALUE" (the node name is everything before the last '.' ahead of
// the '='). Errors name the override and what is wrong: a node the graph lacks (listing its
// nodes), an option the stage does not declare (listing those it does), a value that is not of
// the option's type. The config is unchanged on error.
absl::Status ApplyOptionOverrides(const std::vector<std::string>& overrides,
                                  const StageRegistry& registry, graph::GraphConfig& config);

}  // namespace sentio

#endif  // SENSING_GRAPH_OPTION_OVERRIDES_H_
