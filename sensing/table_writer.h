// Writing a data set (one instance per row: features, then the class) in the format its file name
// asks for, so users take `sentio features` output to Weka, a spreadsheet or NumPy:
//   .arff  Weka's format (sensing/arff_writer.h), also for any other name (e.g. /dev/stdout);
//   .csv   a header of attribute names, then one row per instance: numbers in the fewest digits
//          that read back exactly, nominal values as their labels, missing values empty (what
//          sensing/csv_reader.h reads back);
//   .npy   a float32 array of instances x attributes: nominal values as their label's index,
//          missing values as NaN.
// The file is written whole or not at all.
#ifndef SENSING_TABLE_WRITER_H_
#define SENSING_TABLE_WRITER_H_

#include <string>

#include "absl/status/status.h"
#include "sensing/dataset.h"

namespace sentio {

// Fails naming the path for string or date attributes in .csv/.npy.
absl::Status WriteTableFile(const Dataset& data, const std::string& path);

}  // namespace sentio

#endif  // SENSING_TABLE_WRITER_H_
