// VadStage: energy-based voice activity detection with hangover, cutting a continuous stream of
// feature frames into utterances: a frame is speech when its log energy (value `energy_dim` of the
// frame, e.g. an MFCC's c0 with use_energy or a log-mel's total) is at least `threshold_db`
// decibels above the noise floor, the lowest energy seen over the last `floor_frames` frames. An
// utterance starts at the first speech frame and ends after `hangover` frames without speech
// (which stay in it, so word endings are kept); one shorter than `min_frames` speech frames is
// dropped. Only utterance frames leave, in blocks whose last is marked utterance_end; the incoming
// utterance ends (a file's end) also end an open utterance. Energies are natural logs, as Kaldi's.
#include <algorithm>
#include <cmath>
#include <deque>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "features/vad_stage.pb.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class VadStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"FRAMES", PayloadType::kFrameBlock}};
    contract.outputs = {{"UTTERANCES", PayloadType::kFrameBlock}};
    contract.options_message = VadStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const VadStageOptions options = StageOptions<VadStageOptions>(context);
    energy_dim_ = options.energy_dim();
    // dB of power to natural-log units: 10 log10(x) dB = ln(x) * 10 / ln(10).
    threshold_ = options.threshold_db() * std::log(10.0) / 10;
    floor_frames_ = options.floor_frames();
    hangover_ = options.hangover();
    min_frames_ = options.min_frames();
    if (energy_dim_ < 0 || floor_frames_ < 1 || hangover_ < 0 || min_frames_ < 1 ||
        !(threshold_ >= 0)) {
      return absl::InvalidArgumentError(
          "options energy_dim, hangover >= 0, floor_frames, min_frames >= 1, threshold_db >= 0");
    }
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const FrameBlock& block = *context.input().Get<FrameBlock>();
    if (block.num_frames() > 0 && energy_dim_ >= block.dim) {
      return absl::InvalidArgumentError(
          absl::StrCat("option energy_dim=", energy_dim_, ": frames have ", block.dim, " values"));
    }
    dim_ = block.dim;
    frame_shift_us_ = block.frame_shift_us;
    for (int i = 0; i < block.num_frames(); ++i) {
      const int64_t time = context.input().timestamp_us() + std::llround(i * block.frame_shift_us);
      Accept(context, block.frame(i), time);
    }
    if (block.utterance_end) EndUtterance(context);
    return absl::OkStatus();
  }

  absl::Status Close(StageContext& context) override {
    EndUtterance(context);
    return absl::OkStatus();
  }

 private:
  // The noise floor: the smallest energy of the last floor_frames_ frames (a monotonic deque).
  double Floor(double energy, int64_t index) {
    while (!floor_.empty() && floor_.back().second >= energy) floor_.pop_back();
    floor_.emplace_back(index, energy);
    while (floor_.front().first <= index - floor_frames_) floor_.pop_front();
    return floor_.front().second;
  }

  void Accept(StageContext& context, const float* frame, int64_t time_us) {
    const double energy = frame[energy_dim_];
    const bool speech = energy - Floor(energy, frames_seen_++) >= threshold_;
    if (!in_utterance_) {
      if (!speech) return;
      in_utterance_ = true;
      start_us_ = time_us;
      speech_frames_ = 0;
      silent_run_ = 0;
      pending_.clear();
    }
    pending_.insert(pending_.end(), frame, frame + dim_);
    if (speech) {
      ++speech_frames_;
      silent_run_ = 0;
    } else if (++silent_run_ > hangover_) {
      pending_.resize(pending_.size() - dim_);  // the frame past the hangover is not kept
      EndUtterance(context);
    }
  }

  // Emits the open utterance (unless too short) as one block marked utterance_end.
  void EndUtterance(StageContext& context) {
    if (!in_utterance_) return;
    in_utterance_ = false;
    if (speech_frames_ < min_frames_) return;
    FrameBlock block;
    block.dim = dim_;
    block.frame_shift_us = frame_shift_us_;
    block.values = std::move(pending_);
    block.utterance_end = true;
    pending_ = {};
    const int64_t time = std::max(last_emitted_us_ + 1, start_us_);
    last_emitted_us_ = time;
    context.Emit(0, Packet::Make(time, std::move(block)));
  }

  int64_t energy_dim_ = 0;
  double threshold_ = 0;
  int64_t floor_frames_ = 300;
  int64_t hangover_ = 20;
  int64_t min_frames_ = 10;
  int dim_ = 0;
  double frame_shift_us_ = 0;
  std::deque<std::pair<int64_t, double>> floor_;
  int64_t frames_seen_ = 0;
  bool in_utterance_ = false;
  int64_t start_us_ = 0;
  int64_t speech_frames_ = 0;
  int64_t silent_run_ = 0;
  std::vector<float> pending_;  // the open utterance's frames
  int64_t last_emitted_us_ = INT64_MIN / 2;
};

SENTIO_REGISTER_STAGE(VadStage);

}  // namespace
}  // namespace sentio
