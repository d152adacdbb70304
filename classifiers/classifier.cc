#include "classifiers/classifier.h"

#include "absl/strings/str_cat.h"
#include "classifiers/model_file.pb.h"

namespace sentio {

absl::Status Classifier::SaveState(ModelState*) const {
  return absl::UnimplementedError(
      absl::StrCat(Describe(), ": this classifier cannot be saved to a model file"));
}

absl::Status Classifier::LoadState(const Dataset&, const ModelState&) {
  return absl::UnimplementedError(
      absl::StrCat(Describe(), ": this classifier cannot be loaded from a model file"));
}

int MostProbableClass(const std::vector<double>& distribution) {
  int best = 0;
  for (int i = 1; i < static_cast<int>(distribution.size()); ++i) {
    if (distribution[i] > distribution[best]) best = i;
  }
  return best;
}

}  // namespace sentio
