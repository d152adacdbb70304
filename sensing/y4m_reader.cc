#include "sensing/y4m_reader.h"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
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
    return Error(file_name,
                 "not a YUV4MPEG2 file (bad magic: the header must start with "
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

// Reads a line of at most `max_bytes` (without its '\n'); false at the end of the stream or when
// the line is longer (then `line` holds what was read).
bool ReadBoundedLine(std::istream& in, size_t max_bytes, std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  char c;
  while (in.get(c)) {
    if (c == '\n') return true;
    if (line.size() == max_bytes) {
      too_long = true;
      return false;
    }
    line.push_back(c);
  }
  return false;
}

constexpr size_t kMaxLineBytes = 4096;
constexpr int64_t kReadPieceBytes = int64_t{1} << 20;

ImagePlane ReadPlane(int width, int height, const std::string& bytes, size_t offset) {
  return {width, height, width,
          std::vector<uint8_t>(bytes.begin() + offset,
                               bytes.begin() + offset + int64_t{width} * height)};
}

}  // namespace

absl::StatusOr<Y4mFrameReader> Y4mFrameReader::Open(std::unique_ptr<std::istream> in,
                                                    std::string file_name) {
  Y4mFrameReader reader(std::move(in), std::move(file_name));
  std::string line;
  bool too_long = false;
  if (!ReadBoundedLine(*reader.in_, kMaxLineBytes, line, too_long)) {
    if (!absl::StartsWith(line, kMagic)) {
      return Error(reader.file_name_, "not a YUV4MPEG2 file (bad magic)");
    }
    return Error(reader.file_name_, too_long ? absl::StrCat("the YUV4MPEG2 header line is over ",
                                                            kMaxLineBytes, " bytes")
                                             : "the YUV4MPEG2 header line has no end");
  }
  RETURN_IF_ERROR(ParseStreamHeader(line, reader.file_name_, reader.header_));
  return reader;
}

absl::StatusOr<Y4mFrameReader> Y4mFrameReader::OpenFile(const std::string& path) {
  RETURN_IF_ERROR(CheckRegularFile(path));
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  return Open(std::move(file), path);
}

absl::StatusOr<std::optional<VideoFrame>> Y4mFrameReader::Next() {
  const Y4mVideo& video = header_;
  const int64_t luma = int64_t{video.width} * video.height;
  const int chroma_width = (video.width + 1) / 2, chroma_height = (video.height + 1) / 2;
  const int64_t chroma = int64_t{chroma_width} * chroma_height;
  const int64_t frame_bytes = video.format == PixelFormat::kGray ? luma : luma + 2 * chroma;
  const int index = frames_read_;
  if (in_->peek() == std::char_traits<char>::eof()) return std::nullopt;
  std::string line;
  bool too_long = false;
  const bool complete = ReadBoundedLine(*in_, kMaxLineBytes, line, too_long);
  // A FRAME tag, then nothing (end of line) or a space and parameters.
  if (!absl::StartsWith(line, kFrameTag) ||
      (line.size() > kFrameTag.size() && line[kFrameTag.size()] != ' ')) {
    return Error(file_name_, index == 0
                                 ? "expected a FRAME line after the header"
                                 : absl::StrCat("frame ", index - 1,
                                                " is not followed by a FRAME line: its "
                                                "size differs from the ",
                                                frame_bytes, " bytes that ", video.width, "x",
                                                video.height, " C", video.colourspace, " needs"));
  }
  if (!complete) {
    return Error(file_name_, absl::StrCat("frame ", index, ": the FRAME line has no end"));
  }
  // Read in pieces, so that a header promising huge frames over a short file costs no more memory
  // than the file holds.
  std::string data;
  while (static_cast<int64_t>(data.size()) < frame_bytes) {
    const int64_t have = data.size();
    const int64_t piece = std::min(kReadPieceBytes, frame_bytes - have);
    data.resize(have + piece);
    in_->read(data.data() + have, piece);
    if (in_->gcount() < piece) {
      return Error(file_name_,
                   absl::StrCat("frame ", index, " is truncated: it needs ", frame_bytes,
                                " bytes, the file has ", have + in_->gcount()));
    }
  }
  VideoFrame frame;
  frame.width = video.width;
  frame.height = video.height;
  frame.format = video.format;
  frame.planes.push_back(ReadPlane(video.width, video.height, data, 0));
  if (video.format == PixelFormat::kYuv420) {
    frame.planes.push_back(ReadPlane(chroma_width, chroma_height, data, luma));
    frame.planes.push_back(ReadPlane(chroma_width, chroma_height, data, luma + chroma));
  }
  ++frames_read_;
  return frame;
}

absl::StatusOr<Y4mVideo> ParseY4m(absl::string_view bytes, absl::string_view file_name) {
  ASSIGN_OR_RETURN(Y4mFrameReader reader,
                   Y4mFrameReader::Open(std::make_unique<std::istringstream>(std::string(bytes)),
                                        std::string(file_name)));
  Y4mVideo video = reader.header();
  while (true) {
    ASSIGN_OR_RETURN(std::optional<VideoFrame> frame, reader.Next());
    if (!frame) break;
    video.frames.push_back(*std::move(frame));
  }
  return video;
}

absl::StatusOr<Y4mVideo> ReadY4mFile(const std::string& path) {
  ASSIGN_OR_RETURN(const std::string bytes, ReadWholeFile(path));
  return ParseY4m(bytes, path);
}

}  // namespace sentio
