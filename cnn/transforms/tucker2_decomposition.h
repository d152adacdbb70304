// Tucker-2 decomposition of a model's convolutions, an IR pass (`sentio cnn decompose`): each
// chosen KHxKW convolution with C input and S output channels becomes a 1x1 convolution C -> R1,
// the KHxKW convolution R1 -> R2 with the original strides, padding and dilations, and a 1x1
// convolution R2 -> S with the original bias, whose output keeps the original name. A factor at
// full rank (R1 = C or R2 = S) is the identity, so its 1x1 convolution is left out. The ranks come
// from EVBMF, an energy share or the user (cnn/transforms/rank_selection.h); the factorisation is
// cnn/transforms/tucker2.h.
#ifndef CNN_TRANSFORMS_TUCKER2_DECOMPOSITION_H_
#define CNN_TRANSFORMS_TUCKER2_DECOMPOSITION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cnn/ir/model.pb.h"
#include "cnn/transforms/tucker2.h"

namespace sentio::cnn::transforms {

// How the ranks of each layer are chosen.
struct RankPolicy {
  enum class Kind { kVbmf, kEnergy, kGiven };
  Kind kind = Kind::kVbmf;
  double energy = 0;  // kEnergy: the share of each unfolding's energy to keep, in (0, 1]
  // kGiven: one pair for every layer, or one per layer in order.
  std::vector<Tucker2Ranks> given;
};

// Parses `vbmf`, `energy:X` (0 < X <= 1) or `R1,R2[;R1,R2...]` (positive integers).
absl::StatusOr<RankPolicy> ParseRankPolicy(absl::string_view text);

struct DecompositionOptions {
  RankPolicy ranks;
  // The Conv nodes to decompose, by name; empty: every KHxKW convolution (group 1, 2-D, a kernel
  // of more than one tap, weights and bias given as float initializers), of which those whose
  // ranks from EVBMF or the energy share would not lower the FLOPs are kept as they are.
  std::vector<std::string> layers;
};

// What became of one convolution.
struct LayerDecomposition {
  std::string layer;
  int64_t in_channels = 0, out_channels = 0, kernel_height = 0, kernel_width = 0;
  Tucker2Ranks ranks;
  bool decomposed = false;
  std::string kept_because;  // when not decomposed
  double flops_before = 0, flops_after = 0;
  int64_t parameters_before = 0, parameters_after = 0;
  double relative_error = 0;  // of the weights' reconstruction
};

struct DecompositionReport {
  std::vector<LayerDecomposition> layers;
  // Over every Conv of the model, decomposed or not (cnn/ir/node_flops.h).
  double convolution_flops_before = 0, convolution_flops_after = 0;
  // The weights and biases of every Conv of the model.
  int64_t convolution_parameters_before = 0, convolution_parameters_after = 0;
};

// Decomposes the chosen convolutions of `model` (whose shapes have been inferred: a loaded model)
// and infers its shapes again. A named layer that is missing or not a KHxKW convolution, ranks
// beyond a layer's channels, or a number of rank pairs that is neither 1 nor the number of layers
// is an error naming the layer; the model is then unchanged.
absl::StatusOr<DecompositionReport> DecomposeConvolutions(cnn::Model& model,
                                                          const DecompositionOptions& options);

}  // namespace sentio::cnn::transforms

#endif  // CNN_TRANSFORMS_TUCKER2_DECOMPOSITION_H_
