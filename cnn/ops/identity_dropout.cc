// Identity and Dropout with ONNX semantics, for inference.
//   Identity(X)   a copy of X.
//   Dropout(X)    Y = X; the optional second output, the mask, is all ones (ONNX: bool true).
//                 `ratio` (in [0, 1), default 0.5) is an ONNX attribute before opset 12 and the
//                 constant input 1 from opset 12 on, `training_mode` the constant input 2 from
//                 opset 12 on; both reach the IR as attributes (FLOAT or a one-value FLOATS, INT
//                 or a one-value INTS). Training mode is refused: its output is random. `seed`
//                 and opset 6's `is_test` do not change the inference output.
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/status_macros.h"
#include "cnn/ir/model.pb.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ir/tensor.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn::ops {
namespace {

const Attribute* FindAttribute(const Node& node, absl::string_view name) {
  for (const Attribute& attribute : node.attribute()) {
    if (attribute.name() == name) return &attribute;
  }
  return nullptr;
}

// Checks Dropout's attributes: ratio in [0, 1), training_mode 0, seed and is_test integers.
absl::Status CheckDropoutAttributes(const Node& node) {
  if (const Attribute* ratio = FindAttribute(node, "ratio")) {
    float value = 0;
    if (ratio->type() == Attribute::FLOAT) {
      value = ratio->f();
    } else if (ratio->type() == Attribute::FLOATS && ratio->floats_size() == 1) {
      value = ratio->floats(0);
    } else {
      return NodeError(node, "attribute 'ratio' is not a float");
    }
    if (!(value >= 0.0f && value < 1.0f)) {
      return NodeError(node, absl::StrCat("attribute 'ratio' is ", value, ", not in [0, 1)"));
    }
  }
  if (const Attribute* training_mode = FindAttribute(node, "training_mode")) {
    int64_t value = 0;
    if (training_mode->type() == Attribute::INT) {
      value = training_mode->i();
    } else if (training_mode->type() == Attribute::INTS && training_mode->ints_size() == 1) {
      value = training_mode->ints(0);
    } else {
      return NodeError(node, "attribute 'training_mode' is not a boolean");
    }
    if (value != 0) {
      return NodeError(node, "attribute 'training_mode' is true; only inference is supported");
    }
  }
  RETURN_IF_ERROR(IntAttribute(node, "seed", 0).status());
  return IntAttribute(node, "is_test", 1).status();
}

OpDefinition MakeIdentity() {
  OpDefinition op;
  op.op_type = "Identity";
  op.infer_shapes = SameShapeAsInput;
  op.run_reference = [](const Node&, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> { return std::vector<Tensor>{*inputs[0]}; };
  return op;
}

OpDefinition MakeDropout() {
  OpDefinition op;
  op.op_type = "Dropout";
  op.max_outputs = 2;
  op.onnx_constant_inputs = {{/*index=*/1, "ratio", /*since_opset=*/12},
                             {/*index=*/2, "training_mode", /*since_opset=*/12}};
  op.infer_shapes = [](const Node& node,
                       const std::vector<Shape>& inputs) -> absl::StatusOr<std::vector<Shape>> {
    RETURN_IF_ERROR(ExpectInputs(node, inputs, 1, 1));
    RETURN_IF_ERROR(CheckDropoutAttributes(node));
    return std::vector<Shape>(node.output_size(), inputs[0]);
  };
  op.run_reference =
      [](const Node& node,
         const std::vector<const Tensor*>& inputs) -> absl::StatusOr<std::vector<Tensor>> {
    std::vector<Tensor> outputs{*inputs[0]};
    if (node.output_size() == 2) {
      ASSIGN_OR_RETURN(Tensor mask, Tensor::Zeros(inputs[0]->shape()));
      for (int64_t i = 0; i < mask.size(); ++i) mask[i] = 1.0f;
      outputs.push_back(std::move(mask));
    }
    return outputs;
  };
  return op;
}

}  // namespace

SENTIO_REGISTER_OP(MakeIdentity);
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeDropout, "is_test", "ratio", "seed");

}  // namespace sentio::cnn::ops
