#include "sensing/dataset.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace sentio {

absl::string_view AttributeTypeName(AttributeType type) {
  switch (type) {
    case AttributeType::kNumeric:
      return "numeric";
    case AttributeType::kNominal:
      return "nominal";
    case AttributeType::kString:
      return "string";
    case AttributeType::kDate:
      return "date";
  }
  return "unknown";
}

int Attribute::IndexOf(absl::string_view label) const {
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] == label) return static_cast<int>(i);
  }
  return -1;
}

int Dataset::ClassOf(int i) const {
  const double value = instances[i].values[class_index];
  return IsMissing(value) ? -1 : static_cast<int>(value);
}

absl::Status Dataset::ValidateForClassification() const {
  if (class_index < 0 || class_index >= num_attributes()) {
    return absl::InvalidArgumentError(
        absl::StrCat("data set '", relation, "' has no class attribute"));
  }
  if (class_attribute().type != AttributeType::kNominal) {
    return absl::InvalidArgumentError(absl::StrCat(
        "class attribute '", class_attribute().name, "' of '", relation, "' is ",
        AttributeTypeName(class_attribute().type), "; classification needs a nominal class"));
  }
  for (int i = 0; i < num_instances(); ++i) {
    const Instance& instance = instances[i];
    if (static_cast<int>(instance.values.size()) != num_attributes()) {
      return absl::InvalidArgumentError(absl::StrCat("instance ", i, " has ",
                                                     instance.values.size(), " values for ",
                                                     num_attributes(), " attributes"));
    }
    if (!(instance.weight > 0) || !std::isfinite(instance.weight)) {
      return absl::InvalidArgumentError(
          absl::StrCat("instance ", i, " has weight ", instance.weight));
    }
    for (int a = 0; a < num_attributes(); ++a) {
      const double value = instance.values[a];
      if (IsMissing(value) || attributes[a].type != AttributeType::kNominal) continue;
      if (value < 0 || value >= attributes[a].values.size() || value != std::floor(value)) {
        return absl::InvalidArgumentError(absl::StrCat("instance ", i, " has value ", value,
                                                       " for nominal attribute '",
                                                       attributes[a].name, "'"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status Dataset::CheckSameHeader(const Dataset& other) const {
  if (other.num_attributes() != num_attributes()) {
    return absl::InvalidArgumentError(absl::StrCat("'", other.relation, "' has ",
                                                   other.num_attributes(), " attributes, '",
                                                   relation, "' has ", num_attributes()));
  }
  for (int a = 0; a < num_attributes(); ++a) {
    const Attribute& mine = attributes[a];
    const Attribute& theirs = other.attributes[a];
    // String attributes collect their values as they are read, so only names and types compare.
    const bool same_labels = mine.type != AttributeType::kNominal || mine.values == theirs.values;
    if (mine.name != theirs.name || mine.type != theirs.type || !same_labels) {
      return absl::InvalidArgumentError(
          absl::StrCat("attribute ", a + 1, " differs: '", theirs.name, "' (",
                       AttributeTypeName(theirs.type), ") in '", other.relation, "', '",
                       mine.name, "' (", AttributeTypeName(mine.type), ") in '", relation,
                       "'", same_labels ? "" : ", or their nominal labels differ"));
    }
  }
  if (other.class_index != class_index) {
    return absl::InvalidArgumentError(absl::StrCat("'", other.relation,
                                                   "' has a different class attribute"));
  }
  return absl::OkStatus();
}

Dataset Dataset::Subset(const std::vector<int>& indices) const {
  Dataset subset;
  subset.relation = relation;
  subset.attributes = attributes;
  subset.class_index = class_index;
  subset.instances.reserve(indices.size());
  for (int i : indices) subset.instances.push_back(instances[i]);
  return subset;
}

}  // namespace sentio
