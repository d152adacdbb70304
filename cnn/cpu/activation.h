// The element-wise activations that the CPU engine fuses into the end of a convolution or matrix
// product (bias, then the activation, while the result is still in registers): ReLU, Clip (ReLU6 in
// MobileNet), LeakyRelu (Darknet's YOLO), Sigmoid (squeeze-excitation gates) and SiLU, x *
// sigmoid(x), which exporters write as Sigmoid and Mul (EfficientNet); the last two through
// cnn/cpu/vector_exp.h.
#ifndef CNN_CPU_ACTIVATION_H_
#define CNN_CPU_ACTIVATION_H_

#include <type_traits>

#include "cnn/cpu/vector_exp.h"

// Float8 lanes are passed by value between always-inlined functions only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace sentio::cnn::cpu {

struct Activation {
  enum Kind { kNone, kRelu, kClip, kLeakyRelu, kSigmoid, kSilu };
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
    case Activation::kSigmoid:
      return SigmoidScalar(value);
    case Activation::kSilu:
      return SiluScalar(value);
  }
  return value;
}

// Activate() on eight lanes, with the same comparisons; the activation's constants as vectors are
// made once per kernel call (LaneActivation) and the kind fixed at compile time, so that kernels
// specialise their inner loops on it.
struct LaneActivation {
  explicit LaneActivation(const Activation& activation)
      : low(Float8{} + activation.min),
        high(Float8{} + activation.max),
        alpha(Float8{} + activation.alpha) {}
  Float8 low, high, alpha;
};

template <Activation::Kind kKind>
__attribute__((always_inline)) inline Float8 ActivateLanes(Float8 v, const LaneActivation& lanes) {
  if constexpr (kKind == Activation::kRelu) {
    return v > 0.0f ? v : Float8{};
  } else if constexpr (kKind == Activation::kClip) {
    return v < lanes.low ? lanes.low : (v > lanes.high ? lanes.high : v);
  } else if constexpr (kKind == Activation::kLeakyRelu) {
    return v < 0.0f ? v * lanes.alpha : v;
  } else if constexpr (kKind == Activation::kSigmoid) {
    return Sigmoid8(v);
  } else if constexpr (kKind == Activation::kSilu) {
    return Silu8(v);
  } else {
    return v;
  }
}

// The same with the kind chosen at run time, for kernels that activate once per many products.
__attribute__((always_inline)) inline Float8 ActivateLanes(Float8 v, Activation::Kind kind,
                                                           const LaneActivation& lanes) {
  switch (kind) {
    case Activation::kNone:
      return v;
    case Activation::kRelu:
      return ActivateLanes<Activation::kRelu>(v, lanes);
    case Activation::kClip:
      return ActivateLanes<Activation::kClip>(v, lanes);
    case Activation::kLeakyRelu:
      return ActivateLanes<Activation::kLeakyRelu>(v, lanes);
    case Activation::kSigmoid:
      return ActivateLanes<Activation::kSigmoid>(v, lanes);
    case Activation::kSilu:
      return ActivateLanes<Activation::kSilu>(v, lanes);
  }
  return v;
}

// select(std::integral_constant<Activation::Kind, K>()) for K = kind: the one switch for code that
// picks a kernel specialised on the activation at compile time.
template <typename Select>
decltype(auto) DispatchActivation(Activation::Kind kind, Select&& select) {
  using Kind = Activation::Kind;
  switch (kind) {
    case Activation::kRelu:
      return select(std::integral_constant<Kind, Activation::kRelu>());
    case Activation::kClip:
      return select(std::integral_constant<Kind, Activation::kClip>());
    case Activation::kLeakyRelu:
      return select(std::integral_constant<Kind, Activation::kLeakyRelu>());
    case Activation::kSigmoid:
      return select(std::integral_constant<Kind, Activation::kSigmoid>());
    case Activation::kSilu:
      return select(std::integral_constant<Kind, Activation::kSilu>());
    case Activation::kNone:
      break;
  }
  return select(std::integral_constant<Kind, Activation::kNone>());
}

// The op type of the activation, for profiles ("Relu", "Clip", "LeakyRelu"; "" for none).
inline const char* ActivationName(const Activation& activation) {
  switch (activation.kind) {
    case Activation::kNone:
      return "";
    case Activation::kRelu:
      return "Relu";
    case Activation::kClip:
      return "Clip";
    case Activation::kLeakyRelu:
      return "LeakyRelu";
    case Activation::kSigmoid:
      return "Sigmoid";
    case Activation::kSilu:
      return "Sigmoid+Mul";
  }
  return "";
}

}  // namespace sentio::cnn::cpu

#pragma GCC diagnostic pop

#endif  // CNN_CPU_ACTIVATION_H_
