#include "sensing/y4m_reader.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/file_reading.h"
#include "base/status_macros.h"

namespace sentio {
namespace {

constexpr absl::string_view kMagic = "YUV4MPEG2";
constexpr absl::string_view kFrameTag = "FRAME";
constexpr int kMaxDimension = 1 << 15;

absl::Status Error(absl::string_view file_name, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(file_name, ": ", message));
}

std::optional<int> ParsePositive(absl::string_view text, int max) {
  int value = 0;
  if (!absl::SimpleAtoi(text, &value) || value < 1 || value > max) return std::nullopt;
  return value;
}

std::optional<PixelFormat> FormatOf(absl::string_view colourspace) {
  if (colourspace == "420jpeg" || colourspace == "420" || colourspace == "420paldv" ||
      colourspace == "420mpeg2") {
    return PixelFormat::kYuv420;
  }
  if (colourspace == "mono") return PixelFormat::kGray;
  return std::nullopt;
}

absl::Status ParseStreamHeader(absl::string_view line, absl::string_view file_name,
                               Y4mVideo& video) {
  std::vector<absl::string_view> tokens = absl::StrSplit(line, ' ', absl::SkipEmpty());
  if (tokens.empty() || tokens[0] != kMagic) {
    return Error(file_name, "not a YUV4MPEG2 file (bad magic: the header must start with "
                            "\"YUV4MPEG2 \")");
  }
  video.colourspace = "420jpeg";
  for (size_t i = 1; i < tokens.size(); ++i) {
    const char key = tokens[i][0];
    const absl::string_view value = tokens[i].substr(1);
    if (key == 'W' || key == 'H') {
      const std::optional<int> size = ParsePositive(value, kMaxDimension);
      if (!size) {
        return Error(file_name, absl::StrCat("bad frame ", key == 'W' ? "width" : "height", " '",
                                             tokens[i], "' (1 to ", kMaxDimension, ")"));
      }
      (key == 'W' ? video.width : video.height) = *size;
    } else if (key == 'F') {
      const std::vector<absl::string_view> parts = absl::StrSplit(value, ':');
      std::optional<int> numerator, denominator;
      if (parts.size() == 2) {
        numerator = ParsePositive(parts[0], INT32_MAX);
        denominator = ParsePositive(parts[1], INT32_MAX);
      }
      if (!numerator || !denominator) {
        return Error(file_name, absl::StrCat("bad frame rate '", tokens[i],
                                             "' (expected F<numerator>:<denominator>)"));
      }
      video.frame_rate_numerator = *numerator;
      video.frame_rate_denominator = *denominator;
    } else if (key == 'C') {
      video.colourspace = std::string(value);
    }
    // I (interlacing), A (aspect ratio) and X (extensions) do not change how frames are read.
  }
  if (video.width == 0 || video.height == 0) {
    return Error(file_name, absl::StrCat("the header '", line, "' lacks W (width) or H (height)"));
  }
  if (video.frame_rate_numerator == 0) {
    return Error(file_name, absl::StrCat("the header '", line, "' lacks F (frame rate)"));
  }
  const std::optional<PixelFormat> format = FormatOf(video.colourspace);
  if (!format) {
    return Error(file_name, absl::StrCat("unsupported colourspace C", video.colourspace,
                                         " (8-bit 420jpeg, 420, 420paldv, 420mpeg2 or mono)"));
  }
  video.format = *format;
  return absl::OkStatus();
}

ImagePlane MakePlane(int width, int height, absl::string_view bytes) {
  return {width, height, width, std::vector<uint8_t>(bytes.begin(), bytes.end())};
}

}  // namespace

absl::StatusOr<Y4mVideo> ParseY4m(absl::string_view bytes, absl::string_view file_name) {
  const size_t header_end = bytes.find('\n');
  if (header_end == absl::string_view::npos) {
    return Error(file_name, absl::StartsWith(bytes, kMagic)
                                ? "the YUV4MPEG2 header line has no end"
                                : "not a YUV4MPEG2 file (bad magic)");
  }
  Y4mVideo video;
  RETURN_IF_ERROR(ParseStreamHeader(bytes.substr(0, header_end), file_name, video));
  const int64_t luma = int64_t{video.width} * video.height;
  const int chroma_width = (video.width + 1) / 2, chroma_height = (video.height + 1) / 2;
  const int64_t chroma = int64_t{chroma_width} * chroma_height;
  const int64_t frame_bytes = video.format == PixelFormat::kGray ? luma : luma + 2 * chroma;

  size_t position = header_end + 1;
  while (position < bytes.size()) {
    const int index = static_cast<int>(video.frames.size());
    const absl::string_view rest = bytes.substr(position);
    // A FRAME tag, then nothing (end of line) or a space and parameters.
    if (!absl::StartsWith(rest, kFrameTag) ||
        (rest.size() > kFrameTag.size() && rest[kFrameTag.size()] != '\n' &&
         rest[kFrameTag.size()] != ' ')) {
      return Error(file_name,
                   index == 0
                       ? "expected a FRAME line after the header"
                       : absl::StrCat("frame ", index - 1, " is not followed by a FRAME line: its "
                                      "size differs from the ", frame_bytes, " bytes that ",
                                      video.width, "x", video.height, " C", video.colourspace,
                                      " needs"));
    }
    const size_t line_end = rest.find('\n');
    if (line_end == absl::string_view::npos) {
      return Error(file_name, absl::StrCat("frame ", index, ": the FRAME line has no end"));
    }
    const absl::string_view data = rest.substr(line_end + 1);
    if (static_cast<int64_t>(data.size()) < frame_bytes) {
      return Error(file_name, absl::StrCat("frame ", index, " is truncated: it needs ",
                                           frame_bytes, " bytes, the file has ", data.size()));
    }
    VideoFrame frame;
    frame.width = video.width;
    frame.height = video.height;
    frame.format = video.format;
    frame.planes.push_back(MakePlane(video.width, video.height, data.substr(0, luma)));
    if (video.format == PixelFormat::kYuv420) {
      frame.planes.push_back(MakePlane(chroma_width, chroma_height, data.substr(luma, chroma)));
      frame.planes.push_back(
          MakePlane(chroma_width, chroma_height, data.substr(luma + chroma, chroma)));
    }
    video.frames.push_back(std::move(frame));
    position += line_end + 1 + frame_bytes;
  }
  return video;
}

absl::StatusOr<Y4mVideo> ReadY4mFile(const std::string& path) {
  ASSIGN_OR_RETURN(const std::string bytes, ReadWholeFile(path));
  return ParseY4m(bytes, path);
}

}  // namespace sentio
