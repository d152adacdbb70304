// Labelled multichannel time series: the cases of a UEA/sktime `.ts` archive, or of any recording
// cut into labelled segments.
#ifndef SENSING_TIME_SERIES_H_
#define SENSING_TIME_SERIES_H_

#include <string>
#include <vector>

#include "sensing/imu_block.h"

namespace sentio {

struct TimeSeriesCase {
  ImuBlock series;
  int label = -1;  // index into TimeSeriesDataset::class_labels; -1 when unlabelled
};

struct TimeSeriesDataset {
  std::string problem_name;
  std::vector<std::string> class_labels;
  std::vector<TimeSeriesCase> cases;
};

}  // namespace sentio

#endif  // SENSING_TIME_SERIES_H_
