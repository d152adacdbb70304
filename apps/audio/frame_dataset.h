// Feature frames as classifier instances: a header of `dim` numeric attributes c0, c1, ... and a
// nominal class, shared by the audio stages that train and load frame models.
#ifndef APPS_AUDIO_FRAME_DATASET_H_
#define APPS_AUDIO_FRAME_DATASET_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "sensing/dataset.h"

namespace sentio {

Dataset FrameDatasetHeader(int dim, const std::vector<std::string>& labels);

// One frame of `dim` values as an instance of FrameDatasetHeader's data; `label` -1: missing.
Instance FrameInstance(const float* frame, int dim, int label);

// Fails naming what differs unless `header` is FrameDatasetHeader(dim, its labels).
absl::Status CheckFrameHeader(const Dataset& header, int dim);

}  // namespace sentio

#endif  // APPS_AUDIO_FRAME_DATASET_H_
