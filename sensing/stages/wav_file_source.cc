// WavFileSource: replays a WAV file (sensing/wav_reader.h) as AudioChunk packets of `chunk_size`
// frames (the last may be shorter), channels interleaved. Frame i of the file is at
// i / sample rate seconds from 0; each packet is stamped with its first frame's time. Option
// `replay` paces the chunks; `resample_hz` converts the audio to that rate
// (sensing/audio_resampling.h). The file is one utterance: its last chunk is marked utterance_end.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "sensing/option_message.h"
#include "sensing/replay_clock.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/resample_option.h"
#include "sensing/stages/wav_file_source.pb.h"
#include "sensing/wav_reader.h"

namespace sentio {
namespace {

class WavFileSource : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.outputs = {{"AUDIO", PayloadType::kAudioChunk}};
    contract.options_message = WavFileSourceOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const WavFileSourceOptions options = StageOptions<WavFileSourceOptions>(context);
    chunk_frames_ = options.chunk_size();
    if (chunk_frames_ < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("option chunk_size=", chunk_frames_, " must be positive"));
    }
    ASSIGN_OR_RETURN(const ReplayMode replay, ParseReplayMode(options.replay()));
    pacer_.emplace(replay, &SourceClock());
    ASSIGN_OR_RETURN(const int resample_hz, ReadResampleOption(context));
    ASSIGN_OR_RETURN(clip_, ReadWavFile(options.path()));
    RETURN_IF_ERROR(ResampleIfAsked(resample_hz, options.path(), clip_));
    // Chunks must start at distinct microseconds.
    if (chunk_frames_ * 1000000 < clip_.sample_rate_hz) {
      return absl::InvalidArgumentError(absl::StrCat("option chunk_size=", chunk_frames_,
                                                     " lasts under 1 µs at ", clip_.sample_rate_hz,
                                                     " Hz in ", options.path()));
    }
    context.SetOutputHeader(0, StreamHeader{clip_.sample_rate_hz, clip_.channels});
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    const int64_t frames = clip_.num_frames();
    if (next_frame_ < frames) {
      const int64_t end = std::min(frames, next_frame_ + chunk_frames_);
      AudioChunk chunk;
      chunk.sample_rate_hz = clip_.sample_rate_hz;
      chunk.channels = clip_.channels;
      chunk.samples.assign(clip_.samples.begin() + next_frame_ * clip_.channels,
                           clip_.samples.begin() + end * clip_.channels);
      chunk.first_sample_us = next_frame_ * 1000000 / clip_.sample_rate_hz;
      chunk.utterance_end = end == frames;
      const int64_t start = chunk.first_sample_us;
      pacer_->WaitUntilDue(start, context);
      context.Emit(0, Packet::Make(start, std::move(chunk)));
      next_frame_ = end;
    }
    if (next_frame_ == frames) context.MarkSourceDone();
    return absl::OkStatus();
  }

 private:
  int64_t chunk_frames_ = 1;
  AudioClip clip_;
  std::optional<ReplayPacer> pacer_;
  int64_t next_frame_ = 0;
};

SENTIO_REGISTER_STAGE(WavFileSource);

}  // namespace
}  // namespace sentio
