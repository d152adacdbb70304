// Runs a validated graph on a thread pool: every stream is a bounded queue per consumer, lossless
// (the producer waits for room) or real-time (the oldest packet is dropped and counted), so memory
// stays bounded whatever the slowest stage. A node runs on one thread at a time; downstream nodes
// are preferred so queues drain first. The run ends when the sources are done and every node has
// closed, on the first error (which names the node and the input packet's timestamp), or on
// Cancel; in the last two cases every open node is still closed. What stages print while
// processing shows when each call ends; what they print when closing comes at the end of the run,
// in node order.
#ifndef SENSING_GRAPH_RUNNER_H_
#define SENSING_GRAPH_RUNNER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "sensing/graph_validation.h"
#include "sensing/packet.h"
#include "sensing/stage.h"

namespace sentio {

// Sees every packet put on a stream (with the stream's name), on the thread that emitted it: a
// run report records decisions with it. It must be thread-safe and quick.
using PacketObserver = std::function<void(const std::string& stream, const Packet& packet)>;

struct GraphRunOptions {
  int num_threads = 0;  // 0: std::thread::hardware_concurrency()
  // Where stages print (each call's output passed on whole when the call ends); nullptr: std::cout.
  std::ostream* out = nullptr;
  std::ostream* warnings = nullptr;  // where stages' warnings go; nullptr: std::cerr
  PacketObserver observer;           // empty: none
};

struct StreamStats {
  std::string name;
  int queue_size = 0;
  bool realtime = false;
  int64_t produced = 0;  // packets emitted on the stream
  // Summed over the stream's consumers (a real-time stream drops per consumer queue).
  int64_t consumed = 0;
  int64_t dropped = 0;
  int max_queued = 0;  // the most packets any of its consumer queues held at once
  // Packets still waiting in its consumers' queues: none after a complete run. After a cancel too,
  // produced * consumers = consumed + dropped + queued for every stream.
  int64_t queued = 0;
  int consumers = 0;
};

struct GraphRunStats {
  std::vector<StreamStats> streams;
  int64_t total_dropped() const;
};

class GraphRunner {
 public:
  GraphRunner(ValidatedGraph graph, GraphRunOptions options);
  ~GraphRunner();

  // Opens every node, runs the graph to the end and closes every node; call once.
  absl::StatusOr<GraphRunStats> Run();

  // Asks a running graph to stop: Run closes the nodes and returns a Cancelled error. Safe from
  // any thread (not from a signal handler).
  void Cancel();

  // The streams' counts so far (after Run: in the end, also after a cancel or an error).
  GraphRunStats Stats();

 private:
  class NodeContext;
  struct Queue;
  struct Node;
  enum class WorkKind { kProcess, kClose };

  void Worker();
  // Whether node n can run now; UpdateRunnable keeps `runnable_` equal to that set, and is called
  // for every node whose state a change touches, so a step costs O(log nodes), not O(nodes).
  bool IsRunnable(int n) const;
  void UpdateRunnable(int n);
  // For a node with aligned inputs: the earliest timestamp at its queues' heads, and the queue
  // that keeps it from being handed over (empty, open and not settled there; -1: none).
  struct AlignedWait {
    std::optional<int64_t> earliest;
    int waiting_on = -1;
  };
  AlignedWait AlignedState(const Node& node) const;
  // The earliest timestamp if every input is settled there (see InputPolicy), else nothing.
  std::optional<int64_t> AlignedTimestamp(const Node& node) const;
  // Moves every input's packet of `timestamp` into node n's context.
  void TakeAlignedInputs(int n, int64_t timestamp);
  // Why nothing can run though not every node has closed: an aligned node and the stream it
  // waits for.
  std::string StallMessage() const;
  void Execute(int n, WorkKind kind);
  void Flush(int n);
  void Fail(absl::Status status);

  ValidatedGraph graph_;
  GraphRunOptions options_;
  std::vector<Queue> queues_;
  std::vector<int64_t> produced_;      // per stream
  std::vector<StreamHeader> headers_;  // per stream
  std::vector<std::optional<SidePacket>> side_packets_;
  std::vector<std::unique_ptr<Node>> nodes_;
  // Runnable nodes; the highest index (the most downstream) runs first, so queues drain before
  // sources add to them.
  std::set<int> runnable_;
  int closed_ = 0;  // nodes whose Close was called (or that never opened) and are not busy

  std::mutex mutex_;
  std::condition_variable changed_;
  int running_ = 0;
  int waiting_ = 0;
  bool stopping_ = false;
  // stopping_, readable without the lock by stages that wait (StageContext::stopping).
  std::atomic<bool> stop_requested_{false};
  bool finished_ = false;
  absl::Status status_;
  bool ran_ = false;
};

}  // namespace sentio

#endif  // SENSING_GRAPH_RUNNER_H_
