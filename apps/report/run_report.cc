#include "apps/report/run_report.h"

#include <algorithm>
#include <iterator>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "apps/report/html_report.h"
#include "apps/report/svg_charts.h"
#include "classifiers/confusion_matrix.h"

namespace sentio {
namespace report {
namespace {

// Consecutive segments with the same label, merged (a timeline of thousands of windows stays
// small).
std::vector<Segment> Merged(std::vector<Segment> segments) {
  std::vector<Segment> merged;
  for (Segment& segment : segments) {
    if (!merged.empty() && merged.back().label == segment.label &&
        segment.start - merged.back().end < 1e-9) {
      merged.back().end = segment.end;
    } else {
      merged.push_back(std::move(segment));
    }
  }
  return merged;
}

int IndexOf(const std::vector<std::string>& labels, const std::string& label) {
  const auto it = std::find(labels.begin(), labels.end(), label);
  return it == labels.end() ? -1 : static_cast<int>(it - labels.begin());
}

}  // namespace

PacketObserver RunRecorder::Observer() {
  return [this](const std::string& stream, const Packet& packet) { Record(stream, packet); };
}

void RunRecorder::Record(const std::string& stream, const Packet& packet) {
  if (const SegmentLabel* label = packet.Get<SegmentLabel>()) {
    std::lock_guard<std::mutex> lock(mutex_);
    truth_[stream].push_back({packet.timestamp_us(), label->end_us, label->label});
  } else if (const Prediction* prediction = packet.Get<Prediction>()) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<Decision>& decisions = decisions_[stream];
    decisions.push_back({packet.timestamp_us(), prediction->label, {}});
    if (decisions.size() == 1) decisions.back().class_labels = prediction->class_labels;
  } else if (const Detections* detections = packet.Get<Detections>()) {
    std::lock_guard<std::mutex> lock(mutex_);
    objects_[stream].emplace_back(detections->frame_index,
                                  static_cast<int>(detections->objects.size()));
  }
}

absl::StatusOr<std::string> RunRecorder::Write(const std::string& directory,
                                               const std::string& command) const {
  std::lock_guard<std::mutex> lock(mutex_);
  HtmlReport page("Graph run", command);
  std::vector<std::pair<std::string, std::string>> facts;
  int64_t origin = std::numeric_limits<int64_t>::max();
  for (const auto& [stream, spans] : truth_) {
    facts.emplace_back(absl::StrCat("labelled segments on '", stream, "'"),
                       absl::StrCat(spans.size()));
    for (const Span& span : spans) origin = std::min(origin, span.start_us);
  }
  for (const auto& [stream, decisions] : decisions_) {
    facts.emplace_back(absl::StrCat("decisions on '", stream, "'"), absl::StrCat(decisions.size()));
    for (const Decision& decision : decisions) origin = std::min(origin, decision.time_us);
  }
  for (const auto& [stream, frames] : objects_) {
    int total = 0;
    for (const auto& frame : frames) total += frame.second;
    facts.emplace_back(absl::StrCat("objects on '", stream, "'"),
                       absl::StrCat(total, " in ", frames.size(), " frames"));
  }
  if (facts.empty()) {
    page.AddParagraph(
        "The graph put no labelled segments, predictions or detections on its streams.");
  } else {
    page.AddFacts(facts);
  }

  // Times in seconds from the first recorded packet.
  auto seconds = [origin](int64_t us) { return static_cast<double>(us - origin) / 1e6; };
  std::vector<Track> tracks;
  for (const auto& [stream, spans] : truth_) {
    Track track{absl::StrCat("truth: ", stream), {}};
    for (const Span& span : spans) {
      track.segments.push_back({seconds(span.start_us), seconds(span.end_us), span.label});
    }
    track.segments = Merged(std::move(track.segments));
    tracks.push_back(std::move(track));
  }
  for (const auto& [stream, decisions] : decisions_) {
    Track track{absl::StrCat("decided: ", stream), {}};
    for (size_t i = 0; i < decisions.size(); ++i) {
      // A decision holds until the next one; the last for as long as the one before it.
      const int64_t step =
          i + 1 < decisions.size()
              ? decisions[i + 1].time_us - decisions[i].time_us
              : (i > 0 ? decisions[i].time_us - decisions[i - 1].time_us : 1000000);
      track.segments.push_back({seconds(decisions[i].time_us), seconds(decisions[i].time_us + step),
                                decisions[i].label});
    }
    track.segments = Merged(std::move(track.segments));
    tracks.push_back(std::move(track));
  }
  if (!tracks.empty()) {
    page.AddHeading("Decisions over time");
    page.AddChart(TimelineSvg("Truth and decisions over time", tracks));
  }

  // Each decision against the truth segment holding it (the first labelled stream).
  if (!truth_.empty() && !decisions_.empty()) {
    const std::vector<Span>& spans = truth_.begin()->second;
    for (const auto& [stream, decisions] : decisions_) {
      std::vector<std::string> labels = decisions.front().class_labels;
      for (const Span& span : spans) {
        if (IndexOf(labels, span.label) < 0) labels.push_back(span.label);
      }
      ConfusionMatrix matrix(labels);
      // A stream's timestamps increase, so the spans are in order of their starts: the one that
      // may hold a decision is the last starting at or before it.
      for (const Decision& decision : decisions) {
        const auto after = std::upper_bound(
            spans.begin(), spans.end(), decision.time_us,
            [](int64_t time_us, const Span& span) { return time_us < span.start_us; });
        if (after == spans.begin() || decision.time_us > std::prev(after)->end_us) continue;
        matrix.Add(IndexOf(labels, std::prev(after)->label), IndexOf(labels, decision.label));
      }
      if (matrix.total() == 0) continue;
      page.AddHeading(
          absl::StrCat("Decisions on '", stream, "' against '", truth_.begin()->first, "'"));
      page.AddFacts({{"decisions inside a labelled segment", absl::StrFormat("%g", matrix.total())},
                     {"accuracy per decision", absl::StrFormat("%.4f", matrix.accuracy())}});
      std::vector<std::vector<double>> counts(labels.size(), std::vector<double>(labels.size()));
      for (size_t a = 0; a < labels.size(); ++a) {
        for (size_t p = 0; p < labels.size(); ++p) counts[a][p] = matrix.count(a, p);
      }
      page.AddChart(HeatMapSvg("Confusion matrix per decision", labels, labels, counts,
                               "true label", "decided label"));
    }
  }

  for (const auto& [stream, frames] : objects_) {
    std::vector<double> x;
    Series counts{"objects", {}};
    for (const auto& [frame, count] : frames) {
      x.push_back(static_cast<double>(frame));
      counts.values.push_back(count);
    }
    page.AddHeading(absl::StrCat("Detections on '", stream, "'"));
    page.AddChart(LineChartSvg("Objects detected per frame", x, {counts}, "frame", "objects"));
  }
  return page.Write(directory);
}

}  // namespace report
}  // namespace sentio
