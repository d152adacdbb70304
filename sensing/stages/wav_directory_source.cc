// WavDirectorySource: replays the WAV files of a directory (sensing/wav_directory.h: names matching
// `files`, in name order, or with `shuffle_seed` > 0 in a random order that the seed fixes, as a
// live stream would bring them) one after another as utterances on two streams: AUDIO, each file as
// AudioChunk packets of `chunk_size` frames, its last chunk marked utterance_end; and LABELS, with
// `label_regex`, each file's label (the expression's first group in its name) as a SegmentLabel
// spanning the file and named after it. File k + 1 starts one sample period after file k ends.
// Files are read one at a time, so memory holds one file whatever the directory's size. The stream
// has one rate, the first file's (read when the graph opens, and given in the AUDIO stream's
// header); a file at another rate is an error naming it. Option `replay` paces the chunks;
// `resample_hz` converts every file to that rate (sensing/audio_resampling.h) for features made
// for it.
#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "sensing/option_message.h"
#include "sensing/replay_clock.h"
#include "sensing/stage_registry.h"
#include "sensing/stages/resample_option.h"
#include "sensing/stages/wav_directory_source.pb.h"
#include "sensing/wav_directory.h"
#include "sensing/wav_reader.h"

namespace sentio {
namespace {

class WavDirectorySource : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.outputs = {{"AUDIO", PayloadType::kAudioChunk},
                        {"LABELS", PayloadType::kSegmentLabel}};
    contract.options_message = WavDirectorySourceOptions::descriptor();
    return contract;
  }

  absl::Status Open(StageContext& context) override {
    const WavDirectorySourceOptions options = StageOptions<WavDirectorySourceOptions>(context);
    chunk_frames_ = options.chunk_size();
    if (chunk_frames_ < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("option chunk_size=", chunk_frames_, " must be positive"));
    }
    ASSIGN_OR_RETURN(resample_hz_, ReadResampleOption(context));
    ASSIGN_OR_RETURN(const ReplayMode replay, ParseReplayMode(options.replay()));
    pacer_.emplace(replay, &SourceClock());
    ASSIGN_OR_RETURN(files_,
                     ListLabelledFiles(options.path(), options.files(), options.label_regex()));
    if (const int64_t seed = options.shuffle_seed(); seed > 0) {
      // Fisher-Yates on mt19937's output, which the standard fixes (std::shuffle's use of it is
      // left to the library), so a seed gives the same order everywhere.
      std::mt19937 random(static_cast<uint32_t>(seed));
      for (size_t i = files_.size(); i > 1; --i) std::swap(files_[i - 1], files_[random() % i]);
    }
    // The first file gives the stream's rate, in its header.
    RETURN_IF_ERROR(StartNextFile(context));
    context.SetOutputHeader(0, StreamHeader{clip_.sample_rate_hz, std::nullopt});
    return absl::OkStatus();
  }

  absl::Status Process(StageContext& context) override {
    if (next_frame_ == clip_.num_frames()) RETURN_IF_ERROR(StartNextFile(context));
    const int64_t frames = clip_.num_frames();
    const int64_t end = std::min(frames, next_frame_ + chunk_frames_);
    AudioChunk chunk;
    chunk.sample_rate_hz = clip_.sample_rate_hz;
    chunk.channels = clip_.channels;
    chunk.samples.assign(clip_.samples.begin() + next_frame_ * clip_.channels,
                         clip_.samples.begin() + end * clip_.channels);
    chunk.first_sample_us = file_start_us_ + FrameTimeUs(next_frame_);
    chunk.utterance_end = end == frames;
    const int64_t start = chunk.first_sample_us;
    pacer_->WaitUntilDue(start, context);
    context.Emit(0, Packet::Make(start, std::move(chunk)));
    next_frame_ = end;
    if (next_frame_ == frames) {
      next_file_start_us_ = file_start_us_ + FrameTimeUs(frames);
      if (next_file_ == files_.size()) context.MarkSourceDone();
    }
    return absl::OkStatus();
  }

 private:
  int64_t FrameTimeUs(int64_t frame) const { return frame * 1000000 / clip_.sample_rate_hz; }

  // Reads the next file (skipping none: an empty or unreadable file is an error naming it) and
  // emits its label.
  absl::Status StartNextFile(StageContext& context) {
    const LabelledFile& file = files_[next_file_++];
    ASSIGN_OR_RETURN(clip_, ReadWavFile(file.path));
    RETURN_IF_ERROR(ResampleIfAsked(resample_hz_, file.path, clip_));
    if (next_file_ == 1) {
      stream_rate_hz_ = clip_.sample_rate_hz;
    } else if (clip_.sample_rate_hz != stream_rate_hz_) {
      return absl::InvalidArgumentError(
          absl::StrCat(file.path, ": audio at ", clip_.sample_rate_hz,
                       " Hz, but the stream carries ", stream_rate_hz_,
                       " Hz (its first file's rate); option resample_hz gives every file one "
                       "rate"));
    }
    if (clip_.num_frames() == 0) {
      return absl::InvalidArgumentError(absl::StrCat(file.path, ": no audio frames"));
    }
    if (chunk_frames_ * 1000000 < clip_.sample_rate_hz) {
      return absl::InvalidArgumentError(absl::StrCat("option chunk_size=", chunk_frames_,
                                                     " lasts under 1 us at ", clip_.sample_rate_hz,
                                                     " Hz in ", file.path));
    }
    file_start_us_ = next_file_start_us_;
    next_frame_ = 0;
    if (!file.label.empty()) {
      context.Emit(
          1, Packet::Make(
                 file_start_us_,
                 SegmentLabel{file.label, file_start_us_ + FrameTimeUs(clip_.num_frames() - 1),
                              file.name}));
    }
    return absl::OkStatus();
  }

  int64_t chunk_frames_ = 1;
  int resample_hz_ = 0;
  int stream_rate_hz_ = 0;  // every file's, after resampling: the first file's
  std::optional<ReplayPacer> pacer_;
  std::vector<LabelledFile> files_;
  size_t next_file_ = 0;
  AudioClip clip_;
  int64_t next_frame_ = 0;
  int64_t file_start_us_ = 0;
  int64_t next_file_start_us_ = 0;
};

SENTIO_REGISTER_STAGE(WavDirectorySource);

}  // namespace
}  // namespace sentio
