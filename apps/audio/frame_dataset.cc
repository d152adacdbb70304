#include "apps/audio/frame_dataset.h"

#include "absl/strings/str_cat.h"

namespace sentio {

Dataset FrameDatasetHeader(int dim, const std::vector<std::string>& labels) {
  Dataset data;
  data.relation = "frames";
  for (int d = 0; d < dim; ++d) data.attributes.push_back({absl::StrCat("c", d)});
  data.attributes.push_back({"class", AttributeType::kNominal, labels});
  data.class_index = dim;
  return data;
}

Instance FrameInstance(const float* frame, int dim, int label) {
  Instance instance;
  instance.values.assign(frame, frame + dim);
  instance.values.push_back(label < 0 ? kMissingValue : label);
  return instance;
}

absl::Status CheckFrameHeader(const Dataset& header, int dim) {
  if (header.class_index != header.num_attributes() - 1 || header.num_attributes() != dim + 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the model is for frames of ", header.num_attributes() - 1, " values, these have ", dim));
  }
  for (int d = 0; d < dim; ++d) {
    if (header.attributes[d].type != AttributeType::kNumeric) {
      return absl::InvalidArgumentError(
          absl::StrCat("the model's attribute ", header.attributes[d].name, " is not numeric"));
    }
  }
  return absl::OkStatus();
}

}  // namespace sentio
