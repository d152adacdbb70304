#include "apps/classifier_table.h"

#include <ostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "sensing/arff_reader.h"
#include "sensing/csv_reader.h"

namespace sentio {
namespace {

bool IsDelimitedText(const std::string& path) {
  for (const char* extension : {".csv", ".tsv", ".tab"}) {
    if (absl::EndsWithIgnoreCase(path, extension)) return true;
  }
  return false;
}

absl::StatusOr<Dataset> ReadTable(const std::string& path, const std::string& class_column) {
  if (IsDelimitedText(path)) return ReadCsvFile(path, class_column);
  if (!absl::EndsWithIgnoreCase(path, ".arff")) {
    return absl::InvalidArgumentError(absl::StrCat(
        path,
        ": unknown data format (expected .arff, .csv, .tsv or .tab; `sentio features` turns "
        ".ts recordings and timestamped CSV into an .arff of window features)"));
  }
  ASSIGN_OR_RETURN(Dataset data, ReadArffFile(path));
  if (!class_column.empty()) RETURN_IF_ERROR(ChooseClassAttribute(class_column, path, data));
  return data;
}

}  // namespace

TableFlags ReadTableFlags(CommandLine& flags, bool with_group) {
  TableFlags table;
  table.class_column = flags.GetString("class", "");
  table.columns.ignore = absl::StrSplit(flags.GetString("ignore", ""), ',', absl::SkipEmpty());
  if (with_group) table.columns.group = flags.GetString("group", "");
  return table;
}

absl::StatusOr<ClassifierTable> ReadClassifierTable(const std::string& path,
                                                    const TableFlags& flags) {
  ClassifierTable table;
  ASSIGN_OR_RETURN(table.data, ReadTable(path, flags.class_column));
  ASSIGN_OR_RETURN(table.groups, ApplyColumnChoice(flags.columns, path, table.data));
  table.leak_warnings = LeakWarnings(table.data);
  return table;
}

void PrintWarnings(const std::vector<std::string>& warnings, std::ostream& out) {
  for (const std::string& warning : warnings) out << "Warning: " << warning << "\n";
}

}  // namespace sentio
