// Writes YUV4MPEG2 (.y4m) video frame by frame (the format sensing/y4m_reader.h reads; 4:2:0 as
// C420jpeg, gray as Cmono). The video goes to PATH.partial and is renamed to PATH by Close, so a
// run that fails or stops early never leaves a truncated video under the name asked for.
#ifndef SENSING_Y4M_WRITER_H_
#define SENSING_Y4M_WRITER_H_

#include <fstream>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "sensing/packet.h"

namespace sentio {

class Y4mWriter {
 public:
  // Frames of width x height in `format`, `frame_rate_numerator` / `frame_rate_denominator` per
  // second (both positive). Errors name the file.
  static absl::StatusOr<std::unique_ptr<Y4mWriter>> Create(const std::string& path, int width,
                                                           int height, PixelFormat format,
                                                           int frame_rate_numerator,
                                                           int frame_rate_denominator);
  // Removes the partial file unless Close succeeded.
  ~Y4mWriter();

  // Fails on a frame of another size or format than the video's, or a write error.
  absl::Status Write(const VideoFrame& frame);
  // Finishes the file and gives it its name.
  absl::Status Close();

  int frames_written() const { return frames_; }

 private:
  Y4mWriter(std::string path, int width, int height, PixelFormat format)
      : path_(std::move(path)), width_(width), height_(height), format_(format) {}

  std::string path_;
  int width_, height_;
  PixelFormat format_;
  std::ofstream file_;
  int frames_ = 0;
  bool closed_ = false;
};

}  // namespace sentio

#endif  // SENSING_Y4M_WRITER_H_
