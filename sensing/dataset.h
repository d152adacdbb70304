// A labelled data set for training and evaluating classifiers, in Weka's model: numeric, nominal,
// string and date attributes, missing values, a class attribute and per-instance weights (C4.5
// splits instances with missing values into fractional ones).
#ifndef SENSING_DATASET_H_
#define SENSING_DATASET_H_

#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace sentio {

enum class AttributeType { kNumeric, kNominal, kString, kDate };

absl::string_view AttributeTypeName(AttributeType type);

struct Attribute {
  std::string name;
  AttributeType type = AttributeType::kNumeric;
  // Nominal: the declared labels. String: every distinct value seen, in order of appearance.
  std::vector<std::string> values;
  // Date: the Java SimpleDateFormat pattern the values were written in.
  std::string date_format;

  // Index of `label` in `values`, or -1.
  int IndexOf(absl::string_view label) const;
};

// A value is a double: numeric as is, nominal and string as an index into Attribute::values, date
// as milliseconds since the Unix epoch (UTC), like Weka. Missing is a quiet NaN.
inline constexpr double kMissingValue = std::numeric_limits<double>::quiet_NaN();
inline bool IsMissing(double value) { return value != value; }

struct Instance {
  std::vector<double> values;  // one per attribute
  double weight = 1.0;
};

class Dataset {
 public:
  std::string relation;
  std::vector<Attribute> attributes;
  std::vector<Instance> instances;
  int class_index = -1;  // -1: no class attribute

  int num_attributes() const { return static_cast<int>(attributes.size()); }
  int num_instances() const { return static_cast<int>(instances.size()); }
  const Attribute& class_attribute() const { return attributes[class_index]; }
  int num_classes() const { return static_cast<int>(class_attribute().values.size()); }
  // Class index of instance `i`, or -1 when its class is missing.
  int ClassOf(int i) const;

  // Checks that the class attribute exists and is nominal, and that every instance has one value
  // per attribute, nominal values within range and a positive finite weight.
  absl::Status ValidateForClassification() const;

  // Fails, naming the first difference, unless `other` has the same attributes (names, types,
  // nominal labels) and class; a test set must match its training set this way. The message
  // calls the two `name` and `other_name` (e.g. "the model", "new.arff"); empty: their relations.
  absl::Status CheckSameHeader(const Dataset& other, absl::string_view name = "",
                               absl::string_view other_name = "") const;

  // A data set with the same header and the instances at `indices`.
  Dataset Subset(const std::vector<int>& indices) const;
};

}  // namespace sentio

#endif  // SENSING_DATASET_H_
