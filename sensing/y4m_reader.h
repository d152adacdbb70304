// Reader for YUV4MPEG2 (.y4m) video, the raw format ffmpeg and mjpegtools write: a stream header
// line `YUV4MPEG2 W320 H240 F30000:1001 Ip A1:1 C420jpeg`, then per frame a `FRAME` line (its
// parameters ignored) and the planes. 8-bit only: colourspaces 420jpeg (the default), 420,
// 420paldv and 420mpeg2 (Y, then U and V at half width and height, rounded up) and mono (Y).
// Errors name the file and, for a frame, its number (from 0). Y4mFrameReader reads one frame at a
// time, so a video of any length takes one frame of memory; header and FRAME lines are bounded.
#ifndef SENSING_Y4M_READER_H_
#define SENSING_Y4M_READER_H_

#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sensing/packet.h"

namespace sentio {

struct Y4mVideo {
  int width = 0;
  int height = 0;
  int frame_rate_numerator = 0;  // frames per second = numerator / denominator
  int frame_rate_denominator = 1;
  std::string colourspace;  // as the header spells it, e.g. "420jpeg"
  PixelFormat format = PixelFormat::kYuv420;
  std::vector<VideoFrame> frames;  // planes tightly packed: stride == plane width
};

// Frame by frame from a stream: the header is read by Open, each frame by Next.
class Y4mFrameReader {
 public:
  // Reads the stream header of `in` (which must outlive the reader); `file_name` names it in
  // errors.
  static absl::StatusOr<Y4mFrameReader> Open(std::unique_ptr<std::istream> in,
                                             std::string file_name);
  static absl::StatusOr<Y4mFrameReader> OpenFile(const std::string& path);

  // The stream's properties; `frames` stays empty.
  const Y4mVideo& header() const { return header_; }
  // The next frame, or nullopt at the end of the stream.
  absl::StatusOr<std::optional<VideoFrame>> Next();
  int frames_read() const { return frames_read_; }

 private:
  Y4mFrameReader(std::unique_ptr<std::istream> in, std::string file_name)
      : in_(std::move(in)), file_name_(std::move(file_name)) {}

  std::unique_ptr<std::istream> in_;
  std::string file_name_;
  Y4mVideo header_;
  int frames_read_ = 0;
};

// Parses the bytes of a .y4m file; `file_name` names it in errors.
absl::StatusOr<Y4mVideo> ParseY4m(absl::string_view bytes, absl::string_view file_name);

// Every frame of the file at once (Y4mFrameReader for one at a time).
absl::StatusOr<Y4mVideo> ReadY4mFile(const std::string& path);

}  // namespace sentio

#endif  // SENSING_Y4M_READER_H_
