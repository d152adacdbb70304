// What flows on the streams of a graph: an int64 microsecond timestamp and a shared, immutable
// payload (an IMU block, a feature vector, a prediction, a segment's class label, audio, feature
// frames, a video frame or a tensor). Copying a
// packet copies a pointer, so one packet can feed several consumers.
#ifndef SENSING_PACKET_H_
#define SENSING_PACKET_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"
#include "sensing/imu_block.h"

namespace sentio {

// Feature values with their names, e.g. the channel statistics of one window.
struct FeatureVector {
  std::vector<double> values;
  std::vector<std::string> names;
};

// A classifier's answer: the most probable label and one probability per class.
struct Prediction {
  std::string label;
  std::vector<std::string> class_labels;
  std::vector<double> probabilities;
};

// The true class of the recording segment that starts at the packet's timestamp and ends at
// `end_us` (inclusive): ground truth for evaluating predictions made within it.
struct SegmentLabel {
  std::string label;
  int64_t end_us = 0;
  std::string name;  // what the segment is, for reports (e.g. its file's name); may be empty
};

// Consecutive audio frames, channels interleaved, as the WAV reader gives them
// (sensing/wav_reader.h); `first_sample_us` is the first frame's time, also the packet's timestamp.
// `utterance_end` marks the last chunk of an utterance (a file): frame-level stages finish its
// frames there and start the next chunk afresh, as if it began a new file.
struct AudioChunk {
  int sample_rate_hz = 0;
  int channels = 0;
  std::vector<float> samples;
  int64_t first_sample_us = 0;
  bool utterance_end = false;
};

// Consecutive feature frames of one utterance (MFCC, fbank, log-mel, ...), `dim` values per frame,
// row-major. The packet's timestamp is the first frame's start time (for a block without frames,
// the time the next frame would start); frame i starts frame_shift_us later per frame.
// `utterance_end` marks the utterance's last block, which may hold no frames.
struct FrameBlock {
  int dim = 0;
  double frame_shift_us = 0;
  std::vector<float> values;
  bool utterance_end = false;

  int num_frames() const { return dim == 0 ? 0 : static_cast<int>(values.size() / dim); }
  const float* frame(int i) const { return values.data() + static_cast<size_t>(i) * dim; }
};

// One 8-bit image plane: row r starts at data[r * stride].
struct ImagePlane {
  int width = 0;
  int height = 0;
  int stride = 0;
  std::vector<uint8_t> data;
};

enum class PixelFormat { kYuv420, kGray };

// A video frame: kYuv420 has planes Y, U, V (chroma at half width and height, rounded up), kGray
// has Y only.
struct VideoFrame {
  int width = 0;
  int height = 0;
  int64_t index = 0;  // the frame's number in its video, from 0
  PixelFormat format = PixelFormat::kYuv420;
  std::vector<ImagePlane> planes;
};

// A dense array: `data` holds the product of `shape` values in row-major order. (Not named Tensor:
// cnn/ir/tensor.h's sentio::cnn::Tensor is the CNN layer's own.)
struct TensorPayload {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

// One object found in a video frame: a box in the frame's pixels (left, top: its top-left corner).
struct DetectedObject {
  int class_id = 0;
  std::string label;  // the class's name when the detector has names, else empty
  float score = 0;
  float left = 0, top = 0, width = 0, height = 0;
};

// What a detector found in one frame (the packet's timestamp is the frame's).
struct Detections {
  int64_t frame_index = 0;  // the frame's number in its video
  int frame_width = 0;
  int frame_height = 0;
  std::vector<DetectedObject> objects;
  double inference_ms = 0;  // the detector's time on this frame
};

using Payload = std::variant<ImuBlock, FeatureVector, Prediction, SegmentLabel, AudioChunk,
                             VideoFrame, TensorPayload, FrameBlock, Detections>;

// The payload kinds, in the order of the Payload alternatives.
enum class PayloadType {
  kImuBlock,
  kFeatureVector,
  kPrediction,
  kSegmentLabel,
  kAudioChunk,
  kVideoFrame,
  kTensor,
  kFrameBlock,
  kDetections
};
static_assert(std::variant_size_v<Payload> == 9, "one PayloadType per Payload alternative");

absl::string_view PayloadTypeName(PayloadType type);

class Packet {
 public:
  template <typename T>
  static Packet Make(int64_t timestamp_us, T value) {
    return Packet(timestamp_us, std::make_shared<const Payload>(std::move(value)));
  }

  int64_t timestamp_us() const { return timestamp_us_; }
  PayloadType type() const { return static_cast<PayloadType>(payload_->index()); }
  // The payload as T, or nullptr when it holds another kind.
  template <typename T>
  const T* Get() const {
    return std::get_if<T>(payload_.get());
  }

 private:
  Packet(int64_t timestamp_us, std::shared_ptr<const Payload> payload)
      : timestamp_us_(timestamp_us), payload_(std::move(payload)) {}

  int64_t timestamp_us_;
  std::shared_ptr<const Payload> payload_;
};

}  // namespace sentio

#endif  // SENSING_PACKET_H_
