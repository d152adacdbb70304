#include "cnn/import/darknet_weights.h"

#include <cstring>

#include "absl/strings/str_cat.h"

namespace sentio::cnn::import {
namespace {

// Little-endian integers of `size` bytes at `data`.
int64_t ReadLittleEndian(const char* data, int size) {
  uint64_t value = 0;
  for (int i = size - 1; i >= 0; --i) value = (value << 8) | static_cast<uint8_t>(data[i]);
  return size == 4 ? static_cast<int32_t>(value) : static_cast<int64_t>(value);
}

}  // namespace

absl::StatusOr<DarknetWeights> DarknetWeights::Parse(absl::string_view bytes,
                                                     absl::string_view file_name) {
  if (bytes.size() < 12) {
    return absl::InvalidArgumentError(absl::StrCat(
        file_name, ": ", bytes.size(), " bytes are too few for a Darknet weights header"));
  }
  const int major = static_cast<int>(ReadLittleEndian(bytes.data(), 4));
  const int minor = static_cast<int>(ReadLittleEndian(bytes.data() + 4, 4));
  const int revision = static_cast<int>(ReadLittleEndian(bytes.data() + 8, 4));
  if (major < 0 || minor < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(file_name, ": bad header version ", major, ".", minor));
  }
  // Darknet's test, with the bounds first so that major * 10 cannot overflow.
  const bool long_seen = major < 1000 && minor < 1000 && major * 10 + minor >= 2;
  const size_t header_size = long_seen ? 20 : 16;
  if (bytes.size() < header_size) {
    return absl::InvalidArgumentError(absl::StrCat(file_name, ": the header of version ", major,
                                                   ".", minor, " needs ", header_size,
                                                   " bytes, the file has ", bytes.size()));
  }
  DarknetWeights weights(bytes.substr(header_size), file_name);
  weights.major_ = major;
  weights.minor_ = minor;
  weights.revision_ = revision;
  weights.seen_ = ReadLittleEndian(bytes.data() + 12, long_seen ? 8 : 4);
  return weights;
}

absl::StatusOr<std::vector<float>> DarknetWeights::Take(int64_t count, absl::string_view what) {
  const int64_t left = static_cast<int64_t>(payload_.size()) - offset_;
  if (count < 0 || count > left / 4) {
    return absl::InvalidArgumentError(absl::StrCat(file_name_, ": ", what, " need ", count,
                                                   " floats, only ", left / 4, " are left"));
  }
  std::vector<float> values(count);
  // The file is little-endian; so is every machine this runs on (x86, ARM). (memcpy from or to
  // the null data() of an empty vector is undefined even for 0 bytes.)
  if (count > 0) std::memcpy(values.data(), payload_.data() + offset_, count * 4);
  offset_ += count * 4;
  return values;
}

absl::Status DarknetWeights::ExpectEnd(absl::string_view last_layer) const {
  const int64_t left = static_cast<int64_t>(payload_.size()) - offset_;
  if (left == 0) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(file_name_, ": ", left,
                                                 " bytes are left after the last layer (",
                                                 last_layer, "): the weights do not fit the cfg"));
}

}  // namespace sentio::cnn::import
