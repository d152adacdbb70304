// NumPy's .npy format (version 1.0) for float32 arrays, the way Python users load results:
// np.load("F.npy"). Used by the feature and table writers; the CNN layer has its own reader and
// writer for tensors of every dtype (cnn/ir/npy.h).
#ifndef BASE_NPY_FORMAT_H_
#define BASE_NPY_FORMAT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace sentio {

// The bytes of an .npy file holding `values` (C order) as a little-endian float32 array of
// `shape`; values.size() must be the product of the shape.
std::string Float32Npy(const std::vector<int64_t>& shape, const std::vector<float>& values);

}  // namespace sentio

#endif  // BASE_NPY_FORMAT_H_
