// IdxFileSource: replays the items of an IDX array (sensing/idx_reader.h; MNIST images, plain or
// gzip-compressed) as Tensor packets: the first dimension counts the items, the others are each
// item's shape (28x28 for MNIST). Values are multiplied by `scale` (1/255 maps MNIST's bytes to
// [0, 1]); item i is stamped i / `rate_hz` seconds from 0. Option `replay` paces the items.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "sensing/idx_reader.h"
#include "sensing/option_message.h"
#include "sensing/replay_clock.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/idx_file_source.pb.h"

namespace sentio {
namespace {

class IdxFileSource : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.outputs = {{"TENSORS", PayloadType::kTensor}};
    contract.options_message = IdxFileSourceOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const IdxFileSourceOptions options = StageOptions<IdxFileSourceOptions>(context);
    const double rate_hz = options.rate_hz();
    if (!(rate_hz > 0 && rate_hz <= 1e6)) {
      return absl::InvalidArgumentError(
          absl::StrCat("option rate_hz=", rate_hz, " must be in (0, 1000000]"));
    }
    period_us_ = std::max<int64_t>(1, std::llround(1e6 / rate_hz));
    scale_ = options.scale();
    if (!std::isfinite(scale_)) {
      return absl::InvalidArgumentError(absl::StrCat("option scale=", scale_, " must be finite"));
    }
    ASSIGN_OR_RETURN(const ReplayMode replay, ParseReplayMode(options.replay()));
    pacer_.emplace(replay, &SourceClock());
    const std::string& path = options.path();
    ASSIGN_OR_RETURN(array_, ReadIdxFile(path));
    if (array_.dims.size() < 2) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": an IDX array of ", array_.dims.size(),
                       " dimension(s) has no items to replay (need a count and an item shape)"));
    }
    item_shape_.assign(array_.dims.begin() + 1, array_.dims.end());
    item_size_ = 1;
    for (int64_t d : item_shape_) item_size_ *= d;
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const int64_t items = array_.dims[0];
    if (next_item_ < items) {
      TensorPayload tensor;
      tensor.shape = item_shape_;
      tensor.data.reserve(item_size_);
      for (int64_t i = next_item_ * item_size_; i < (next_item_ + 1) * item_size_; ++i) {
        tensor.data.push_back(static_cast<float>(array_.values[i] * scale_));
      }
      const int64_t timestamp = next_item_ * period_us_;
      pacer_->WaitUntilDue(timestamp, context);
      context.Emit(0, Packet::Make(timestamp, std::move(tensor)));
      ++next_item_;
    }
    if (next_item_ == items) context.MarkSourceDone();
    return absl::OkStatus();
  }

 private:
  IdxArray array_;
  std::vector<int64_t> item_shape_;
  int64_t item_size_ = 1;
  int64_t period_us_ = 1;
  double scale_ = 1;
  std::optional<ReplayPacer> pacer_;
  int64_t next_item_ = 0;
};

SENTIO_REGISTER_STAGE(IdxFileSource);

}  // namespace
}  // namespace sentio
