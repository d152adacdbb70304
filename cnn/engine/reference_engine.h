// The naive reference engine: runs the model IR node by node with cnn/engine/reference_ops.h. Slow
// and obviously correct; tests compare the fast engines with it.
#ifndef CNN_ENGINE_REFERENCE_ENGINE_H_
#define CNN_ENGINE_REFERENCE_ENGINE_H_

#include "cnn/engine/engine.h"
#include "cnn/engine/model_runner.h"

namespace sentio::cnn::engine {

class ReferenceEngine : public Engine {
 public:
  absl::Status Load(cnn::Model model) override;
  absl::StatusOr<TensorMap> Run(const TensorMap& inputs) override;

 private:
  ModelRunner runner_;
};

}  // namespace sentio::cnn::engine

#endif  // CNN_ENGINE_REFERENCE_ENGINE_H_
