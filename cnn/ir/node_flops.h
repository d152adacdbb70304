// How much arithmetic a node of a model does, from the shapes the model records: the count the
// profile report prints as GFLOPS (apps/cnn_profile_report.h) and the one Tucker-2 decomposition
// reports its savings in (cnn/transforms/tucker2_decomposition.h).
//
// A multiply-add counts as two: Conv 2 x outputs x (C/G x KH x KW), ConvTranspose 2 x inputs x
// (K/G x KH x KW), Gemm and MatMul 2 x outputs x depth; pools one per window tap (global pools one
// per input value); ops that only move data none; any other op one per output value.
#ifndef CNN_IR_NODE_FLOPS_H_
#define CNN_IR_NODE_FLOPS_H_

#include <map>
#include <string>

#include "cnn/ir/model.pb.h"
#include "cnn/ir/tensor.h"

namespace sentio::cnn {

// The shapes of every value the model declares: inputs, initializers, inferred values (value_info,
// filled at load), outputs.
std::map<std::string, Shape> ModelValueShapes(const cnn::Model& model);

// The floating-point operations of `node`, given `shapes` (ModelValueShapes); 0 when its output's
// shape is unknown or it only moves data.
double NodeFlops(const cnn::Node& node, const std::map<std::string, Shape>& shapes);

}  // namespace sentio::cnn

#endif  // CNN_IR_NODE_FLOPS_H_
