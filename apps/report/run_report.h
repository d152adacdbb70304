// The report of `sentio run --report=DIR`: what a graph decided over time against the truth,
// recorded from its streams while it runs (any graph, no stage changes): labelled segments
// (SegmentLabel streams) are the truth, predictions (Prediction streams) the decisions, and
// Detections streams give objects per frame. The page shows a timeline of each, the confusion
// matrix of the decisions against the truth segment holding each, and objects per frame.
#ifndef APPS_REPORT_RUN_REPORT_H_
#define APPS_REPORT_RUN_REPORT_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sensing/graph_runner.h"
#include "sensing/packet.h"

namespace sentio {
namespace report {

class RunRecorder {
 public:
  // Records the packets it sees into this recorder (thread-safe); the recorder must outlive the
  // run.
  PacketObserver Observer();

  // Writes DIR/index.html and returns its path.
  absl::StatusOr<std::string> Write(const std::string& directory, const std::string& command) const;

 private:
  struct Span {
    int64_t start_us, end_us;
    std::string label;
  };
  struct Decision {
    int64_t time_us;
    std::string label;
    std::vector<std::string> class_labels;
  };

  void Record(const std::string& stream, const Packet& packet);

  mutable std::mutex mutex_;
  std::map<std::string, std::vector<Span>> truth_;  // per stream
  std::map<std::string, std::vector<Decision>> decisions_;
  std::map<std::string, std::vector<std::pair<int64_t, int>>> objects_;  // frame, count
};

}  // namespace report
}  // namespace sentio

#endif  // APPS_REPORT_RUN_REPORT_H_
