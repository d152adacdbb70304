#include "sensing/record_formatting.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace sentio {
namespace {

std::string JsonStringArray(const std::vector<std::string>& strings) {
  std::vector<std::string> quoted;
  for (const std::string& s : strings) quoted.push_back(JsonString(s));
  return absl::StrCat("[", absl::StrJoin(quoted, ","), "]");
}

std::string JsonNumberArray(const std::vector<double>& values) {
  std::vector<std::string> numbers;
  for (double v : values) numbers.push_back(JsonNumber(v));
  return absl::StrCat("[", absl::StrJoin(numbers, ","), "]");
}

// The shortest of %.15g, %.16g and %.17g that reads back as `value` ("nan", "inf" as printf
// spells them).
std::string ShortestDecimal(double value) {
  for (int precision = 15; precision < 17; ++precision) {
    const std::string text = absl::StrFormat("%.*g", precision, value);
    if (std::strtod(text.c_str(), nullptr) == value) return text;
  }
  return absl::StrFormat("%.17g", value);
}

}  // namespace

std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", static_cast<unsigned char>(c));
        } else {
          out.push_back(c);  // UTF-8 passes through
        }
    }
  }
  return out + "\"";
}

std::string JsonNumber(double value) {
  if (!std::isfinite(value)) return "null";
  return ShortestDecimal(value);
}

std::string FeatureVectorJson(int64_t timestamp_us, const FeatureVector& features) {
  return absl::StrCat("{\"timestamp_us\":", timestamp_us,
                      ",\"names\":", JsonStringArray(features.names),
                      ",\"values\":", JsonNumberArray(features.values), "}");
}

std::string PredictionJson(int64_t timestamp_us, const Prediction& prediction) {
  return absl::StrCat("{\"timestamp_us\":", timestamp_us,
                      ",\"label\":", JsonString(prediction.label),
                      ",\"classes\":", JsonStringArray(prediction.class_labels),
                      ",\"probabilities\":", JsonNumberArray(prediction.probabilities), "}");
}

std::string DetectionsJson(int64_t timestamp_us, const Detections& detections) {
  std::vector<std::string> objects;
  for (const DetectedObject& object : detections.objects) {
    objects.push_back(
        absl::StrCat("{\"class\":", object.class_id, ",\"label\":", JsonString(object.label),
                     ",\"score\":", JsonNumber(object.score), ",\"left\":", JsonNumber(object.left),
                     ",\"top\":", JsonNumber(object.top), ",\"width\":", JsonNumber(object.width),
                     ",\"height\":", JsonNumber(object.height), "}"));
  }
  return absl::StrCat("{\"timestamp_us\":", timestamp_us, ",\"frame\":", detections.frame_index,
                      ",\"width\":", detections.frame_width,
                      ",\"height\":", detections.frame_height,
                      ",\"inference_ms\":", JsonNumber(detections.inference_ms), ",\"objects\":[",
                      absl::StrJoin(objects, ","), "]}");
}

std::string DetectionLines(const Detections& detections) {
  std::string lines;
  for (const DetectedObject& d : detections.objects) {
    absl::StrAppendFormat(&lines, "frame=%d class=%d ", detections.frame_index, d.class_id);
    if (!d.label.empty()) absl::StrAppend(&lines, "label=", d.label, " ");
    absl::StrAppendFormat(&lines, "score=%.4f left=%.1f top=%.1f width=%.1f height=%.1f\n", d.score,
                          d.left, d.top, d.width, d.height);
  }
  return lines;
}

std::string CsvField(absl::string_view field) {
  const bool needs_quotes =
      field.find_first_of(",\"\r\n") != absl::string_view::npos ||
      (!field.empty() && (absl::ascii_isspace(static_cast<unsigned char>(field.front())) ||
                          absl::ascii_isspace(static_cast<unsigned char>(field.back()))));
  if (!needs_quotes) return std::string(field);
  std::string out = "\"";
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

std::string CsvRow(const std::vector<std::string>& fields) {
  std::vector<std::string> escaped;
  for (const std::string& field : fields) escaped.push_back(CsvField(field));
  return absl::StrJoin(escaped, ",");
}

std::vector<std::string> FeatureVectorColumns(const FeatureVector& features) {
  std::vector<std::string> columns = {"timestamp_us"};
  columns.insert(columns.end(), features.names.begin(), features.names.end());
  return columns;
}

std::vector<std::string> FeatureVectorValues(int64_t timestamp_us, const FeatureVector& features) {
  std::vector<std::string> values = {absl::StrCat(timestamp_us)};
  for (double v : features.values) values.push_back(ShortestDecimal(v));
  return values;
}

std::vector<std::string> PredictionColumns(const Prediction& prediction) {
  std::vector<std::string> columns = {"timestamp_us", "label"};
  for (const std::string& label : prediction.class_labels) columns.push_back("p_" + label);
  return columns;
}

std::vector<std::string> PredictionValues(int64_t timestamp_us, const Prediction& prediction) {
  std::vector<std::string> values = {absl::StrCat(timestamp_us), prediction.label};
  for (double p : prediction.probabilities) values.push_back(ShortestDecimal(p));
  return values;
}

}  // namespace sentio
