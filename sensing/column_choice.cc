#include "sensing/column_choice.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"

namespace sentio {
namespace {

// Below this many instances no column is suspected: too few rows to tell a pattern from chance.
constexpr int kMinInstancesForWarnings = 10;
// A time or row number rises (or falls) from one instance to the next at least this often; a
// recording of several subjects restarts its clock once per subject.
constexpr double kMonotonicShare = 0.9;

std::string AttributeNames(const Dataset& data) {
  std::vector<std::string> names;
  for (const Attribute& attribute : data.attributes) names.push_back(attribute.name);
  return absl::StrJoin(names, ", ");
}

absl::StatusOr<int> AttributeIndex(const Dataset& data, absl::string_view name,
                                   absl::string_view option, absl::string_view file_name) {
  for (int a = 0; a < data.num_attributes(); ++a) {
    if (data.attributes[a].name != name) continue;
    if (a == data.class_index) {
      return absl::InvalidArgumentError(
          absl::StrCat(file_name, ": ", option, "=", name, ": that is the class column"));
    }
    return a;
  }
  return absl::InvalidArgumentError(absl::StrCat(file_name, ": ", option, "=", name,
                                                 ": no such column (there are ",
                                                 AttributeNames(data), ")"));
}

std::string ValueText(const Attribute& attribute, double value) {
  if (attribute.type == AttributeType::kNumeric) return absl::StrFormat("%g", value);
  return attribute.values[static_cast<int>(value)];
}

absl::StatusOr<InstanceGroups> GroupsOf(const Dataset& data, int attribute_index,
                                        absl::string_view file_name) {
  const Attribute& attribute = data.attributes[attribute_index];
  InstanceGroups groups;
  std::unordered_map<std::string, int> index_of_name;
  for (int i = 0; i < data.num_instances(); ++i) {
    const double value = data.instances[i].values[attribute_index];
    if (IsMissing(value)) {
      return absl::InvalidArgumentError(absl::StrCat(file_name, ": data row ", i + 1,
                                                     " has no value in the group column '",
                                                     attribute.name, "'"));
    }
    const std::string name = ValueText(attribute, value);
    const auto [it, inserted] = index_of_name.emplace(name, static_cast<int>(groups.names.size()));
    if (inserted) groups.names.push_back(name);
    groups.of_instance.push_back(it->second);
  }
  if (groups.names.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat(file_name, ": the group column '", attribute.name, "' has one value (",
                     groups.names.empty() ? "" : groups.names[0],
                     "): leave-one-group-out needs at least two groups"));
  }
  return groups;
}

void RemoveAttributes(const std::set<int>& removed, Dataset& data) {
  std::vector<int> kept;
  for (int a = 0; a < data.num_attributes(); ++a) {
    if (removed.count(a) == 0) kept.push_back(a);
  }
  std::vector<Attribute> attributes;
  for (int a : kept) attributes.push_back(std::move(data.attributes[a]));
  for (Instance& instance : data.instances) {
    std::vector<double> values;
    for (int a : kept) values.push_back(instance.values[a]);
    instance.values = std::move(values);
  }
  data.class_index =
      static_cast<int>(std::find(kept.begin(), kept.end(), data.class_index) - kept.begin());
  data.attributes = std::move(attributes);
}

// The values of attribute `a` of every instance, or none when one is missing.
std::vector<double> PresentValues(const Dataset& data, int a) {
  std::vector<double> values;
  for (const Instance& instance : data.instances) {
    if (IsMissing(instance.values[a])) return {};
    values.push_back(instance.values[a]);
  }
  return values;
}

bool LooksLikeTime(const std::vector<double>& values) {
  if (std::set<double>(values.begin(), values.end()).size() != values.size()) return false;
  int rises = 0;
  for (size_t i = 1; i < values.size(); ++i) rises += values[i] > values[i - 1];
  const double steps = static_cast<double>(values.size() - 1);
  return rises >= kMonotonicShare * steps || steps - rises >= kMonotonicShare * steps;
}

// The number of distinct values when each fills one block of consecutive instances and there are
// at least two and at most a quarter as many as instances; otherwise 0.
int IdentifierBlocks(const Attribute& attribute, const std::vector<double>& values) {
  if (attribute.type == AttributeType::kNumeric) {
    for (double value : values) {
      if (value != std::floor(value)) return 0;
    }
  } else if (attribute.type != AttributeType::kNominal) {
    return 0;
  }
  std::set<double> finished;
  for (size_t i = 1; i < values.size(); ++i) {
    if (values[i] == values[i - 1]) continue;
    finished.insert(values[i - 1]);
    if (finished.count(values[i]) > 0) return 0;
  }
  const int distinct = static_cast<int>(finished.size()) + 1;
  return distinct >= 2 && 4 * distinct <= static_cast<int>(values.size()) ? distinct : 0;
}

}  // namespace

absl::StatusOr<InstanceGroups> ApplyColumnChoice(const ColumnChoice& choice,
                                                 absl::string_view file_name, Dataset& data) {
  std::set<int> removed;
  for (const std::string& name : choice.ignore) {
    ASSIGN_OR_RETURN(const int a, AttributeIndex(data, name, "--ignore", file_name));
    removed.insert(a);
  }
  InstanceGroups groups;
  if (!choice.group.empty()) {
    ASSIGN_OR_RETURN(const int a, AttributeIndex(data, choice.group, "--group", file_name));
    ASSIGN_OR_RETURN(groups, GroupsOf(data, a, file_name));
    removed.insert(a);
  }
  RemoveAttributes(removed, data);
  return groups;
}

absl::Status ChooseClassAttribute(absl::string_view name, absl::string_view file_name,
                                  Dataset& data) {
  int chosen = -1;
  for (int a = 0; a < data.num_attributes(); ++a) {
    if (data.attributes[a].name == name) chosen = a;
  }
  if (chosen < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        file_name, ": --class=", name, ": no such column (there are ", AttributeNames(data), ")"));
  }
  if (data.attributes[chosen].type != AttributeType::kNominal) {
    return absl::InvalidArgumentError(
        absl::StrCat(file_name, ": --class=", name, ": the class must be nominal, '", name, "' is ",
                     AttributeTypeName(data.attributes[chosen].type)));
  }
  std::rotate(data.attributes.begin() + chosen, data.attributes.begin() + chosen + 1,
              data.attributes.end());
  for (Instance& instance : data.instances) {
    std::rotate(instance.values.begin() + chosen, instance.values.begin() + chosen + 1,
                instance.values.end());
  }
  data.class_index = data.num_attributes() - 1;
  return absl::OkStatus();
}

absl::Status CheckSeveralClasses(const Dataset& data, absl::string_view file_name) {
  std::set<int> classes;
  for (int i = 0; i < data.num_instances(); ++i) {
    if (data.ClassOf(i) >= 0) classes.insert(data.ClassOf(i));
  }
  if (classes.size() >= 2) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      file_name, ": the class column '", data.class_attribute().name, "' has ",
      classes.empty()
          ? "no values"
          : absl::StrCat("one value (", data.class_attribute().values[*classes.begin()], ")"),
      ": a classifier needs at least two classes (is --class the right column?)"));
}

std::vector<std::string> LeakWarnings(const Dataset& data) {
  std::vector<std::string> warnings;
  if (data.num_instances() < kMinInstancesForWarnings) return warnings;
  for (int a = 0; a < data.num_attributes(); ++a) {
    if (a == data.class_index) continue;
    const Attribute& attribute = data.attributes[a];
    const std::vector<double> values = PresentValues(data, a);
    if (values.empty()) continue;
    if (attribute.type == AttributeType::kNumeric && LooksLikeTime(values)) {
      warnings.push_back(absl::StrCat(
          "column '", attribute.name,
          "' looks like a time or row number (a different value in every row, rising or falling "
          "from row to row); as a feature it can leak the label: leave it out with --ignore=",
          attribute.name));
    } else if (const int blocks = IdentifierBlocks(attribute, values); blocks > 0) {
      warnings.push_back(absl::StrCat(
          "column '", attribute.name, "' looks like a subject or recording identifier (", blocks,
          " values, each in one block of rows); as a feature it can leak the label: leave it out "
          "with --ignore=",
          attribute.name, " or evaluate across them with --group=", attribute.name));
    }
  }
  return warnings;
}

}  // namespace sentio
