// Importing Caffe models into the model IR: the network from a .prototxt (protobuf text) and its
// trained weights from a .caffemodel (binary NetParameter), matched by layer name. Layers: Input
// (or the legacy net inputs), Convolution, Pooling (MAX/AVE, Caffe's rounding up of the output size),
// InnerProduct, ReLU, Softmax and Dropout (removed); layers outside the TEST phase are skipped.
// Anything else fails naming the layer type, the layer and the file.
#ifndef CNN_IMPORT_CAFFE_IMPORTER_H_
#define CNN_IMPORT_CAFFE_IMPORTER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cnn/ir/model.pb.h"
#include "third_party/caffe/caffe.pb.h"

namespace sentio::cnn::import {

absl::StatusOr<cnn::Model> ImportCaffeFiles(const std::string& prototxt_path,
                                            const std::string& caffemodel_path);

// Imports parsed files; `prototxt_name` and `caffemodel_name` name them in errors.
absl::StatusOr<cnn::Model> ImportCaffeNet(const caffe::NetParameter& net,
                                          const caffe::NetParameter& weights,
                                          absl::string_view prototxt_name,
                                          absl::string_view caffemodel_name);

}  // namespace sentio::cnn::import

#endif  // CNN_IMPORT_CAFFE_IMPORTER_H_
