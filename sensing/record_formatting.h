// Text forms of the records sinks write: JSON Lines (one JSON object per packet) and CSV rows
// (RFC 4180 quoting), for feature vectors and predictions, with every string escaped.
#ifndef SENSING_RECORD_FORMATTING_H_
#define SENSING_RECORD_FORMATTING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "sensing/packet.h"

namespace sentio {

// `text` as a JSON string literal, quotes included: `"`, `\` and control characters escaped.
std::string JsonString(absl::string_view text);

// The shortest decimal that reads back as `value`; JSON `null` for NaN and infinities.
std::string JsonNumber(double value);

// {"timestamp_us":T,"names":[...],"values":[...]}
std::string FeatureVectorJson(int64_t timestamp_us, const FeatureVector& features);

// {"timestamp_us":T,"label":"...","classes":[...],"probabilities":[...]}
std::string PredictionJson(int64_t timestamp_us, const Prediction& prediction);

// {"timestamp_us":T,"frame":N,"width":W,"height":H,"inference_ms":M,"objects":[{"class":C,"label":"...",
// "score":S,"left":L,"top":T,"width":W,"height":H},...]} (boxes in pixels)
std::string DetectionsJson(int64_t timestamp_us, const Detections& detections);

// One line per box, as `sentio cnn detect` prints them: `frame=N class=C [label=NAME ]score=S
// left=L top=T width=W height=H` (pixels), each ending in a newline.
std::string DetectionLines(const Detections& detections);

// `field` as a CSV field: quoted (inner quotes doubled) when it holds a comma, quote, line break
// or surrounding space, as is otherwise.
std::string CsvField(absl::string_view field);

// The fields escaped and joined by commas (no line end).
std::string CsvRow(const std::vector<std::string>& fields);

// CSV columns and values: timestamp_us, then the feature names; timestamp_us, label, then one
// probability column per class named "p_<class>".
std::vector<std::string> FeatureVectorColumns(const FeatureVector& features);
std::vector<std::string> FeatureVectorValues(int64_t timestamp_us, const FeatureVector& features);
std::vector<std::string> PredictionColumns(const Prediction& prediction);
std::vector<std::string> PredictionValues(int64_t timestamp_us, const Prediction& prediction);

}  // namespace sentio

#endif  // SENSING_RECORD_FORMATTING_H_
