// The stage API of the streaming graph: a stage declares its ports (with payload types) and
// options, and the runtime calls Open once, Process once per input packet (or repeatedly for a
// source, until it says it is done), and Close once, each with a context that reads options,
// hands over the input packet and takes output packets. Streams carry headers: what all their
// packets share (an audio rate), set by the producer in Open and read by consumers in theirs, so
// that a mismatch is an error before any packet flows.
#ifndef SENSING_STAGE_H_
#define SENSING_STAGE_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "sensing/packet.h"
#include "sensing/side_packet.h"

namespace google::protobuf {
class Descriptor;
}  // namespace google::protobuf

namespace sentio {

enum class OptionType { kString, kInt, kDouble, kBool };

using OptionValue = std::variant<std::string, int64_t, double, bool>;

struct OptionSpec {
  std::string name;
  OptionType type = OptionType::kString;
  // Absent and not required: the default if there is one, otherwise HasOption is false.
  bool required = false;
  std::optional<OptionValue> default_value;
  // A string option with a fixed set of values (an enum field): the values accepted.
  std::vector<std::string> choices;
  // An int option's range (a field's integer type).
  int64_t min_int = INT64_MIN;
  int64_t max_int = INT64_MAX;
};

// What every packet of a stream shares, as far as its producer knows it when the graph opens
// (MediaPipe's stream headers). Unset fields are unknown.
struct StreamHeader {
  std::optional<int> sample_rate_hz;  // audio: every AudioChunk's rate
  std::optional<int> channels;        // audio
};

struct PortSpec {
  std::string name;  // what the port carries, for messages ("IMU", "PREDICTIONS")
  PayloadType type = PayloadType::kImuBlock;
};

// How a stage with several inputs is handed its packets.
enum class InputPolicy {
  // One packet per Process call, the earliest head of its input queues first; streams interleave
  // as packets arrive, so a stage that pairs them does it itself.
  kEachPacket,
  // One call per timestamp with every input's packet of that timestamp (StageContext::input_at;
  // absent where a stream has none), in timestamp order, as MediaPipe's default input stream
  // handler does: a timestamp is handed over once every other input has a later packet, has
  // closed, or is known to have nothing at or before it (see emits_at_input_time).
  kAlignedTimestamps,
};

// What a stage type reads, writes and accepts; graph validation checks configs against it. A
// node binds its input_stream / output_stream lists to these ports in order.
struct StageContract {
  std::vector<PortSpec> inputs;
  std::vector<PortSpec> outputs;
  // Bound in order to a node's input_side_packet / output_side_packet lists (side_packet.h). A
  // stage with side packets but no inputs and outputs (one that loads something once) opens and
  // closes, and is never processed.
  std::vector<SidePacketSpec> input_side_packets;
  std::vector<SidePacketSpec> output_side_packets;
  std::vector<OptionSpec> options;
  // The stage's options as a protobuf message declared beside it (MediaPipe's node_options): the
  // registry derives `options` from its fields (sensing/option_message.h), nodes may set them as
  // node_options of this type, and the stage reads them typed with StageOptions<Message>. Null
  // for a stage that lists `options` itself.
  const google::protobuf::Descriptor* options_message = nullptr;
  InputPolicy input_policy = InputPolicy::kEachPacket;
  // The stage promises that what it emits while processing an input of timestamp T is stamped T
  // or later (MediaPipe's timestamp offset 0). Then, once a call at T is over, the runtime knows
  // its outputs have nothing more at or before T, and an aligned consumer waiting on one of them
  // goes on even when the call emitted nothing there. Used for stages with one input or aligned
  // inputs (whose calls come in timestamp order).
  bool emits_at_input_time = false;
};

class StageContext {
 public:
  virtual ~StageContext() = default;

  virtual const std::string& node_name() const = 0;

  // Options were checked against the contract before the graph ran, so these only return what
  // the contract promises: a declared option of that type, set or defaulted.
  virtual bool HasOption(const std::string& name) const = 0;
  virtual const std::string& GetString(const std::string& name) const = 0;
  virtual int64_t GetInt(const std::string& name) const = 0;
  virtual double GetDouble(const std::string& name) const = 0;  // int values widen
  virtual bool GetBool(const std::string& name) const = 0;

  // In Process of a stage with inputs: the port the packet came on, and the packet. Packets of
  // one stream arrive in timestamp order; how two streams interleave depends on timing (unless
  // the stage's input policy aligns them: then these give the first port with a packet).
  virtual int input_port() const = 0;
  virtual const Packet& input() const = 0;
  // The packet on input port `port` in this call, or nullptr: with aligned inputs, every port's
  // packet of the call's timestamp; otherwise just input_port()'s.
  virtual const Packet* input_at(int port) const = 0;

  // The header of the stream on input port `port` (empty when its producer set none). Nodes open
  // in topological order, so in Open it holds what the producer set in its Open.
  virtual const StreamHeader& input_header(int port) const = 0;

  // In Open: sets the header of the stream on output port `port` (nothing when the port is left
  // unbound).
  virtual void SetOutputHeader(int port, StreamHeader header) = 0;

  // The side packet bound to input side packet port `port`, or nullptr where the node leaves an
  // optional one unbound. Its producer opened first, so it is there from Open on.
  virtual const SidePacket* input_side_packet(int port) const = 0;

  // In Open: sets output side packet `port` (nothing when the node leaves it unbound). A bound
  // one left unset fails the graph before its consumers open.
  virtual void SetOutputSidePacket(int port, SidePacket packet) = 0;

  // Sends `packet` on output port `port`. Timestamps must strictly increase on each stream and
  // the payload must be the port's type; a violation fails the graph naming node and stream.
  virtual void Emit(int port, Packet packet) = 0;

  // A source (a stage without inputs) calls this when it has nothing more to emit.
  virtual void MarkSourceDone() = 0;

  // Where report stages print for people to read.
  virtual std::ostream& out() = 0;

  // Tells the user about something suspect that does not stop the run (the runtime prefixes the
  // node's name and writes it to standard error).
  virtual void Warn(const std::string& message) = 0;

  // Whether the run is being stopped (cancelled, or failed elsewhere): a stage that waits, e.g. a
  // source replaying in real time, should return soon.
  virtual bool stopping() const { return false; }
};

class Stage {
 public:
  virtual ~Stage() = default;
  virtual absl::Status Open(StageContext& context) { return absl::OkStatus(); }
  virtual absl::Status Process(StageContext& context) = 0;
  virtual absl::Status Close(StageContext& context) { return absl::OkStatus(); }
};

}  // namespace sentio

#endif  // SENSING_STAGE_H_
