// The element-wise activations that the CPU engine fuses into the end of a convolution or matrix
// product (bias, then the activation, while the result is still in registers): ReLU, Clip (ReLU6 in
// MobileNet) and LeakyRelu (Darknet's YOLO).
#ifndef CNN_CPU_ACTIVATION_H_
#define CNN_CPU_ACTIVATION_H_

namespace sentio::cnn::cpu {

struct Activation {
  enum Kind { kNone, kRelu, kClip, kLeakyRelu };
  Kind kind = kNone;
  float min = 0, max = 0;  // kClip
  float alpha = 0;         // kLeakyRelu: the slope below zero
};

// The activation of one value; the vector kernels compute the same expressions lane by lane.
inline float Activate(const Activation& activation, float value) {
  switch (activation.kind) {
    case Activation::kNone:
      return value;
    case Activation::kRelu:
      return value > 0.0f ? value : 0.0f;
    case Activation::kClip:
      return value < activation.min ? activation.min
                                    : (value > activation.max ? activation.max : value);
    case Activation::kLeakyRelu:
      return value < 0.0f ? activation.alpha * value : value;
  }
  return value;
}

}  // namespace sentio::cnn::cpu

#endif  // CNN_CPU_ACTIVATION_H_
