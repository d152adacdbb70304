// Reader for IMU recordings in CSV with a header line: a timestamp column and named value columns
// (any others are ignored), one sample per line, e.g. `t_ms,ax,ay,az`. Fields are comma
// separated, surrounding spaces and a pair of enclosing double quotes dropped (quoted commas are
// not supported). Timestamps must strictly increase; errors name the file and line.
#ifndef SENSING_CSV_IMU_READER_H_
#define SENSING_CSV_IMU_READER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/imu_block.h"
#include "sensing/time_units.h"

namespace sentio {

struct CsvImuColumns {
  std::string time_column;
  TimeUnit time_unit = TimeUnit::kSeconds;
  std::vector<std::string> value_columns;  // the block's channels, in this order
  std::string label_column;                // optional: each sample's class (e.g. the activity)
};

// A recording and, with a label column, each sample's label (empty fields allowed: unlabelled).
struct LabelledImuRecording {
  ImuBlock block;
  std::vector<std::string> labels;  // one per sample, or none without a label column
};

// The whole recording as one block (possibly without samples), with its labels when
// `columns.label_column` is set; `file_name` names it in errors.
absl::StatusOr<LabelledImuRecording> ParseLabelledCsvImu(absl::string_view text,
                                                         absl::string_view file_name,
                                                         const CsvImuColumns& columns);
absl::StatusOr<LabelledImuRecording> ReadLabelledCsvImuFile(const std::string& path,
                                                            const CsvImuColumns& columns);

// The block alone.
absl::StatusOr<ImuBlock> ParseCsvImu(absl::string_view text, absl::string_view file_name,
                                     const CsvImuColumns& columns);
absl::StatusOr<ImuBlock> ReadCsvImuFile(const std::string& path, const CsvImuColumns& columns);

}  // namespace sentio

#endif  // SENSING_CSV_IMU_READER_H_
