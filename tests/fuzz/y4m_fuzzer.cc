// libFuzzer harness: YUV4MPEG2 video (sensing/y4m_reader.h) and its frames as RGB images.
#include "cnn/vision/frame_to_rgb.h"
#include "sensing/y4m_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  absl::StatusOr<Y4mVideo> parsed = ParseY4m(fuzz::AsText(data, size), fuzz::kInputName);
  if (!parsed.ok()) {
    fuzz::CheckInputError(parsed.status());
    return 0;
  }
  for (const VideoFrame& frame : parsed->frames) {
    absl::StatusOr<cnn::vision::RgbImage> rgb = cnn::vision::FrameToRgb(frame);
    fuzz::Check(rgb.ok(), "a parsed frame does not convert to RGB");
  }
  return 0;
}
