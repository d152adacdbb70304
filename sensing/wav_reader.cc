#include "sensing/wav_reader.h"

#include <cstdint>
#include <cstring>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/file_reading.h"
#include "base/status_macros.h"

namespace sentio {
namespace {

constexpr uint16_t kFormatPcm = 1;
constexpr uint16_t kFormatFloat = 3;
constexpr uint16_t kFormatExtensible = 0xFFFE;
// Bytes 2..15 of the KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT GUIDs; bytes 0..1 hold the format tag.
constexpr unsigned char kSubFormatGuidTail[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                                  0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};

uint16_t ReadU16(const unsigned char* p) { return p[0] | (p[1] << 8); }
uint32_t ReadU32(const unsigned char* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

struct WavFormat {
  uint16_t format_tag = 0;  // kFormatPcm or kFormatFloat once the extensible wrapper is resolved
  int channels = 0;
  int sample_rate_hz = 0;
  int block_align = 0;
  int bits_per_sample = 0;
};

absl::Status Malformed(absl::string_view file_name, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(file_name, ": ", message));
}

absl::StatusOr<WavFormat> ParseFormatChunk(const unsigned char* body, uint32_t size,
                                           absl::string_view file_name) {
  if (size < 16) {
    return Malformed(file_name, absl::StrCat("'fmt ' chunk is ", size, " bytes, expected >= 16"));
  }
  WavFormat format;
  format.format_tag = ReadU16(body);
  format.channels = ReadU16(body + 2);
  const uint32_t rate = ReadU32(body + 4);
  format.block_align = ReadU16(body + 12);
  format.bits_per_sample = ReadU16(body + 14);
  if (format.format_tag == kFormatExtensible) {
    if (size < 40 || ReadU16(body + 16) < 22) {
      return Malformed(file_name, "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is shorter than 40 bytes");
    }
    const unsigned char* guid = body + 24;
    if (std::memcmp(guid + 2, kSubFormatGuidTail, sizeof(kSubFormatGuidTail)) != 0) {
      return Malformed(file_name,
                       "WAVE_FORMAT_EXTENSIBLE with a sub-format GUID that is neither "
                       "PCM nor IEEE float");
    }
    format.format_tag = ReadU16(guid);
  }
  if (format.format_tag != kFormatPcm && format.format_tag != kFormatFloat) {
    return Malformed(file_name, absl::StrCat("unsupported format tag ", format.format_tag,
                                             " (supported: 1 PCM, 3 IEEE float, 0xFFFE "
                                             "extensible PCM/float)"));
  }
  if (format.channels == 0) return Malformed(file_name, "zero channels");
  if (rate == 0 || rate > 0x7FFFFFFF) {
    return Malformed(file_name, absl::StrCat("invalid sample rate ", rate));
  }
  format.sample_rate_hz = static_cast<int>(rate);
  const bool pcm = format.format_tag == kFormatPcm;
  const int bits = format.bits_per_sample;
  if (pcm ? (bits != 8 && bits != 16 && bits != 24 && bits != 32) : bits != 32) {
    return Malformed(file_name,
                     absl::StrCat("unsupported ", bits, "-bit ",
                                  pcm ? "PCM (8, 16, 24 or 32 bits)" : "float (32 bits only)"));
  }
  const int expected_align = format.channels * bits / 8;
  if (format.block_align != expected_align) {
    return Malformed(file_name, absl::StrCat("block align ", format.block_align, " does not match ",
                                             format.channels, " channels of ", bits,
                                             " bits (expected ", expected_align, ")"));
  }
  return format;
}

float DecodeSample(const unsigned char* p, const WavFormat& format) {
  if (format.format_tag == kFormatFloat) {
    float value;
    const uint32_t bits = ReadU32(p);
    std::memcpy(&value, &bits, sizeof(value));
    return value;
  }
  switch (format.bits_per_sample) {
    case 8:
      return (static_cast<int>(p[0]) - 128) / 128.0f;
    case 16:
      return static_cast<int16_t>(ReadU16(p)) / 32768.0f;
    case 24: {
      // Shift the 24 bits to the top of an int32 so the sign extends, then scale back down.
      const int32_t value = static_cast<int32_t>((uint32_t{p[0]} << 8) | (uint32_t{p[1]} << 16) |
                                                 (uint32_t{p[2]} << 24));
      return static_cast<float>((value / 256) / 8388608.0);
    }
    default:
      return static_cast<float>(static_cast<int32_t>(ReadU32(p)) / 2147483648.0);
  }
}

}  // namespace

absl::StatusOr<AudioClip> ParseWav(absl::string_view bytes, absl::string_view file_name) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  if (size < 4 || std::memcmp(data, "RIFF", 4) != 0) {
    return Malformed(file_name, "not a RIFF file (no 'RIFF' at the start)");
  }
  if (size < 12) return Malformed(file_name, "truncated RIFF header (shorter than 12 bytes)");
  if (std::memcmp(data + 8, "WAVE", 4) != 0) {
    return Malformed(file_name, "RIFF file is not WAVE (no 'WAVE' at byte 8)");
  }
  std::optional<WavFormat> format;
  size_t offset = 12;
  while (offset < size) {
    if (size - offset < 8) {
      return Malformed(file_name, absl::StrCat("truncated chunk header at byte ", offset));
    }
    const std::string id(reinterpret_cast<const char*>(data + offset), 4);
    const uint32_t chunk_size = ReadU32(data + offset + 4);
    const size_t body = offset + 8;
    const size_t available = size - body;
    if (id == "fmt ") {
      if (chunk_size > available) {
        return Malformed(file_name, absl::StrCat("'fmt ' chunk declares ", chunk_size,
                                                 " bytes but only ", available, " remain"));
      }
      ASSIGN_OR_RETURN(format, ParseFormatChunk(data + body, chunk_size, file_name));
    } else if (id == "data") {
      if (!format) return Malformed(file_name, "'data' chunk before the 'fmt ' chunk");
      if (chunk_size > available) {
        return Malformed(file_name,
                         absl::StrCat("'data' chunk declares ", chunk_size, " bytes but only ",
                                      available, " remain (truncated file)"));
      }
      if (chunk_size % format->block_align != 0) {
        return Malformed(file_name, absl::StrCat("'data' chunk of ", chunk_size,
                                                 " bytes is not a whole number of ",
                                                 format->block_align, "-byte sample frames"));
      }
      AudioClip clip;
      clip.sample_rate_hz = format->sample_rate_hz;
      clip.channels = format->channels;
      const int bytes_per_sample = format->bits_per_sample / 8;
      const size_t num_samples = chunk_size / bytes_per_sample;
      clip.samples.resize(num_samples);
      for (size_t i = 0; i < num_samples; ++i) {
        clip.samples[i] = DecodeSample(data + body + i * bytes_per_sample, *format);
      }
      return clip;
    }
    if (chunk_size > available) {
      return Malformed(file_name, absl::StrCat("chunk '", absl::CHexEscape(id), "' at byte ",
                                               offset, " declares ", chunk_size, " bytes but only ",
                                               available, " remain"));
    }
    // Chunks are padded to an even size (a missing pad byte at the very end is tolerated).
    offset = body + chunk_size + (chunk_size & 1);
  }
  return Malformed(file_name, format ? "no 'data' chunk" : "no 'fmt ' chunk");
}

absl::StatusOr<AudioClip> ReadWavFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(path));
  return ParseWav(bytes, path);
}

}  // namespace sentio
