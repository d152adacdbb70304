// Reads RIFF WAVE audio files: PCM 8-bit unsigned and 16/24/32-bit signed integers, 32-bit IEEE
// float (format tag 3), and WAVE_FORMAT_EXTENSIBLE (0xFFFE) with the PCM or float sub-format;
// any sample rate and channel count. Chunks other than "fmt " and "data" (LIST, fact, ...) are
// skipped, honouring the pad byte after odd-sized chunks. Malformed files get an error naming
// the file; nothing past the end of the input is read.
#ifndef SENSING_WAV_READER_H_
#define SENSING_WAV_READER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sentio {

// Audio as floats, channels interleaved (frame t of channel c is samples[t * channels + c]).
// Integer PCM of b bits maps to v / 2^(b-1), so [-1, 1) (8-bit: (v - 128) / 128); 32-bit
// integers close to full scale round to 1.0f. Float files are copied unchanged (they may hold
// values beyond [-1, 1], and even NaN: consumers that need finite samples check).
// Kaldi reads 16-bit WAV as the raw integer values, so Kaldi-compatible features multiply these
// samples by 32768.
struct AudioClip {
  int sample_rate_hz = 0;
  int channels = 0;
  std::vector<float> samples;

  int64_t num_frames() const { return channels == 0 ? 0 : samples.size() / channels; }
};

// Parses the bytes of a WAV file; `file_name` is used in error messages only.
absl::StatusOr<AudioClip> ParseWav(absl::string_view bytes, absl::string_view file_name);

// Reads and parses the WAV file at `path`.
absl::StatusOr<AudioClip> ReadWavFile(const std::string& path);

}  // namespace sentio

#endif  // SENSING_WAV_READER_H_
