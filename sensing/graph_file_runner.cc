#include "sensing/graph_file_runner.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "sensing/graph_config_reader.h"
#include "sensing/graph_option_overrides.h"
#include "sensing/graph_runner.h"
#include "sensing/graph_validation.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

std::atomic<bool> interrupted{false};

extern "C" void OnInterrupt(int) { interrupted = true; }

// While alive, SIGINT cancels `runner` (from a watcher thread: Cancel takes a lock, which a
// signal handler must not).
class CancelOnInterrupt {
 public:
  explicit CancelOnInterrupt(GraphRunner& runner) : runner_(runner) {
    interrupted = false;
    struct sigaction action = {};
    action.sa_handler = OnInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_);
    watcher_ = std::thread([this] {
      std::unique_lock<std::mutex> lock(mutex_);
      while (!done_) {
        if (interrupted) {
          runner_.Cancel();
          return;
        }
        stop_.wait_for(lock, std::chrono::milliseconds(20));
      }
    });
  }

  ~CancelOnInterrupt() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    stop_.notify_all();
    watcher_.join();
    sigaction(SIGINT, &previous_, nullptr);
  }

 private:
  GraphRunner& runner_;
  struct sigaction previous_ = {};
  std::mutex mutex_;
  std::condition_variable stop_;
  bool done_ = false;
  std::thread watcher_;
};

void PrintStreamStats(const GraphRunStats& stats, std::ostream& diagnostics) {
  diagnostics << "Streams (packets produced, consumed, dropped; most queued of the queue size; "
                 "consumed and dropped summed over a stream's consumers):\n";
  for (const StreamStats& stream : stats.streams) {
    diagnostics << absl::StrFormat("  %s: %d, %d, %d; %d of %d (%s)", stream.name, stream.produced,
                                   stream.consumed, stream.dropped, stream.max_queued,
                                   stream.queue_size, stream.realtime ? "real-time" : "lossless");
    if (stream.consumers > 1) diagnostics << "; " << stream.consumers << " consumers";
    if (stream.queued > 0) diagnostics << "; " << stream.queued << " still queued";
    diagnostics << "\n";
  }
  diagnostics << "Dropped packets: " << stats.total_dropped() << "\n";
}

}  // namespace

absl::Status RunGraphFile(const std::string& path, int threads,
                          const std::vector<std::string>& overrides, std::ostream& out,
                          std::ostream& diagnostics, const PacketObserver& observer) {
  ASSIGN_OR_RETURN(graph::GraphConfig config, ReadGraphConfigFile(path));
  absl::Status overridden = ApplyOptionOverrides(overrides, StageRegistry::Global(), config);
  absl::StatusOr<ValidatedGraph> graph =
      overridden.ok() ? ValidateGraph(config, StageRegistry::Global()) : overridden;
  if (!graph.ok()) {
    return absl::Status(graph.status().code(), absl::StrCat(path, ": ", graph.status().message()));
  }
  out << "Graph " << path << ": " << graph->nodes.size() << " nodes, " << graph->streams.size()
      << " streams\n";
  for (const ValidatedNode& node : graph->nodes) {
    out << "  " << node.name << " (" << node.stage_type << ")\n";
  }
  out.flush();
  GraphRunner runner(*std::move(graph), GraphRunOptions{threads, &out, &diagnostics, observer});
  absl::StatusOr<GraphRunStats> stats;
  {
    CancelOnInterrupt cancel_on_interrupt(runner);
    stats = runner.Run();
  }
  if (!stats.ok()) {
    // Ctrl-C: what got through before it, so nothing goes missing unseen.
    if (absl::IsCancelled(stats.status())) PrintStreamStats(runner.Stats(), diagnostics);
    return stats.status();
  }
  PrintStreamStats(*stats, diagnostics);
  return absl::OkStatus();
}

}  // namespace sentio
