#include "sensing/graph_runner.h"

#include <algorithm>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"

namespace sentio {

int64_t GraphRunStats::total_dropped() const {
  int64_t total = 0;
  for (const StreamStats& stream : streams) total += stream.dropped;
  return total;
}

// One consumer's queue of one stream.
struct GraphRunner::Queue {
  int stream = -1;
  int consumer = -1;  // node index
  int capacity = 0;
  bool realtime = false;
  std::deque<Packet> packets;
  // Every packet of the stream stamped at or before this has been pushed here (the last pushed
  // timestamp, or the producer's input time when it emits at input time).
  int64_t settled_through = std::numeric_limits<int64_t>::min();
  bool producer_closed = false;
  int64_t consumed = 0;
  int64_t dropped = 0;
  int max_queued = 0;
};

class GraphRunner::NodeContext : public StageContext {
 public:
  NodeContext(const ValidatedNode& node, const ValidatedGraph& graph,
              std::vector<StreamHeader>& headers, std::vector<std::optional<SidePacket>>& side_packets,
              std::ostream& out, std::ostream& warnings, const PacketObserver& observer,
              const std::atomic<bool>& stop_requested)
      : node_(node),
        graph_(graph),
        headers_(headers),
        side_packets_(side_packets),
        out_(out),
        warnings_(warnings),
        observer_(observer),
        stop_requested_(stop_requested),
        last_timestamp_(node.type->contract.outputs.size(), std::numeric_limits<int64_t>::min()) {}

  const std::string& node_name() const override { return node_.name; }

  bool HasOption(const std::string& name) const override { return node_.options.count(name) > 0; }
  const std::string& GetString(const std::string& name) const override {
    static const std::string* const kEmpty = new std::string;
    const std::string* value = Find<std::string>(name);
    return value ? *value : *kEmpty;
  }
  int64_t GetInt(const std::string& name) const override {
    const int64_t* value = Find<int64_t>(name);
    return value ? *value : 0;
  }
  double GetDouble(const std::string& name) const override {
    if (const int64_t* value = Find<int64_t>(name)) return static_cast<double>(*value);
    const double* value = Find<double>(name);
    return value ? *value : 0;
  }
  bool GetBool(const std::string& name) const override {
    const bool* value = Find<bool>(name);
    return value && *value;
  }

  int input_port() const override { return input_port_; }
  const Packet& input() const override { return *input_; }
  const Packet* input_at(int port) const override {
    if (!aligned_inputs_.empty()) {
      if (port < 0 || port >= static_cast<int>(aligned_inputs_.size())) return nullptr;
      return aligned_inputs_[port] ? &*aligned_inputs_[port] : nullptr;
    }
    return port == input_port_ && input_ ? &*input_ : nullptr;
  }

  const StreamHeader& input_header(int port) const override {
    static const StreamHeader* const kNone = new StreamHeader;
    if (port < 0 || port >= static_cast<int>(node_.input_streams.size())) return *kNone;
    return headers_[node_.input_streams[port]];
  }
  void SetOutputHeader(int port, StreamHeader header) override {
    if (port < 0 || port >= static_cast<int>(node_.output_streams.size())) return;
    headers_[node_.output_streams[port]] = std::move(header);
  }

  const SidePacket* input_side_packet(int port) const override {
    if (port < 0 || port >= static_cast<int>(node_.input_side_packets.size())) return nullptr;
    const std::optional<SidePacket>& side_packet = side_packets_[node_.input_side_packets[port]];
    return side_packet ? &*side_packet : nullptr;
  }
  void SetOutputSidePacket(int port, SidePacket packet) override {
    if (port < 0 || port >= static_cast<int>(node_.output_side_packets.size())) return;
    side_packets_[node_.output_side_packets[port]] = std::move(packet);
  }

  // After Open: an error naming the first bound output side packet the stage left unset.
  absl::Status CheckOutputSidePacketsSet() const {
    for (size_t port = 0; port < node_.output_side_packets.size(); ++port) {
      if (!side_packets_[node_.output_side_packets[port]]) {
        return absl::InternalError(
            absl::StrCat("did not set its output side packet '",
                         graph_.side_packets[node_.output_side_packets[port]].name, "' (",
                         node_.type->contract.output_side_packets[port].name, ")"));
      }
    }
    return absl::OkStatus();
  }

  void Emit(int port, Packet packet) override {
    if (!emit_error_.ok()) return;
    const std::vector<PortSpec>& ports = node_.type->contract.outputs;
    if (port < 0 || port >= static_cast<int>(ports.size())) {
      emit_error_ = absl::InternalError(
          absl::StrCat("emitted on output port ", port, "; the stage has ", ports.size()));
      return;
    }
    // An output the graph leaves unbound: checked like the others, then dropped.
    const bool bound = port < static_cast<int>(node_.output_streams.size());
    // The stream's name, for errors only (not built per packet).
    auto stream = [&] {
      return bound ? graph_.streams[node_.output_streams[port]].name
                   : absl::StrCat(ports[port].name, " (unbound)");
    };
    if (packet.type() != ports[port].type) {
      emit_error_ = absl::InternalError(
          absl::StrCat("stream '", stream(), "': emitted a ", PayloadTypeName(packet.type()),
                       " packet on a port that carries ", PayloadTypeName(ports[port].type)));
      return;
    }
    if (packet.timestamp_us() <= last_timestamp_[port]) {
      emit_error_ = absl::InvalidArgumentError(
          absl::StrCat("stream '", stream(), "': timestamp ", packet.timestamp_us(),
                       " us is not after the previous one, ", last_timestamp_[port],
                       " us (timestamps must increase on every stream)"));
      return;
    }
    last_timestamp_[port] = packet.timestamp_us();
    if (!bound) return;
    if (observer_) observer_(graph_.streams[node_.output_streams[port]].name, packet);
    emitted_.emplace_back(port, std::move(packet));
  }

  void MarkSourceDone() override { source_done_ = true; }
  bool stopping() const override { return stop_requested_.load(std::memory_order_relaxed); }
  // Each node prints into its own buffer, which the runner hands to the shared stream after each
  // call (PassOnPrinted), so stages on different threads never write one stream at once and what
  // a call prints shows as soon as the call ends. What Close prints (a summary, a report) is kept
  // until the whole graph has run and then passed on in node order, after everything printed while
  // processing, so that a report's last line is the output's last line.
  std::ostream& out() override { return printed_; }
  void Warn(const std::string& message) override {
    static std::mutex* const mutex = new std::mutex;
    std::lock_guard<std::mutex> lock(*mutex);
    warnings_ << "warning: node '" << node_.name << "' (" << node_.stage_type << "): " << message
              << std::endl;
  }

  // Runner side: writes what the last call printed to the shared stream; under the runner's lock.
  void PassOnPrinted() {
    if (printed_.tellp() <= 0) return;
    out_ << printed_.str() << std::flush;
    printed_.str("");
  }
  // Runner side: keeps what Close printed for the end of the run; under the runner's lock.
  void KeepClosingPrint() {
    closing_print_ = printed_.str();
    printed_.str("");
  }
  // Runner side, after the run: passes on what Close printed.
  void PassOnClosingPrint() {
    if (closing_print_.empty()) return;
    out_ << closing_print_ << std::flush;
    closing_print_.clear();
  }

  // Runner side: what the current call takes in and gives out.
  int input_port_ = -1;
  std::optional<Packet> input_;
  std::vector<std::optional<Packet>> aligned_inputs_;  // per port, in a call with aligned inputs
  std::vector<std::pair<int, Packet>> emitted_;
  absl::Status emit_error_;
  bool source_done_ = false;

 private:
  template <typename T>
  const T* Find(const std::string& name) const {
    auto it = node_.options.find(name);
    return it == node_.options.end() ? nullptr : std::get_if<T>(&it->second);
  }

  const ValidatedNode& node_;
  const ValidatedGraph& graph_;
  std::vector<StreamHeader>& headers_;  // per stream; written only while the nodes open, in order
  std::vector<std::optional<SidePacket>>& side_packets_;  // per side packet; likewise
  std::ostream& out_;
  std::ostringstream printed_;
  std::string closing_print_;
  std::ostream& warnings_;
  const PacketObserver& observer_;
  const std::atomic<bool>& stop_requested_;
  std::vector<int64_t> last_timestamp_;
};

struct GraphRunner::Node {
  Node(const ValidatedNode& spec, const ValidatedGraph& graph, std::vector<StreamHeader>& headers,
       std::vector<std::optional<SidePacket>>& side_packets, std::ostream& out,
       std::ostream& warnings, const PacketObserver& observer,
       const std::atomic<bool>& stop_requested)
      : spec(spec),
        stage(spec.type->make()),
        context(spec, graph, headers, side_packets, out, warnings, observer, stop_requested) {}

  const ValidatedNode& spec;
  std::unique_ptr<Stage> stage;
  NodeContext context;
  std::vector<int> input_queues;                // per input port
  std::vector<std::vector<int>> output_queues;  // per output port, one per consumer
  std::deque<std::pair<int, Packet>> pending;   // emitted, waiting for room downstream
  // With emits_at_input_time: the last call's input timestamp, which settles the outputs once
  // `pending` is pushed.
  int64_t settles_outputs_through = std::numeric_limits<int64_t>::min();
  int64_t outputs_settled_through = std::numeric_limits<int64_t>::min();  // applied so far
  bool aligned = false;
  bool busy = false;
  bool close_called = false;  // or never opened, so never to be closed
  bool outputs_closed = false;
};

GraphRunner::GraphRunner(ValidatedGraph graph, GraphRunOptions options)
    : graph_(std::move(graph)),
      options_(options),
      produced_(graph_.streams.size(), 0),
      headers_(graph_.streams.size()),
      side_packets_(graph_.side_packets.size()) {
  std::ostream& out = options_.out ? *options_.out : std::cout;
  std::ostream& warnings = options_.warnings ? *options_.warnings : std::cerr;
  for (const ValidatedNode& spec : graph_.nodes) {
    nodes_.push_back(std::make_unique<Node>(spec, graph_, headers_, side_packets_, out, warnings,
                                            options_.observer, stop_requested_));
    nodes_.back()->input_queues.resize(spec.input_streams.size());
    nodes_.back()->output_queues.resize(spec.output_streams.size());
    nodes_.back()->aligned = spec.type->contract.input_policy == InputPolicy::kAlignedTimestamps;
  }
  for (int s = 0; s < static_cast<int>(graph_.streams.size()); ++s) {
    const ValidatedStream& stream = graph_.streams[s];
    for (const StreamEnd& consumer : stream.consumers) {
      Queue queue;
      queue.stream = s;
      queue.consumer = consumer.node;
      queue.capacity = stream.queue_size;
      queue.realtime = stream.realtime;
      nodes_[consumer.node]->input_queues[consumer.port] = static_cast<int>(queues_.size());
      nodes_[stream.producer.node]->output_queues[stream.producer.port].push_back(
          static_cast<int>(queues_.size()));
      queues_.push_back(std::move(queue));
    }
  }
}

GraphRunner::~GraphRunner() = default;

void GraphRunner::Cancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_) return;
  Fail(absl::CancelledError("the graph was cancelled"));
  changed_.notify_all();
}

void GraphRunner::Fail(absl::Status status) {
  if (status_.ok()) status_ = std::move(status);
  if (stopping_) return;
  stopping_ = true;
  stop_requested_ = true;
  // Every node that is not busy or closed now runs, to be closed.
  for (int n = 0; n < static_cast<int>(nodes_.size()); ++n) UpdateRunnable(n);
}

bool GraphRunner::IsRunnable(int n) const {
  const Node& node = *nodes_[n];
  if (node.busy || node.close_called) return false;
  if (stopping_) return true;
  if (!node.pending.empty()) return false;
  if (node.input_queues.empty()) return true;
  if (node.aligned) {
    if (AlignedTimestamp(node)) return true;
    for (int q : node.input_queues) {
      if (!queues_[q].packets.empty() || !queues_[q].producer_closed) return false;
    }
    return true;  // to be closed
  }
  bool all_closed = true;
  for (int q : node.input_queues) {
    if (!queues_[q].packets.empty()) return true;
    all_closed = all_closed && queues_[q].producer_closed;
  }
  return all_closed;
}

GraphRunner::AlignedWait GraphRunner::AlignedState(const Node& node) const {
  AlignedWait state;
  for (int q : node.input_queues) {
    const Queue& queue = queues_[q];
    if (!queue.packets.empty() &&
        (!state.earliest || queue.packets.front().timestamp_us() < *state.earliest)) {
      state.earliest = queue.packets.front().timestamp_us();
    }
  }
  if (!state.earliest) return state;
  for (int q : node.input_queues) {
    const Queue& queue = queues_[q];
    if (queue.packets.empty() && !queue.producer_closed &&
        queue.settled_through < *state.earliest) {
      state.waiting_on = q;  // a packet at `earliest` may still come on this stream
      break;
    }
  }
  return state;
}

std::optional<int64_t> GraphRunner::AlignedTimestamp(const Node& node) const {
  const AlignedWait state = AlignedState(node);
  if (state.waiting_on >= 0) return std::nullopt;
  return state.earliest;
}

void GraphRunner::UpdateRunnable(int n) {
  if (IsRunnable(n)) {
    runnable_.insert(n);
  } else {
    runnable_.erase(n);
  }
}

void GraphRunner::Flush(int n) {
  Node& node = *nodes_[n];
  while (!node.pending.empty()) {
    auto& [port, packet] = node.pending.front();
    const std::vector<int>& targets = node.output_queues[port];
    const int stream = node.spec.output_streams[port];
    if (!graph_.streams[stream].realtime) {
      for (int q : targets) {
        if (static_cast<int>(queues_[q].packets.size()) >= queues_[q].capacity) return;
      }
    }
    for (int q : targets) {
      Queue& queue = queues_[q];
      if (static_cast<int>(queue.packets.size()) >= queue.capacity) {
        queue.packets.pop_front();
        ++queue.dropped;
      }
      queue.settled_through = std::max(queue.settled_through, packet.timestamp_us());
      queue.packets.push_back(packet);
      queue.max_queued = std::max(queue.max_queued, static_cast<int>(queue.packets.size()));
      UpdateRunnable(queue.consumer);
    }
    ++produced_[stream];
    node.pending.pop_front();
  }
  // Only when the bound has moved: Flush runs for every packet taken from a queue.
  if (node.outputs_settled_through < node.settles_outputs_through) {
    node.outputs_settled_through = node.settles_outputs_through;
    for (const std::vector<int>& targets : node.output_queues) {
      for (int q : targets) {
        if (queues_[q].settled_through < node.settles_outputs_through) {
          queues_[q].settled_through = node.settles_outputs_through;
          UpdateRunnable(queues_[q].consumer);
        }
      }
    }
  }
  if (node.close_called && !node.outputs_closed) {
    node.outputs_closed = true;
    for (const std::vector<int>& targets : node.output_queues) {
      for (int q : targets) {
        queues_[q].producer_closed = true;
        UpdateRunnable(queues_[q].consumer);
      }
    }
  }
  UpdateRunnable(n);
}

void GraphRunner::Execute(int n, WorkKind kind) {
  Node& node = *nodes_[n];
  NodeContext& context = node.context;
  absl::Status status =
      kind == WorkKind::kProcess ? node.stage->Process(context) : node.stage->Close(context);
  if (status.ok()) status = context.emit_error_;

  std::lock_guard<std::mutex> lock(mutex_);
  --running_;
  node.busy = false;
  if (kind == WorkKind::kClose) {
    node.close_called = true;
    ++closed_;
  }
  if (!status.ok()) {
    std::string where = absl::StrCat("node '", node.spec.name, "' (", node.spec.stage_type, ")");
    if (kind == WorkKind::kClose) {
      absl::StrAppend(&where, " closing");
    } else if (context.input_) {
      absl::StrAppend(&where, " at timestamp ", context.input_->timestamp_us(), " us");
    }
    Fail(absl::Status(status.code(), absl::StrCat(where, ": ", status.message())));
  }
  if (kind == WorkKind::kClose) {
    context.KeepClosingPrint();
  } else {
    context.PassOnPrinted();
  }
  if (kind == WorkKind::kProcess && context.input_ &&
      node.spec.type->contract.emits_at_input_time &&
      (node.aligned || node.input_queues.size() == 1)) {
    node.settles_outputs_through = context.input_->timestamp_us();
  }
  context.input_.reset();
  context.aligned_inputs_.clear();
  context.input_port_ = -1;
  if (!stopping_) {
    for (auto& emitted : context.emitted_) node.pending.push_back(std::move(emitted));
    Flush(n);
  }
  context.emitted_.clear();
  UpdateRunnable(n);
  if (waiting_ > 0) changed_.notify_all();
}

void GraphRunner::Worker() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!finished_) {
    if (runnable_.empty()) {
      if (running_ == 0) {
        if (closed_ == static_cast<int>(nodes_.size())) {
          finished_ = true;
          changed_.notify_all();
          break;
        }
        // Only nodes with aligned inputs wait while packets are queued; closes all.
        Fail(absl::FailedPreconditionError(StallMessage()));
        continue;
      }
      ++waiting_;
      changed_.wait(lock);
      --waiting_;
      continue;
    }
    const int n = *runnable_.rbegin();
    Node& node = *nodes_[n];
    WorkKind kind = WorkKind::kClose;
    if (!stopping_) {
      if (node.input_queues.empty()) {
        if (!node.context.source_done_) kind = WorkKind::kProcess;
      } else if (node.aligned) {
        if (const std::optional<int64_t> timestamp = AlignedTimestamp(node)) {
          TakeAlignedInputs(n, *timestamp);
          kind = WorkKind::kProcess;
        }
      } else {
        // The earliest head among the input queues; the lowest port wins a tie.
        int chosen = -1;
        for (int port = 0; port < static_cast<int>(node.input_queues.size()); ++port) {
          const Queue& queue = queues_[node.input_queues[port]];
          if (queue.packets.empty()) continue;
          if (chosen < 0 || queue.packets.front().timestamp_us() <
                                queues_[node.input_queues[chosen]].packets.front().timestamp_us()) {
            chosen = port;
          }
        }
        if (chosen >= 0) {
          Queue& queue = queues_[node.input_queues[chosen]];
          node.context.input_port_ = chosen;
          node.context.input_ = std::move(queue.packets.front());
          queue.packets.pop_front();
          ++queue.consumed;
          Flush(graph_.streams[queue.stream].producer.node);
          kind = WorkKind::kProcess;
        }
      }
    }
    node.busy = true;
    runnable_.erase(n);
    ++running_;
    lock.unlock();
    Execute(n, kind);
    lock.lock();
  }
}

std::string GraphRunner::StallMessage() const {
  std::string message = "the graph stalled with nothing to run";
  for (const std::unique_ptr<Node>& node : nodes_) {
    if (!node->aligned || node->close_called) continue;
    const AlignedWait state = AlignedState(*node);
    if (state.waiting_on < 0) continue;
    absl::StrAppend(&message, ": node '", node->spec.name, "' (aligned inputs) waits for stream '",
                    graph_.streams[queues_[state.waiting_on].stream].name, "' to reach ",
                    *state.earliest,
                    " us, while its producer waits for room in a full queue (a larger "
                    "queue_size, or a producer that emits at input time, lets it go on)");
    break;
  }
  return message;
}

void GraphRunner::TakeAlignedInputs(int n, int64_t timestamp) {
  Node& node = *nodes_[n];
  NodeContext& context = node.context;
  context.aligned_inputs_.assign(node.input_queues.size(), std::nullopt);
  for (int port = 0; port < static_cast<int>(node.input_queues.size()); ++port) {
    Queue& queue = queues_[node.input_queues[port]];
    if (queue.packets.empty() || queue.packets.front().timestamp_us() != timestamp) continue;
    if (context.input_port_ < 0) {
      context.input_port_ = port;
      context.input_ = queue.packets.front();
    }
    context.aligned_inputs_[port] = std::move(queue.packets.front());
    queue.packets.pop_front();
    ++queue.consumed;
    Flush(graph_.streams[queue.stream].producer.node);
  }
}

absl::StatusOr<GraphRunStats> GraphRunner::Run() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ran_) return absl::FailedPreconditionError("a graph runner runs once");
    ran_ = true;
  }
  // Open in topological order; a node that never opened is never closed.
  for (size_t n = 0; n < nodes_.size(); ++n) {
    Node& node = *nodes_[n];
    std::unique_lock<std::mutex> lock(mutex_);
    if (stopping_) {
      node.close_called = true;
      ++closed_;
      runnable_.erase(static_cast<int>(n));
      continue;
    }
    lock.unlock();
    absl::Status status = node.stage->Open(node.context);
    if (status.ok()) status = node.context.emit_error_;
    if (status.ok()) status = node.context.CheckOutputSidePacketsSet();
    lock.lock();
    node.context.PassOnPrinted();
    if (!status.ok()) {
      Fail(absl::Status(status.code(),
                        absl::StrCat("node '", node.spec.name, "' (", node.spec.stage_type,
                                     ") opening: ", status.message())));
      node.close_called = true;
      ++closed_;
      runnable_.erase(static_cast<int>(n));
      continue;
    }
    // A stage without ports (one that loads side packets) is done once open.
    const StageContract& contract = node.spec.type->contract;
    if (contract.inputs.empty() && contract.outputs.empty()) node.context.source_done_ = true;
    for (auto& emitted : node.context.emitted_) node.pending.push_back(std::move(emitted));
    node.context.emitted_.clear();
    Flush(static_cast<int>(n));
  }

  int num_threads = options_.num_threads;
  if (num_threads <= 0) num_threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> workers;
  for (int i = 0; i < num_threads; ++i) workers.emplace_back(&GraphRunner::Worker, this);
  for (std::thread& worker : workers) worker.join();

  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const std::unique_ptr<Node>& node : nodes_) node->context.PassOnClosingPrint();
    if (!status_.ok()) return status_;
  }
  return Stats();
}

GraphRunStats GraphRunner::Stats() {
  std::lock_guard<std::mutex> lock(mutex_);
  GraphRunStats stats;
  for (int s = 0; s < static_cast<int>(graph_.streams.size()); ++s) {
    const ValidatedStream& stream = graph_.streams[s];
    stats.streams.push_back({stream.name, stream.queue_size, stream.realtime, produced_[s]});
  }
  for (const Queue& queue : queues_) {
    StreamStats& stream_stats = stats.streams[queue.stream];
    stream_stats.consumed += queue.consumed;
    stream_stats.dropped += queue.dropped;
    stream_stats.max_queued = std::max(stream_stats.max_queued, queue.max_queued);
    stream_stats.queued += static_cast<int64_t>(queue.packets.size());
    ++stream_stats.consumers;
  }
  return stats;
}

}  // namespace sentio
