// Checks a graph config against the registered stage types before anything runs: known stage
// types, unique node names, ports and options as each stage declares them, every consumed stream
// (and side packet) produced exactly once with the payload type (kind) its consumers expect, and
// no cycles. The result is
// the resolved graph the runner executes.
#ifndef SENSING_GRAPH_VALIDATION_H_
#define SENSING_GRAPH_VALIDATION_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "sensing/graph_config.pb.h"
#include "sensing/stage_registry.h"

namespace sentio {

// Packets a stream's queue holds per consumer when its config does not say.
inline constexpr int kDefaultQueueSize = 16;

struct ValidatedNode {
  std::string name;
  std::string stage_type;
  const StageType* type = nullptr;
  std::vector<int> input_streams;   // stream index for each input port
  std::vector<int> output_streams;  // stream index for each output port
  std::vector<int> input_side_packets;   // side packet index per bound input side packet port
  std::vector<int> output_side_packets;  // side packet index per bound output side packet port
  // Every option set in the config, plus the contract's defaults for the others.
  std::map<std::string, OptionValue> options;
};

struct StreamEnd {
  int node = -1;
  int port = -1;
};

struct ValidatedStream {
  std::string name;
  PayloadType type = PayloadType::kImuBlock;
  StreamEnd producer;
  std::vector<StreamEnd> consumers;
  int queue_size = kDefaultQueueSize;
  bool realtime = false;  // REALTIME: drop the oldest packet when full; else the producer waits
};

struct ValidatedSidePacket {
  std::string name;
  std::string kind;
  StreamEnd producer;
};

struct ValidatedGraph {
  std::vector<ValidatedNode> nodes;  // in topological order: producers before consumers
  std::vector<ValidatedStream> streams;
  std::vector<ValidatedSidePacket> side_packets;  // producers open before their consumers
};

// Errors name the node (and its stage type), stream or option at fault.
absl::StatusOr<ValidatedGraph> ValidateGraph(const graph::GraphConfig& config,
                                             const StageRegistry& registry);

}  // namespace sentio

#endif  // SENSING_GRAPH_VALIDATION_H_
