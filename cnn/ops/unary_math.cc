// Element-wise functions of one tensor with ONNX semantics, y[i] = f(x[i]), same shape:
//   Elu(alpha=1)                 x >= 0 ? x : alpha * (e^x - 1)
//   Selu(alpha, gamma)           gamma * (x > 0 ? x : alpha * (e^x - 1)), ONNX's default constants
//   HardSigmoid(alpha=0.2, beta=0.5)  max(0, min(1, alpha * x + beta))
//   HardSwish                    x * HardSigmoid(x) with alpha = 1/6, beta = 0.5
//   Softplus, Softsign, Mish     ln(1 + e^x), x / (1 + |x|), x * tanh(softplus(x))
//   Gelu(approximate="none")     0.5 * x * (1 + erf(x / sqrt 2)); "tanh" uses
//                                0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))
//   Erf, Sqrt, Exp, Log, Abs, Neg, Reciprocal, Floor, Ceil
//   Round                        to the nearest integer, halves to the even one
//   Not                          x read as a boolean (x != 0); the output is 1 or 0
// Transcendental functions are evaluated in double and rounded once to float.
#include <cmath>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn::ops {
namespace {

constexpr double kSqrt2 = 1.4142135623730950488;
constexpr double kSqrt2OverPi = 0.79788456080286535588;

// ln(1 + e^x) without overflow for large x.
double Softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

float SoftplusFunction(float x) { return static_cast<float>(Softplus(x)); }
float SoftsignFunction(float x) { return x / (1.0f + std::fabs(x)); }
float MishFunction(float x) { return static_cast<float>(x * std::tanh(Softplus(x))); }
float HardSwishFunction(float x) { return x * std::fmax(0.0f, std::fmin(1.0f, x / 6.0f + 0.5f)); }
float ErfFunction(float x) { return static_cast<float>(std::erf(static_cast<double>(x))); }
float SqrtFunction(float x) { return std::sqrt(x); }
float ExpFunction(float x) { return static_cast<float>(std::exp(static_cast<double>(x))); }
float LogFunction(float x) { return static_cast<float>(std::log(static_cast<double>(x))); }
float AbsFunction(float x) { return std::fabs(x); }
float NegFunction(float x) { return -x; }
float ReciprocalFunction(float x) { return 1.0f / x; }
float FloorFunction(float x) { return std::floor(x); }
float CeilFunction(float x) { return std::ceil(x); }
float NotFunction(float x) { return x != 0.0f ? 0.0f : 1.0f; }

// Halves go to the even neighbour (2.5 -> 2, -2.5 -> -2, 3.5 -> 4) whatever the floating-point
// rounding mode; NaN and infinities come back unchanged.
float RoundFunction(float x) {
  if (std::fabs(x - std::trunc(x)) == 0.5f) return 2.0f * std::round(x / 2.0f);
  return std::round(x);
}

OpDefinition MakeElu() {
  return ElementwiseUnaryOp("Elu", [](const Node& node) -> absl::StatusOr<UnaryFunction> {
    ASSIGN_OR_RETURN(float alpha, FloatAttribute(node, "alpha", 1.0f));
    return UnaryFunction([alpha](float x) {
      return x >= 0 ? x : static_cast<float>(alpha * std::expm1(static_cast<double>(x)));
    });
  });
}

OpDefinition MakeSelu() {
  return ElementwiseUnaryOp("Selu", [](const Node& node) -> absl::StatusOr<UnaryFunction> {
    ASSIGN_OR_RETURN(float alpha, FloatAttribute(node, "alpha", 1.67326319217681884765625f));
    ASSIGN_OR_RETURN(float gamma, FloatAttribute(node, "gamma", 1.05070102214813232421875f));
    return UnaryFunction([alpha, gamma](float x) {
      const double y = x > 0 ? static_cast<double>(x) : alpha * std::expm1(static_cast<double>(x));
      return static_cast<float>(gamma * y);
    });
  });
}

OpDefinition MakeHardSigmoid() {
  return ElementwiseUnaryOp("HardSigmoid", [](const Node& node) -> absl::StatusOr<UnaryFunction> {
    ASSIGN_OR_RETURN(float alpha, FloatAttribute(node, "alpha", 0.2f));
    ASSIGN_OR_RETURN(float beta, FloatAttribute(node, "beta", 0.5f));
    return UnaryFunction(
        [alpha, beta](float x) { return std::fmax(0.0f, std::fmin(1.0f, alpha * x + beta)); });
  });
}

OpDefinition MakeGelu() {
  return ElementwiseUnaryOp("Gelu", [](const Node& node) -> absl::StatusOr<UnaryFunction> {
    ASSIGN_OR_RETURN(std::string approximate, StringAttribute(node, "approximate", "none"));
    if (approximate == "none") {
      return UnaryFunction(
          [](float x) { return static_cast<float>(0.5 * x * (1.0 + std::erf(x / kSqrt2))); });
    }
    if (approximate == "tanh") {
      return UnaryFunction([](float x) {
        const double v = x;
        return static_cast<float>(0.5 * v *
                                  (1.0 + std::tanh(kSqrt2OverPi * (v + 0.044715 * v * v * v))));
      });
    }
    return NodeError(node, absl::StrCat("attribute 'approximate' is '", approximate,
                                        "', expected 'none' or 'tanh'"));
  });
}

OpDefinition MakeHardSwish() { return ElementwiseUnaryOp("HardSwish", HardSwishFunction); }
OpDefinition MakeSoftplus() { return ElementwiseUnaryOp("Softplus", SoftplusFunction); }
OpDefinition MakeSoftsign() { return ElementwiseUnaryOp("Softsign", SoftsignFunction); }
OpDefinition MakeMish() { return ElementwiseUnaryOp("Mish", MishFunction); }
OpDefinition MakeErf() { return ElementwiseUnaryOp("Erf", ErfFunction); }
OpDefinition MakeSqrt() { return ElementwiseUnaryOp("Sqrt", SqrtFunction); }
OpDefinition MakeExp() { return ElementwiseUnaryOp("Exp", ExpFunction); }
OpDefinition MakeLog() { return ElementwiseUnaryOp("Log", LogFunction); }
OpDefinition MakeAbs() { return ElementwiseUnaryOp("Abs", AbsFunction); }
OpDefinition MakeNeg() { return ElementwiseUnaryOp("Neg", NegFunction); }
OpDefinition MakeReciprocal() { return ElementwiseUnaryOp("Reciprocal", ReciprocalFunction); }
OpDefinition MakeFloor() { return ElementwiseUnaryOp("Floor", FloorFunction); }
OpDefinition MakeCeil() { return ElementwiseUnaryOp("Ceil", CeilFunction); }
OpDefinition MakeRound() { return ElementwiseUnaryOp("Round", RoundFunction); }
OpDefinition MakeNot() { return ElementwiseUnaryOp("Not", NotFunction); }

}  // namespace

SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeElu, "alpha");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeSelu, "alpha", "gamma");
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeHardSigmoid, "alpha", "beta");
SENTIO_REGISTER_OP(MakeHardSwish);
SENTIO_REGISTER_OP(MakeSoftplus);
SENTIO_REGISTER_OP(MakeSoftsign);
SENTIO_REGISTER_OP(MakeMish);
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeGelu, "approximate");
SENTIO_REGISTER_OP(MakeErf);
SENTIO_REGISTER_OP(MakeSqrt);
SENTIO_REGISTER_OP(MakeExp);
SENTIO_REGISTER_OP(MakeLog);
SENTIO_REGISTER_OP(MakeAbs);
SENTIO_REGISTER_OP(MakeNeg);
SENTIO_REGISTER_OP(MakeReciprocal);
SENTIO_REGISTER_OP(MakeFloor);
SENTIO_REGISTER_OP(MakeCeil);
SENTIO_REGISTER_OP(MakeRound);
SENTIO_REGISTER_OP(MakeNot);

}  // namespace sentio::cnn::ops
