// KaldiFeatureStage: Kaldi MFCC or fbank frames (`type`: "mfcc" or "fbank"; features/kaldi_mfcc.h,
// features/kaldi_fbank.h, dither 0) of an audio stream, as FrameBlock packets: each AudioChunk
// gives the frames it completes, and an utterance's last chunk also the frames that end it, in a
// block marked utterance_end. Each utterance's frames equal those of KaldiFeatureComputer::Compute
// on the utterance as a whole file (features/kaldi_feature_stream.h), whatever the chunk sizes.
// Samples are scaled to 16-bit integer range, as Kaldi reads WAV; `channel` picks one channel.
//
// Options are those of `sentio mfcc` / `sentio fbank`; use_energy defaults to true for MFCC and
// false for fbank. The features are made for one sample rate: `sample_rate_hz` (0: the rate in the
// audio stream's header, else the first chunk's), and audio at another rate is an error naming
// both: before the run when the source's stream header gives the rate, else at the first chunk.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "features/kaldi_fbank.h"
#include "features/kaldi_feature_stage.pb.h"
#include "features/kaldi_feature_stream.h"
#include "features/kaldi_mfcc.h"
#include "features/utterance_frame_clock.h"
#include "features/window_functions.h"
#include "sensing/option_message.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

class KaldiFeatureStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.inputs = {{"AUDIO", PayloadType::kAudioChunk}};
    contract.outputs = {{"FRAMES", PayloadType::kFrameBlock}};
    contract.options_message = KaldiFeatureStageOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const KaldiFeatureStageOptions options = StageOptions<KaldiFeatureStageOptions>(context);
    const std::string type = options.type();
    if (type != "mfcc" && type != "fbank") {
      return absl::InvalidArgumentError(
          absl::StrCat("option type: '", type, "' is neither mfcc nor fbank"));
    }
    mfcc_ = type == "mfcc";
    channel_ = options.channel();
    if (channel_ < 0) return absl::InvalidArgumentError("option channel must not be negative");
    KaldiFrameOptions frame;
    frame.frame_length_ms = options.frame_length_ms();
    frame.frame_shift_ms = options.frame_shift_ms();
    frame.preemphasis_coefficient = options.preemphasis_coefficient();
    frame.remove_dc_offset = options.remove_dc_offset();
    frame.snip_edges = options.snip_edges();
    absl::StatusOr<WindowType> window = ParseWindowType(options.window_type());
    if (!window.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("option window_type: ", window.status().message()));
    }
    frame.window_type = *window;
    KaldiMelOptions mel;
    mel.num_bins = options.num_mel_bins();
    mel.low_freq = options.low_freq();
    mel.high_freq = options.high_freq();
    mfcc_options_.frame = fbank_options_.frame = frame;
    mfcc_options_.mel = fbank_options_.mel = mel;
    mfcc_options_.num_ceps = options.num_ceps();
    mfcc_options_.cepstral_lifter = options.cepstral_lifter();
    mfcc_options_.raw_energy = fbank_options_.raw_energy = options.raw_energy();
    if (options.has_use_energy()) {
      mfcc_options_.use_energy = fbank_options_.use_energy = options.use_energy();
    }
    // Fail on bad options now, not at the first chunk; and on audio the features cannot use, when
    // the source's stream header says what it brings.
    int64_t rate = options.sample_rate_hz();
    if (rate < 0) return absl::InvalidArgumentError("option sample_rate_hz must not be negative");
    const StreamHeader& audio = context.input_header(0);
    if (audio.sample_rate_hz && rate > 0 && *audio.sample_rate_hz != rate) {
      return absl::InvalidArgumentError(
          absl::StrCat("the audio stream brings ", *audio.sample_rate_hz,
                       " Hz, but the features are made for ", rate,
                       " Hz (option sample_rate_hz; resample the audio first: the WAV sources' "
                       "resample_hz)"));
    }
    if (audio.channels && channel_ >= *audio.channels) {
      return absl::InvalidArgumentError(absl::StrCat(
          "option channel=", channel_, ": the audio stream has ", *audio.channels, " channel(s)"));
    }
    if (rate == 0 && audio.sample_rate_hz) rate = *audio.sample_rate_hz;
    if (rate > 0) RETURN_IF_ERROR(MakeComputer(static_cast<int>(rate)));
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const AudioChunk& chunk = *context.input().Get<AudioChunk>();
    if (!computer_) RETURN_IF_ERROR(MakeComputer(chunk.sample_rate_hz));
    if (chunk.sample_rate_hz != sample_rate_hz_) {
      return absl::InvalidArgumentError(
          absl::StrCat("audio at ", chunk.sample_rate_hz, " Hz, but the features are made for ",
                       sample_rate_hz_, " Hz (option sample_rate_hz; resample the audio first)"));
    }
    if (channel_ >= chunk.channels) {
      return absl::InvalidArgumentError(absl::StrCat(
          "option channel=", channel_, ": the audio has ", chunk.channels, " channel(s)"));
    }
    if (!stream_) {
      stream_.emplace(computer_.get());
      clock_.StartUtterance(chunk.first_sample_us, frame_shift_us_);
    }
    const int64_t frames = static_cast<int64_t>(chunk.samples.size()) / chunk.channels;
    std::vector<float> samples(frames);
    for (int64_t t = 0; t < frames; ++t) {
      samples[t] = chunk.samples[t * chunk.channels + channel_] * 32768.0f;
    }
    const int64_t first_frame = stream_->num_frames_emitted();
    ASSIGN_OR_RETURN(FeatureFrames done, stream_->AcceptSamples(samples));
    if (chunk.utterance_end) {
      ASSIGN_OR_RETURN(FeatureFrames last, stream_->Finish());
      done.insert(done.end(), std::make_move_iterator(last.begin()),
                  std::make_move_iterator(last.end()));
    }
    if (!done.empty() || chunk.utterance_end) {
      FrameBlock block;
      block.dim = computer_->dim();
      block.frame_shift_us = frame_shift_us_;
      block.utterance_end = chunk.utterance_end;
      block.values.reserve(done.size() * block.dim);
      for (const std::vector<float>& frame : done) {
        block.values.insert(block.values.end(), frame.begin(), frame.end());
      }
      context.Emit(0, Packet::Make(clock_.BlockTime(first_frame), std::move(block)));
    }
    if (chunk.utterance_end) stream_.reset();
    return absl::OkStatus();
  }

 private:
  absl::Status MakeComputer(int sample_rate_hz) {
    if (mfcc_) {
      ASSIGN_OR_RETURN(KaldiMfcc computer, KaldiMfcc::Create(mfcc_options_, sample_rate_hz));
      computer_ = std::make_unique<KaldiMfcc>(std::move(computer));
    } else {
      ASSIGN_OR_RETURN(KaldiFbank computer, KaldiFbank::Create(fbank_options_, sample_rate_hz));
      computer_ = std::make_unique<KaldiFbank>(std::move(computer));
    }
    sample_rate_hz_ = sample_rate_hz;
    frame_shift_us_ = computer_->extractor().frame_shift() * 1e6 / sample_rate_hz;
    return absl::OkStatus();
  }

  bool mfcc_ = true;
  int64_t channel_ = 0;
  KaldiMfccOptions mfcc_options_;
  KaldiFbankOptions fbank_options_;
  std::unique_ptr<KaldiFeatureComputer> computer_;
  int sample_rate_hz_ = 0;
  double frame_shift_us_ = 0;
  std::optional<KaldiFeatureStream> stream_;  // the current utterance's
  UtteranceFrameClock clock_;
};

SENTIO_REGISTER_STAGE(KaldiFeatureStage);

}  // namespace
}  // namespace sentio
