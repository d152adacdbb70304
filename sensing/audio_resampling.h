// Sample-rate conversion of audio clips (sensing/wav_reader.h) by band-limited interpolation: each
// output sample at input time t = n * in_rate / out_rate is the sum of the input samples within
// `half_width` input periods of t (times the output/input ratio when downsampling), weighted by a
// Hann-windowed sinc whose cutoff is 0.95 of the lower of the two Nyquist frequencies, so that
// nothing above the new rate's Nyquist folds back. Samples beyond the clip count as zero. The clip
// keeps its duration: round(frames * out_rate / in_rate) frames per channel. Used so that features
// made for one rate (e.g. a 16 kHz model) take audio recorded at another.
#ifndef SENSING_AUDIO_RESAMPLING_H_
#define SENSING_AUDIO_RESAMPLING_H_

#include "absl/status/statusor.h"
#include "sensing/wav_reader.h"

namespace sentio {

// Fails unless both rates are 1 Hz to 1 MHz and `half_width` is 1 to 256; a clip at the rate
// already is returned as it is.
absl::StatusOr<AudioClip> ResampleClip(const AudioClip& clip, int out_rate_hz, int half_width = 16);

}  // namespace sentio

#endif  // SENSING_AUDIO_RESAMPLING_H_
