// Labelled segments collected from a LABELS stream (SegmentLabel packets), for stages that match
// other packets to them once the streams have ended (the two streams may interleave either way):
// the label of the segment holding a time.
#ifndef SENSING_LABELLED_SEGMENTS_H_
#define SENSING_LABELLED_SEGMENTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sensing/packet.h"

namespace sentio {

class LabelledSegments {
 public:
  // Adds the segment of a SegmentLabel packet (from its timestamp to its end_us).
  void Add(const Packet& packet);
  // The label of the segment holding `time_us`, or nullptr when none does. The segments must not
  // overlap; call after the last Add.
  const std::string* LabelAt(int64_t time_us);
  // The distinct labels, sorted.
  std::vector<std::string> Labels() const;
  int64_t size() const { return static_cast<int64_t>(segments_.size()); }

 private:
  struct Segment {
    int64_t start_us;
    int64_t end_us;
    std::string label;
  };
  std::vector<Segment> segments_;
  bool sorted_ = true;
};

}  // namespace sentio

#endif  // SENSING_LABELLED_SEGMENTS_H_
