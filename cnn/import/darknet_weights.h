// Reading Darknet .weights files: a header (int32 major, minor, revision, then the count of images
// seen in training, int64 when major * 10 + minor >= 2 and both are below 1000, else int32),
// then every layer's float32 parameters back to back, little-endian, in the order the layers
// consume them. Nothing in the file says where a layer starts, so the reader hands out exact
// counts and the importer checks that nothing is left over.
#ifndef CNN_IMPORT_DARKNET_WEIGHTS_H_
#define CNN_IMPORT_DARKNET_WEIGHTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sentio::cnn::import {

class DarknetWeights {
 public:
  // Parses the header of `bytes`, which must outlive the reader; `file_name` names the file in
  // errors.
  static absl::StatusOr<DarknetWeights> Parse(absl::string_view bytes, absl::string_view file_name);

  int major() const { return major_; }
  int minor() const { return minor_; }
  int revision() const { return revision_; }
  int64_t seen() const { return seen_; }
  // Darknet's flag (major or minor above 1000) that connected layers store weights transposed.
  bool transposed() const { return major_ > 1000 || minor_ > 1000; }

  // The next `count` floats; `what` (e.g. "layer 3 [convolutional] weights") names them when the
  // file ends first.
  absl::StatusOr<std::vector<float>> Take(int64_t count, absl::string_view what);
  // Fails when floats are left over after `last_layer` (which names it).
  absl::Status ExpectEnd(absl::string_view last_layer) const;

 private:
  DarknetWeights(absl::string_view payload, absl::string_view file_name)
      : payload_(payload), file_name_(file_name) {}

  absl::string_view payload_;  // the floats after the header
  std::string file_name_;
  int major_ = 0, minor_ = 0, revision_ = 0;
  int64_t seen_ = 0;
  int64_t offset_ = 0;  // bytes of `payload_` consumed
};

}  // namespace sentio::cnn::import

#endif  // CNN_IMPORT_DARKNET_WEIGHTS_H_
