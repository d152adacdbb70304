#include "sensing/table_writer.h"

#include <cstdint>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "base/file_writing.h"
#include "base/npy_format.h"
#include "base/text_parsing.h"
#include "sensing/arff_writer.h"
#include "sensing/record_formatting.h"

namespace sentio {
namespace {

absl::Status CheckNumericOrNominal(const Dataset& data, const std::string& path) {
  for (const Attribute& attribute : data.attributes) {
    if (attribute.type != AttributeType::kNumeric && attribute.type != AttributeType::kNominal) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": attribute '", attribute.name, "' is ", AttributeTypeName(attribute.type),
          "; .csv and .npy tables hold numeric and nominal attributes (write .arff)"));
    }
  }
  return absl::OkStatus();
}

std::string Csv(const Dataset& data) {
  std::vector<std::string> names;
  for (const Attribute& attribute : data.attributes) names.push_back(attribute.name);
  std::string text = CsvRow(names) + "\n";
  for (const Instance& instance : data.instances) {
    std::vector<std::string> fields;
    for (int a = 0; a < data.num_attributes(); ++a) {
      const double value = instance.values[a];
      if (IsMissing(value)) {
        fields.emplace_back();
      } else if (data.attributes[a].type == AttributeType::kNominal) {
        fields.push_back(data.attributes[a].values[static_cast<int>(value)]);
      } else {
        fields.push_back(ShortestNumber(value));
      }
    }
    absl::StrAppend(&text, CsvRow(fields), "\n");
  }
  return text;
}

}  // namespace

absl::Status WriteTableFile(const Dataset& data, const std::string& path) {
  const bool csv = absl::EndsWithIgnoreCase(path, ".csv");
  if (!csv && !absl::EndsWithIgnoreCase(path, ".npy")) return WriteArffFile(data, path);
  if (absl::Status ok = CheckNumericOrNominal(data, path); !ok.ok()) return ok;
  if (csv) return WriteWholeFile(path, Csv(data));
  std::vector<float> values;
  values.reserve(static_cast<size_t>(data.num_instances()) * data.num_attributes());
  for (const Instance& instance : data.instances) {
    for (double value : instance.values) values.push_back(static_cast<float>(value));
  }
  return WriteWholeFile(path, Float32Npy({data.num_instances(), data.num_attributes()}, values));
}

}  // namespace sentio
