#include "sensing/graph_validation.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "sensing/graph_config_reader.h"
#include "sensing/node_options.h"
#include "sensing/stage_listing.h"

namespace sentio {
namespace {

// The option's value as the spec's type; ints are accepted where a double is expected.
absl::StatusOr<OptionValue> TypedOptionValue(const graph::Node& node, const graph::Option& option,
                                             const OptionSpec& spec) {
  using Case = graph::Option::ValueCase;
  const Case value_case = option.value_case();
  if (spec.type == OptionType::kString && value_case == Case::kStringValue) {
    return OptionValue(option.string_value());
  }
  if (spec.type == OptionType::kInt && value_case == Case::kIntValue) {
    return OptionValue(static_cast<int64_t>(option.int_value()));
  }
  if (spec.type == OptionType::kDouble && value_case == Case::kDoubleValue) {
    return OptionValue(option.double_value());
  }
  if (spec.type == OptionType::kDouble && value_case == Case::kIntValue) {
    return OptionValue(static_cast<double>(option.int_value()));
  }
  if (spec.type == OptionType::kBool && value_case == Case::kBoolValue) {
    return OptionValue(option.bool_value());
  }
  static constexpr absl::string_view kFieldOf[] = {"string_value", "int_value", "double_value",
                                                   "bool_value"};
  return absl::InvalidArgumentError(
      absl::StrCat(NodeLabel(node), ": option '", option.name(), "' must be a ",
                   OptionTypeName(spec.type), " (", kFieldOf[static_cast<int>(spec.type)], ")",
                   value_case == Case::VALUE_NOT_SET ? ", but has no value" : ""));
}

// A value of the right type outside what the option accepts: an enum's names, an integer field's
// range.
absl::Status CheckOptionValue(const graph::Node& node, const OptionSpec& spec,
                              const OptionValue& value) {
  if (!spec.choices.empty() &&
      std::find(spec.choices.begin(), spec.choices.end(), std::get<std::string>(value)) ==
          spec.choices.end()) {
    return absl::InvalidArgumentError(absl::StrCat(
        NodeLabel(node), ": option '", spec.name, "' is \"", std::get<std::string>(value),
        "\"; accepted: ", absl::StrJoin(spec.choices, ", ")));
  }
  if (const auto* number = std::get_if<int64_t>(&value);
      number != nullptr && (*number < spec.min_int || *number > spec.max_int)) {
    return absl::InvalidArgumentError(absl::StrCat(NodeLabel(node), ": option '", spec.name,
                                                   "' is ", *number, ", outside [", spec.min_int,
                                                   ", ", spec.max_int, "]"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::map<std::string, OptionValue>> ResolveOptions(const graph::Node& node,
                                                                  const StageContract& contract) {
  std::map<std::string, OptionValue> values;
  for (const graph::Option& option : node.option()) {
    auto spec = std::find_if(contract.options.begin(), contract.options.end(),
                             [&](const OptionSpec& s) { return s.name == option.name(); });
    if (spec == contract.options.end()) {
      std::vector<std::string> accepted;
      for (const OptionSpec& s : contract.options) accepted.push_back(s.name);
      return absl::InvalidArgumentError(absl::StrCat(
          NodeLabel(node), ": unknown option '", option.name(),
          "' (accepted: ", accepted.empty() ? "none" : absl::StrJoin(accepted, ", "), ")"));
    }
    if (values.count(option.name())) {
      return absl::InvalidArgumentError(
          absl::StrCat(NodeLabel(node), ": option '", option.name(), "' is set twice"));
    }
    ASSIGN_OR_RETURN(OptionValue value, TypedOptionValue(node, option, *spec));
    RETURN_IF_ERROR(CheckOptionValue(node, *spec, value));
    values.emplace(option.name(), std::move(value));
  }
  for (const OptionSpec& spec : contract.options) {
    if (values.count(spec.name)) continue;
    if (spec.required) {
      return absl::InvalidArgumentError(absl::StrCat(
          NodeLabel(node), ": missing option '", spec.name, "' (", OptionTypeName(spec.type), ")"));
    }
    if (spec.default_value) values.emplace(spec.name, *spec.default_value);
  }
  return values;
}

std::string PortNames(const std::vector<PortSpec>& ports) {
  std::vector<std::string> names;
  for (const PortSpec& port : ports) {
    names.push_back(absl::StrCat(port.name, ":", PayloadTypeName(port.type)));
  }
  return ports.empty() ? "none" : absl::StrJoin(names, ", ");
}

absl::Status CheckPortCount(const graph::Node& node, absl::string_view what, int configured,
                            const std::vector<PortSpec>& ports) {
  if (configured == static_cast<int>(ports.size())) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(NodeLabel(node), ": has ", configured, " ", what,
                                                 " streams, the stage takes ", ports.size(), " (",
                                                 PortNames(ports), ")"));
}

// The nodes in an order where every producer comes before its consumers, or an error naming the
// nodes of one cycle. Depth-first with an explicit stack, so a long chain cannot overflow the
// call stack.
absl::StatusOr<std::vector<int>> TopologicalOrder(const graph::GraphConfig& config,
                                                  const std::vector<std::vector<int>>& successors) {
  const int num_nodes = config.node_size();
  enum class Mark { kNone, kActive, kDone };
  std::vector<Mark> marks(num_nodes, Mark::kNone);
  std::vector<int> post_order;
  // The active path: a node and how many of its successors have been visited.
  std::vector<std::pair<int, size_t>> path;
  for (int root = 0; root < num_nodes; ++root) {
    if (marks[root] != Mark::kNone) continue;
    marks[root] = Mark::kActive;
    path.emplace_back(root, 0);
    while (!path.empty()) {
      auto& [n, visited] = path.back();
      if (visited == successors[n].size()) {
        marks[n] = Mark::kDone;
        post_order.push_back(n);
        path.pop_back();
        continue;
      }
      const int next = successors[n][visited++];
      if (marks[next] == Mark::kActive) {
        std::vector<std::string> cycle;
        auto start = std::find_if(path.begin(), path.end(),
                                  [&](const std::pair<int, size_t>& p) { return p.first == next; });
        for (auto it = start; it != path.end(); ++it)
          cycle.push_back(config.node(it->first).name());
        cycle.push_back(config.node(next).name());
        return absl::InvalidArgumentError(
            absl::StrCat("the graph has a cycle: ", absl::StrJoin(cycle, " -> ")));
      }
      if (marks[next] == Mark::kNone) {
        marks[next] = Mark::kActive;
        path.emplace_back(next, 0);
      }
    }
  }
  std::reverse(post_order.begin(), post_order.end());
  return post_order;
}

}  // namespace

// Binds the node's side packet names to its stage's side packet ports, adding the side packets it
// names to `side_packets` (`index` maps names to positions there).
absl::Status BindSidePackets(const graph::GraphConfig& config, int n, const StageContract& contract,
                             ValidatedNode& node, std::vector<ValidatedSidePacket>& side_packets,
                             std::map<std::string, int>& index) {
  const graph::Node& config_node = config.node(n);
  auto side_packet_named = [&](const std::string& name) {
    auto [it, added] = index.emplace(name, static_cast<int>(side_packets.size()));
    if (added) side_packets.push_back(ValidatedSidePacket{name});
    return it->second;
  };
  const auto& inputs = contract.input_side_packets;
  const auto& outputs = contract.output_side_packets;
  if (config_node.input_side_packet_size() > static_cast<int>(inputs.size()) ||
      config_node.output_side_packet_size() > static_cast<int>(outputs.size())) {
    return absl::InvalidArgumentError(absl::StrCat(
        NodeLabel(config_node), ": binds ", config_node.input_side_packet_size(),
        " input and ", config_node.output_side_packet_size(),
        " output side packets, but the stage has ", inputs.size(), " and ", outputs.size()));
  }
  for (size_t port = config_node.input_side_packet_size(); port < inputs.size(); ++port) {
    if (!inputs[port].optional) {
      return absl::InvalidArgumentError(
          absl::StrCat(NodeLabel(config_node), ": input side packet ", inputs[port].name, " (",
                       inputs[port].kind, ") is not bound"));
    }
  }
  for (int port = 0; port < config_node.output_side_packet_size(); ++port) {
    const std::string& name = config_node.output_side_packet(port);
    ValidatedSidePacket& side_packet = side_packets[side_packet_named(name)];
    if (side_packet.producer.node >= 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "side packet '", name, "' is produced twice: by node '",
          config.node(side_packet.producer.node).name(), "' and by node '", config_node.name(),
          "'"));
    }
    side_packet.producer = {n, port};
    side_packet.kind = outputs[port].kind;
    node.output_side_packets.push_back(index[name]);
  }
  for (int port = 0; port < config_node.input_side_packet_size(); ++port) {
    node.input_side_packets.push_back(side_packet_named(config_node.input_side_packet(port)));
  }
  return absl::OkStatus();
}

// Every consumed side packet has a producer of the kind its consumer expects; adds the edges from
// producers to consumers to `successors`, so that producers open first.
absl::Status CheckSidePackets(const std::vector<ValidatedNode>& nodes,
                              const std::vector<ValidatedSidePacket>& side_packets,
                              std::vector<std::vector<int>>& successors) {
  for (size_t n = 0; n < nodes.size(); ++n) {
    const ValidatedNode& node = nodes[n];
    for (size_t port = 0; port < node.input_side_packets.size(); ++port) {
      const ValidatedSidePacket& side_packet = side_packets[node.input_side_packets[port]];
      const SidePacketSpec& spec = node.type->contract.input_side_packets[port];
      if (side_packet.producer.node < 0) {
        return absl::InvalidArgumentError(absl::StrCat("side packet '", side_packet.name,
                                                       "' is read by node '", node.name,
                                                       "' but no node produces it"));
      }
      if (side_packet.kind != spec.kind) {
        return absl::InvalidArgumentError(absl::StrCat(
            "side packet '", side_packet.name, "' holds ", side_packet.kind, " from node '",
            nodes[side_packet.producer.node].name, "', but node '", node.name, "' (",
            node.stage_type, ") expects ", spec.kind, " as ", spec.name));
      }
      successors[side_packet.producer.node].push_back(static_cast<int>(n));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<ValidatedGraph> ValidateGraph(const graph::GraphConfig& given,
                                             const StageRegistry& registry) {
  graph::GraphConfig config = given;
  RETURN_IF_ERROR(ExpandNodeOptions(registry, config));
  if (config.node_size() == 0) return absl::InvalidArgumentError("the graph has no nodes");
  std::vector<ValidatedNode> nodes;
  std::vector<ValidatedStream> streams;
  std::map<std::string, int> stream_index;
  auto stream_named = [&](const std::string& name) {
    auto [it, added] = stream_index.emplace(name, static_cast<int>(streams.size()));
    if (added) streams.push_back(ValidatedStream{name});
    return it->second;
  };
  std::vector<ValidatedSidePacket> side_packets;
  std::map<std::string, int> side_packet_index;
  std::set<std::string> node_names;

  for (int n = 0; n < config.node_size(); ++n) {
    const graph::Node& config_node = config.node(n);
    if (config_node.name().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("node ", n + 1, " (", config_node.stage(), ") has no name"));
    }
    if (!node_names.insert(config_node.name()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("two nodes are named '", config_node.name(), "'"));
    }
    absl::StatusOr<const StageType*> type = registry.Find(config_node.stage());
    if (!type.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(NodeLabel(config_node), ": ", type.status().message()));
    }
    const StageContract& contract = (*type)->contract;
    RETURN_IF_ERROR(
        CheckPortCount(config_node, "input", config_node.input_stream_size(), contract.inputs));
    // Outputs may be left unbound from the end on (a source's LABELS when nothing scores them);
    // what the stage emits there is dropped.
    if (config_node.output_stream_size() > static_cast<int>(contract.outputs.size())) {
      RETURN_IF_ERROR(CheckPortCount(config_node, "output", config_node.output_stream_size(),
                                     contract.outputs));
    }
    ValidatedNode node{config_node.name(), config_node.stage(), *type};
    ASSIGN_OR_RETURN(node.options, ResolveOptions(config_node, contract));
    for (int port = 0; port < config_node.output_stream_size(); ++port) {
      const std::string& name = config_node.output_stream(port);
      if (name.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(NodeLabel(config_node), ": output stream ", port + 1, " has no name"));
      }
      ValidatedStream& stream = streams[stream_named(name)];
      if (stream.producer.node >= 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "stream '", name, "' is produced twice: by node '", nodes[stream.producer.node].name,
            "' and by node '", config_node.name(), "'"));
      }
      stream.producer = {n, port};
      stream.type = contract.outputs[port].type;
      node.output_streams.push_back(stream_index[name]);
    }
    for (int port = 0; port < config_node.input_stream_size(); ++port) {
      const std::string& name = config_node.input_stream(port);
      if (name.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(NodeLabel(config_node), ": input stream ", port + 1, " has no name"));
      }
      const int s = stream_named(name);
      streams[s].consumers.push_back({n, port});
      node.input_streams.push_back(s);
    }
    RETURN_IF_ERROR(
        BindSidePackets(config, n, contract, node, side_packets, side_packet_index));
    nodes.push_back(std::move(node));
  }

  std::vector<std::vector<int>> successors(nodes.size());
  for (const ValidatedStream& stream : streams) {
    for (const StreamEnd& consumer : stream.consumers) {
      const ValidatedNode& node = nodes[consumer.node];
      if (stream.producer.node < 0) {
        return absl::InvalidArgumentError(absl::StrCat("stream '", stream.name,
                                                       "' is consumed by node '", node.name,
                                                       "' but no node produces it"));
      }
      const PortSpec& port = node.type->contract.inputs[consumer.port];
      if (port.type != stream.type) {
        return absl::InvalidArgumentError(absl::StrCat(
            "stream '", stream.name, "' carries ", PayloadTypeName(stream.type), " from node '",
            nodes[stream.producer.node].name, "', but node '", node.name, "' (", node.stage_type,
            ") expects ", PayloadTypeName(port.type), " on input ", port.name));
      }
      successors[stream.producer.node].push_back(consumer.node);
    }
  }

  RETURN_IF_ERROR(CheckSidePackets(nodes, side_packets, successors));

  std::set<std::string> configured;
  for (const graph::StreamConfig& stream_config : config.stream()) {
    auto it = stream_index.find(stream_config.name());
    if (it == stream_index.end()) {
      return absl::InvalidArgumentError(absl::StrCat("stream config names '", stream_config.name(),
                                                     "', which no node reads or writes"));
    }
    if (!configured.insert(stream_config.name()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("stream '", stream_config.name(), "' is configured twice"));
    }
    if (stream_config.queue_size() < 0) {
      return absl::InvalidArgumentError(absl::StrCat("stream '", stream_config.name(),
                                                     "': queue_size ", stream_config.queue_size(),
                                                     " is negative"));
    }
    ValidatedStream& stream = streams[it->second];
    if (stream_config.queue_size() > 0) stream.queue_size = stream_config.queue_size();
    stream.realtime = stream_config.policy() == graph::StreamConfig::REALTIME;
  }

  ASSIGN_OR_RETURN(std::vector<int> order, TopologicalOrder(config, successors));
  // Renumber nodes in topological order.
  std::vector<int> new_index(nodes.size());
  for (size_t i = 0; i < order.size(); ++i) new_index[order[i]] = static_cast<int>(i);
  ValidatedGraph result;
  for (int n : order) result.nodes.push_back(std::move(nodes[n]));
  for (ValidatedStream& stream : streams) {
    stream.producer.node = new_index[stream.producer.node];
    for (StreamEnd& consumer : stream.consumers) consumer.node = new_index[consumer.node];
  }
  result.streams = std::move(streams);
  for (ValidatedSidePacket& side_packet : side_packets) {
    side_packet.producer.node = new_index[side_packet.producer.node];
  }
  result.side_packets = std::move(side_packets);
  return result;
}

}  // namespace sentio
