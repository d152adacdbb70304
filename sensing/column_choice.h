// Choosing which columns of a data set a classifier sees, the way users' own tables need it:
// columns left out (`--ignore`), a column of groups (subject, session, recording: `--group`) taken
// out of the features to drive leave-one-group-out evaluation, and warnings about columns that look
// like a time or an identifier, which as features can leak the label (a classifier that learns
// which rows sit next to each other scores 100 % on anything recorded one activity at a time).
#ifndef SENSING_COLUMN_CHOICE_H_
#define SENSING_COLUMN_CHOICE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/dataset.h"

namespace sentio {

struct ColumnChoice {
  std::vector<std::string> ignore;  // attributes to drop
  std::string group;                // empty: none
};

struct InstanceGroups {
  std::vector<std::string> names;  // the distinct groups, in order of first appearance
  std::vector<int> of_instance;    // index into `names`, one per instance
};

// Drops the ignored attributes and the group attribute from `data` and returns the groups (empty
// without a group column). Fails, naming `file_name`, the option and the attributes there are,
// for a name that is no attribute or is the class, an instance without a group and a group column
// with fewer than two groups.
absl::StatusOr<InstanceGroups> ApplyColumnChoice(const ColumnChoice& choice,
                                                 absl::string_view file_name, Dataset& data);

// Makes the nominal attribute `name` the class, moved to the end (ARFF files' class is otherwise
// their last attribute). Fails, naming `file_name` and the attributes there are, for a name that
// is no attribute or one that is not nominal.
absl::Status ChooseClassAttribute(absl::string_view name, absl::string_view file_name,
                                  Dataset& data);

// Fails, naming `file_name` and the class attribute, unless at least two classes occur.
absl::Status CheckSeveralClasses(const Dataset& data, absl::string_view file_name);

// One warning for each feature attribute that looks like a time or row number (numeric, unique per
// instance and rising, or falling, from almost every instance to the next) or like the identifier
// of a subject or recording (a few whole-number or nominal values, each in one block of
// consecutive instances). Each names the attribute and the options that deal with it.
std::vector<std::string> LeakWarnings(const Dataset& data);

}  // namespace sentio

#endif  // SENSING_COLUMN_CHOICE_H_
