// A node's node_options message (graph_config.proto) turned into named options: graph validation
// and `--set` work on named options, so a node may set some options in its stage's options message
// and others by name, and `--set` overrides either.
#ifndef SENSING_NODE_OPTIONS_H_
#define SENSING_NODE_OPTIONS_H_

#include "absl/status/status.h"
#include "sensing/graph_config.pb.h"
#include "sensing/stage_registry.h"

namespace sentio {

// Moves every field set in each node's node_options into the node's `option` list and clears
// node_options. Errors name the node: more than one message, a message of another type than the
// stage declares (or a stage that declares none), an option set both ways. Nodes of unknown stage
// types are left for validation to report. The config is unchanged on error.
absl::Status ExpandNodeOptions(const StageRegistry& registry, graph::GraphConfig& config);

}  // namespace sentio

#endif  // SENSING_NODE_OPTIONS_H_
