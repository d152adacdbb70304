// How `sentio eval`, `train` and `predict` read a table of instances: a Weka .arff or a CSV/TSV
// with a header, with the column flags users' own tables need:
//
//   --class=NAME    the class column (default: the last one)
//   --ignore=A,B    columns that are not features (identifiers, free text)
//   --group=NAME    (eval) the subject or recording of each row: leave-one-group-out evaluation
//
// and warnings about feature columns that look like a time or an identifier (label leakage).
#ifndef APPS_CLASSIFIER_TABLE_H_
#define APPS_CLASSIFIER_TABLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "apps/command_line.h"
#include "sensing/column_choice.h"
#include "sensing/dataset.h"

namespace sentio {

struct TableFlags {
  std::string class_column;  // empty: the last column
  ColumnChoice columns;
};

// Reads --class, --ignore and, when `with_group`, --group.
TableFlags ReadTableFlags(CommandLine& flags, bool with_group);

struct ClassifierTable {
  Dataset data;  // the class last, ignored and group columns gone
  InstanceGroups groups;
  std::vector<std::string> leak_warnings;  // LeakWarnings of `data`
};

// The table at `path` (.arff, .csv, .tsv or .tab) with `flags` applied.
absl::StatusOr<ClassifierTable> ReadClassifierTable(const std::string& path,
                                                    const TableFlags& flags);

// Prints each warning as a `Warning: ` line.
void PrintWarnings(const std::vector<std::string>& warnings, std::ostream& out);

}  // namespace sentio

#endif  // APPS_CLASSIFIER_TABLE_H_
