// Matrix products. MatMul follows numpy.matmul: 1-D operands are promoted (a leading 1 for A, a
// trailing 1 for B) and the promoted axis removed from the result; the batch axes before the last
// two broadcast. Gemm: Y = alpha * op(A) op(B) + beta * C with 2-D A and B (transA, transB) and C
// broadcast to [M, N].
#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cnn/ir/node_attributes.h"
#include "cnn/ops/op_registry.h"
#include "cnn/ops/op_support.h"

namespace sentio::cnn::ops {
namespace {

// The shapes of a MatMul: the operands promoted to rank >= 2, the broadcast batch shape, and the
// output shape.
struct MatMulShapes {
  Shape a, b, batch, output;
};

absl::StatusOr<MatMulShapes> MatMulShapesOf(const Node& node, const Shape& a_in, const Shape& b_in) {
  if (a_in.empty() || b_in.empty()) return NodeError(node, "operands must have rank >= 1");
  MatMulShapes s;
  s.a = a_in.size() == 1 ? Shape{1, a_in[0]} : a_in;
  s.b = b_in.size() == 1 ? Shape{b_in[0], 1} : b_in;
  if (s.a.back() != s.b[s.b.size() - 2]) {
    return NodeError(node, absl::StrCat("A ", ShapeString(a_in), " and B ", ShapeString(b_in),
                                        " do not multiply"));
  }
  absl::StatusOr<Shape> batch = BroadcastShapes(Shape(s.a.begin(), s.a.end() - 2),
                                                Shape(s.b.begin(), s.b.end() - 2));
  if (!batch.ok()) return NodeError(node, batch.status().message());
  s.batch = *batch;
  s.output = s.batch;
  if (a_in.size() > 1) s.output.push_back(s.a[s.a.size() - 2]);
  if (b_in.size() > 1) s.output.push_back(s.b.back());
  return s;
}

OpDefinition MakeMatMul() {
  OpDefinition op;
  op.op_type = "MatMul";
  op.min_inputs = op.max_inputs = 2;
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(MatMulShapes s, MatMulShapesOf(node, inputs[0], inputs[1]));
    return std::vector<Shape>{s.output};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    const Tensor& a = *inputs[0];
    const Tensor& b = *inputs[1];
    ASSIGN_OR_RETURN(MatMulShapes s, MatMulShapesOf(node, a.shape(), b.shape()));
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros(s.output));
    const int64_t m_size = s.a[s.a.size() - 2], k_size = s.a.back(), n_size = s.b.back();
    // Which matrix of A and of B each batch position reads.
    Shape a_batch(s.a.begin(), s.a.end() - 2), b_batch(s.b.begin(), s.b.end() - 2);
    const std::vector<int64_t> a_index = BroadcastIndices(a_batch, s.batch);
    const std::vector<int64_t> b_index = BroadcastIndices(b_batch, s.batch);
    for (size_t batch = 0; batch < a_index.size(); ++batch) {
      const float* a_matrix = a.data() + a_index[batch] * m_size * k_size;
      const float* b_matrix = b.data() + b_index[batch] * k_size * n_size;
      float* y_matrix = y.data() + batch * m_size * n_size;
      for (int64_t m = 0; m < m_size; ++m) {
        for (int64_t n = 0; n < n_size; ++n) {
          double sum = 0;
          for (int64_t k = 0; k < k_size; ++k) {
            sum += static_cast<double>(a_matrix[m * k_size + k]) * b_matrix[k * n_size + n];
          }
          y_matrix[m * n_size + n] = static_cast<float>(sum);
        }
      }
    }
    return SingleOutput(std::move(y));
  };
  return op;
}

struct GemmParams {
  bool trans_a = false, trans_b = false;
  float alpha = 1, beta = 1;
  int64_t m = 0, k = 0, n = 0;
};

absl::StatusOr<GemmParams> ParseGemm(const Node& node, const std::vector<Shape>& inputs) {
  RETURN_IF_ERROR(ExpectRank(node, inputs[0], 2, "A"));
  RETURN_IF_ERROR(ExpectRank(node, inputs[1], 2, "B"));
  GemmParams p;
  ASSIGN_OR_RETURN(int64_t trans_a, IntAttribute(node, "transA", 0));
  ASSIGN_OR_RETURN(int64_t trans_b, IntAttribute(node, "transB", 0));
  ASSIGN_OR_RETURN(p.alpha, FloatAttribute(node, "alpha", 1.0f));
  ASSIGN_OR_RETURN(p.beta, FloatAttribute(node, "beta", 1.0f));
  p.trans_a = trans_a != 0;
  p.trans_b = trans_b != 0;
  p.m = p.trans_a ? inputs[0][1] : inputs[0][0];
  p.k = p.trans_a ? inputs[0][0] : inputs[0][1];
  const int64_t k_b = p.trans_b ? inputs[1][1] : inputs[1][0];
  p.n = p.trans_b ? inputs[1][0] : inputs[1][1];
  if (p.k != k_b) {
    return NodeError(node, absl::StrCat("A ", ShapeString(inputs[0]), " and B ",
                                        ShapeString(inputs[1]), " do not multiply"));
  }
  if (inputs.size() == 3) {
    absl::StatusOr<Shape> c = BroadcastShapes(inputs[2], {p.m, p.n});
    if (!c.ok() || *c != Shape{p.m, p.n}) {
      return NodeError(node, absl::StrCat("C ", ShapeString(inputs[2]), " does not broadcast to [",
                                          p.m, ",", p.n, "]"));
    }
  }
  return p;
}

OpDefinition MakeGemm() {
  OpDefinition op;
  op.op_type = "Gemm";
  op.min_inputs = 2;
  op.max_inputs = 3;
  op.infer_shapes = [](const Node& node, const std::vector<Shape>& inputs)
      -> absl::StatusOr<std::vector<Shape>> {
    ASSIGN_OR_RETURN(GemmParams p, ParseGemm(node, inputs));
    return std::vector<Shape>{{p.m, p.n}};
  };
  op.run_reference = [](const Node& node, const std::vector<const Tensor*>& inputs)
      -> absl::StatusOr<std::vector<Tensor>> {
    std::vector<Shape> shapes;
    for (const Tensor* input : inputs) shapes.push_back(input->shape());
    ASSIGN_OR_RETURN(GemmParams p, ParseGemm(node, shapes));
    const Tensor& a = *inputs[0];
    const Tensor& b = *inputs[1];
    const Tensor* c = inputs.size() > 2 ? inputs[2] : nullptr;
    ASSIGN_OR_RETURN(Tensor y, Tensor::Zeros({p.m, p.n}));
    std::vector<int64_t> index_c;
    if (c != nullptr) index_c = BroadcastIndices(c->shape(), y.shape());
    for (int64_t m = 0; m < p.m; ++m) {
      for (int64_t n = 0; n < p.n; ++n) {
        double sum = 0;
        for (int64_t k = 0; k < p.k; ++k) {
          const float a_mk = p.trans_a ? a[k * p.m + m] : a[m * p.k + k];
          const float b_kn = p.trans_b ? b[n * p.k + k] : b[k * p.n + n];
          sum += static_cast<double>(a_mk) * b_kn;
        }
        sum *= p.alpha;
        if (c != nullptr) sum += static_cast<double>(p.beta) * (*c)[index_c[m * p.n + n]];
        y[m * p.n + n] = static_cast<float>(sum);
      }
    }
    return SingleOutput(std::move(y));
  };
  return op;
}

SENTIO_REGISTER_OP(MakeMatMul);
SENTIO_REGISTER_OP_WITH_ONNX_ATTRIBUTES(MakeGemm, "alpha", "beta", "broadcast", "transA", "transB");

}  // namespace
}  // namespace sentio::cnn::ops
