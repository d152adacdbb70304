// For stage unit tests: drives one registered stage without a graph. The context holds the
// stage's options (the contract's defaults filled in, as graph validation does), hands it one
// input packet at a time and keeps what it emits and prints.
#ifndef SENSING_FAKE_STAGE_CONTEXT_H_
#define SENSING_FAKE_STAGE_CONTEXT_H_

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "sensing/stage_registry.h"

namespace sentio {

class FakeStageContext : public StageContext {
 public:
  // The stage `stage_type` from the global registry, and a context with `options` plus defaults.
  static absl::StatusOr<std::pair<std::unique_ptr<Stage>, std::unique_ptr<FakeStageContext>>>
  ForStage(const std::string& stage_type, std::map<std::string, OptionValue> options);

  // A context without options, for code that takes a StageContext outside a stage (a pacer).
  static std::unique_ptr<FakeStageContext> WithoutOptions() {
    return std::unique_ptr<FakeStageContext>(new FakeStageContext({}));
  }

  const std::string& node_name() const override { return name_; }
  bool HasOption(const std::string& name) const override { return options_.count(name) > 0; }
  const std::string& GetString(const std::string& name) const override;
  int64_t GetInt(const std::string& name) const override;
  double GetDouble(const std::string& name) const override;
  bool GetBool(const std::string& name) const override;
  int input_port() const override { return input_port_; }
  const Packet& input() const override { return *input_; }
  const Packet* input_at(int port) const override {
    if (!aligned_inputs_.empty()) {
      return port >= 0 && port < static_cast<int>(aligned_inputs_.size()) && aligned_inputs_[port]
                 ? &*aligned_inputs_[port]
                 : nullptr;
    }
    return port == input_port_ && input_ ? &*input_ : nullptr;
  }
  const StreamHeader& input_header(int port) const override {
    static const StreamHeader* const kNone = new StreamHeader;
    auto it = input_headers.find(port);
    return it == input_headers.end() ? *kNone : it->second;
  }
  void SetOutputHeader(int port, StreamHeader header) override {
    output_headers[port] = std::move(header);
  }
  const SidePacket* input_side_packet(int port) const override {
    auto it = input_side_packets.find(port);
    return it == input_side_packets.end() ? nullptr : &it->second;
  }
  void SetOutputSidePacket(int port, SidePacket packet) override {
    output_side_packets[port] = std::move(packet);
  }
  void Emit(int port, Packet packet) override { emitted.emplace_back(port, std::move(packet)); }
  void MarkSourceDone() override { source_done = true; }
  std::ostream& out() override { return printed; }
  void Warn(const std::string& message) override { warnings.push_back(message); }
  bool stopping() const override { return stop.load(); }

  void SetInput(int port, Packet packet) {
    aligned_inputs_.clear();
    input_port_ = port;
    input_ = std::move(packet);
  }
  // For a stage with aligned inputs: one call's packets, per port (absent: none at that time).
  void SetAlignedInputs(std::vector<std::optional<Packet>> packets) {
    aligned_inputs_ = std::move(packets);
    input_port_ = -1;
    input_.reset();
    for (size_t port = 0; port < aligned_inputs_.size(); ++port) {
      if (aligned_inputs_[port]) {
        input_port_ = static_cast<int>(port);
        input_ = aligned_inputs_[port];
        break;
      }
    }
  }

  std::map<int, StreamHeader> input_headers;   // what input_header answers, by port
  std::map<int, StreamHeader> output_headers;  // what the stage set, by port
  std::map<int, SidePacket> input_side_packets;   // what input_side_packet answers, by port
  std::map<int, SidePacket> output_side_packets;  // what the stage set, by port
  std::vector<std::pair<int, Packet>> emitted;
  bool source_done = false;
  std::atomic<bool> stop{false};  // what stopping() answers (set from any thread)
  std::ostringstream printed;
  std::vector<std::string> warnings;

 private:
  explicit FakeStageContext(std::map<std::string, OptionValue> options)
      : options_(std::move(options)) {}

  std::string name_ = "under_test";
  std::map<std::string, OptionValue> options_;
  int input_port_ = -1;
  std::optional<Packet> input_;
  std::vector<std::optional<Packet>> aligned_inputs_;
};

}  // namespace sentio

#endif  // SENSING_FAKE_STAGE_CONTEXT_H_
