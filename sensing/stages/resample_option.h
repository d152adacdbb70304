// The `resample_hz` option the WAV sources share: 0 (the default) leaves the audio at its rate,
// any other rate converts each file to it (sensing/audio_resampling.h) for features made for it.
#ifndef SENSING_STAGES_RESAMPLE_OPTION_H_
#define SENSING_STAGES_RESAMPLE_OPTION_H_

#include <cstdint>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "sensing/audio_resampling.h"
#include "sensing/stage.h"

namespace sentio {

// The option's rate, checked (0: off).
inline absl::StatusOr<int> ReadResampleOption(const StageContext& context) {
  const int64_t rate = context.GetInt("resample_hz");
  if (rate < 0 || rate > 1000000) {
    return absl::InvalidArgumentError(
        absl::StrCat("option resample_hz=", rate, " is outside 0 (off) to 1000000"));
  }
  return static_cast<int>(rate);
}

// `clip` (read from `path`) converted to `rate_hz`, unless that is 0.
inline absl::Status ResampleIfAsked(int rate_hz, absl::string_view path, AudioClip& clip) {
  if (rate_hz == 0) return absl::OkStatus();
  absl::StatusOr<AudioClip> resampled = ResampleClip(clip, rate_hz);
  if (!resampled.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", resampled.status().message()));
  }
  clip = *std::move(resampled);
  return absl::OkStatus();
}

}  // namespace sentio

#endif  // SENSING_STAGES_RESAMPLE_OPTION_H_
