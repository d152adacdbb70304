// For tests: writes a 16-bit PCM WAV file.
#ifndef SENSING_WAV_TEST_FILE_H_
#define SENSING_WAV_TEST_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace sentio {

// Writes `samples` (channels interleaved) at `rate` Hz to `path` and returns the path.
std::string WriteTestWav(const std::string& path, int rate, int channels,
                         const std::vector<int16_t>& samples);

}  // namespace sentio

#endif  // SENSING_WAV_TEST_FILE_H_
