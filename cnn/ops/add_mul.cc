// Add and Mul with NumPy broadcasting: the two element-wise ops that CNN graphs use for residual
// connections, biases and scales (the CPU engine has fast kernels for them).
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn::ops {
namespace {

float AddValues(float a, float b) { return a + b; }
float MultiplyValues(float a, float b) { return a * b; }

OpDefinition MakeAdd() { return ElementwiseBinaryOp("Add", AddValues); }
OpDefinition MakeMul() { return ElementwiseBinaryOp("Mul", MultiplyValues); }

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeAdd, "axis", "broadcast");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeMul, "axis", "broadcast");

}  // namespace
}  // namespace sentio::cnn::ops
