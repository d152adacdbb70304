#include "sensing/dataset.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

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

absl::Status Dataset::CheckSameHeader(const Dataset& other, absl::string_view name,
                                      absl::string_view other_name) const {
  const std::string mine_called =
      name.empty() ? absl::StrCat("'", relation, "'") : std::string(name);
  const std::string theirs_called =
      other_name.empty() ? absl::StrCat("'", other.relation, "'") : std::string(other_name);
  if (other.num_attributes() != num_attributes()) {
    return absl::InvalidArgumentError(absl::StrCat(theirs_called, " has ", other.num_attributes(),
                                                   " attributes, ", mine_called, " has ",
                                                   num_attributes()));
  }
  for (int a = 0; a < num_attributes(); ++a) {
    const Attribute& mine = attributes[a];
    const Attribute& theirs = other.attributes[a];
    // String attributes collect their values as they are read, so only names and types compare.
    const bool same_labels = mine.type != AttributeType::kNominal || mine.values == theirs.values;
    if (mine.name == theirs.name && mine.type == theirs.type && same_labels) continue;
    auto describe = [](const Attribute& attribute) {
      std::string text =
          absl::StrCat("'", attribute.name, "' (", AttributeTypeName(attribute.type));
      if (attribute.type == AttributeType::kNominal) {
        absl::StrAppend(&text, " {", absl::StrJoin(attribute.values, ", "), "}");
      }
      return text + ")";
    };
    return absl::InvalidArgumentError(
        absl::StrCat("attribute ", a + 1, " differs: ", describe(theirs), " in ", theirs_called,
                     ", ", describe(mine), " in ", mine_called));
  }
  if (other.class_index != class_index) {
    return absl::InvalidArgumentError(
        absl::StrCat(theirs_called, " has a different class attribute"));
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
