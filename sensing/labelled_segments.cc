#include "sensing/labelled_segments.h"

#include <algorithm>

namespace sentio {

void LabelledSegments::Add(const Packet& packet) {
  const SegmentLabel& label = *packet.Get<SegmentLabel>();
  if (!segments_.empty() && packet.timestamp_us() < segments_.back().start_us) sorted_ = false;
  segments_.push_back({packet.timestamp_us(), label.end_us, label.label});
}

const std::string* LabelledSegments::LabelAt(int64_t time_us) {
  if (!sorted_) {
    std::sort(segments_.begin(), segments_.end(),
              [](const Segment& a, const Segment& b) { return a.start_us < b.start_us; });
    sorted_ = true;
  }
  auto after = std::upper_bound(segments_.begin(), segments_.end(), time_us,
                                [](int64_t t, const Segment& s) { return t < s.start_us; });
  if (after == segments_.begin() || time_us > std::prev(after)->end_us) return nullptr;
  return &std::prev(after)->label;
}

std::vector<std::string> LabelledSegments::Labels() const {
  std::vector<std::string> labels;
  for (const Segment& segment : segments_) labels.push_back(segment.label);
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  return labels;
}

}  // namespace sentio
