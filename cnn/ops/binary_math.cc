// Element-wise functions of two tensors with ONNX semantics and NumPy (multidirectional)
// broadcasting; the output has the broadcast shape:
//   Sub, Div   a - b, a / b (IEEE: a nonzero number divided by zero is +-inf, 0 / 0 is NaN)
//   Pow        a ^ b, base and exponent both float; either may broadcast to the other
//   Equal, Greater, Less   a == b, a > b, a < b as 1 or 0 (ONNX outputs bool)
#include <cmath>

#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn::ops {
namespace {

float SubFunction(float a, float b) { return a - b; }
float DivFunction(float a, float b) { return a / b; }
float PowFunction(float a, float b) {
  return static_cast<float>(std::pow(static_cast<double>(a), static_cast<double>(b)));
}
float EqualFunction(float a, float b) { return a == b ? 1.0f : 0.0f; }
float GreaterFunction(float a, float b) { return a > b ? 1.0f : 0.0f; }
float LessFunction(float a, float b) { return a < b ? 1.0f : 0.0f; }

OpDefinition MakeSub() { return ElementwiseBinaryOp("Sub", SubFunction); }
OpDefinition MakeDiv() { return ElementwiseBinaryOp("Div", DivFunction); }
OpDefinition MakePow() { return ElementwiseBinaryOp("Pow", PowFunction); }
OpDefinition MakeEqual() { return ElementwiseBinaryOp("Equal", EqualFunction); }
OpDefinition MakeGreater() { return ElementwiseBinaryOp("Greater", GreaterFunction); }
OpDefinition MakeLess() { return ElementwiseBinaryOp("Less", LessFunction); }

}  // namespace

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeSub, "axis", "broadcast");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeDiv, "axis", "broadcast");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakePow, "axis", "broadcast");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeEqual, "axis", "broadcast");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeGreater, "axis", "broadcast");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeLess, "axis", "broadcast");

}  // namespace sentio::cnn::ops
