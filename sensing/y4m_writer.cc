#include "sensing/y4m_writer.h"

#include <cstdio>

#include "absl/strings/str_cat.h"

namespace sentio {

absl::StatusOr<std::unique_ptr<Y4mWriter>> Y4mWriter::Create(const std::string& path, int width,
                                                             int height, PixelFormat format,
                                                             int frame_rate_numerator,
                                                             int frame_rate_denominator) {
  if (width < 1 || height < 1 || frame_rate_numerator < 1 || frame_rate_denominator < 1) {
    return absl::InvalidArgumentError(absl::StrCat(path,
                                                   ": a video needs a positive size and "
                                                   "frame rate"));
  }
  std::unique_ptr<Y4mWriter> writer(new Y4mWriter(path, width, height, format));
  writer->file_.open(path + ".partial", std::ios::binary | std::ios::trunc);
  if (!writer->file_) return absl::NotFoundError(absl::StrCat("cannot create ", path, ".partial"));
  writer->file_ << "YUV4MPEG2 W" << width << " H" << height << " F" << frame_rate_numerator << ":"
                << frame_rate_denominator << " Ip A1:1 "
                << (format == PixelFormat::kGray ? "Cmono" : "C420jpeg") << "\n";
  if (!writer->file_) return absl::DataLossError(absl::StrCat("error writing ", path));
  return writer;
}

Y4mWriter::~Y4mWriter() {
  if (closed_) return;
  file_.close();
  std::remove((path_ + ".partial").c_str());
}

absl::Status Y4mWriter::Write(const VideoFrame& frame) {
  const size_t planes = format_ == PixelFormat::kGray ? 1 : 3;
  if (frame.width != width_ || frame.height != height_ || frame.format != format_ ||
      frame.planes.size() < planes) {
    return absl::InvalidArgumentError(absl::StrCat(path_, ": frame ", frames_, " is ", frame.width,
                                                   "x", frame.height, ", the video ", width_, "x",
                                                   height_));
  }
  file_ << "FRAME\n";
  for (size_t p = 0; p < planes; ++p) {
    const ImagePlane& plane = frame.planes[p];
    for (int row = 0; row < plane.height; ++row) {
      file_.write(reinterpret_cast<const char*>(plane.data.data()) +
                      static_cast<size_t>(row) * plane.stride,
                  plane.width);
    }
  }
  if (!file_) return absl::DataLossError(absl::StrCat("error writing ", path_));
  ++frames_;
  return absl::OkStatus();
}

absl::Status Y4mWriter::Close() {
  file_.close();
  if (file_.fail()) return absl::DataLossError(absl::StrCat("error writing ", path_));
  if (std::rename((path_ + ".partial").c_str(), path_.c_str()) != 0) {
    return absl::DataLossError(absl::StrCat("cannot rename ", path_, ".partial to ", path_));
  }
  closed_ = true;
  return absl::OkStatus();
}

}  // namespace sentio
