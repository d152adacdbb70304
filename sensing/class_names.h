// Class-name files, as Darknet and OpenCV ship them for COCO and VOC (coco.names, voc.names): one
// name per line, blank lines skipped, surrounding spaces trimmed. Bounded to 1 MiB.
#ifndef SENSING_CLASS_NAMES_H_
#define SENSING_CLASS_NAMES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace sentio {

// Errors name the file: unreadable, over 1 MiB, or without names.
absl::StatusOr<std::vector<std::string>> ReadClassNames(const std::string& path);

}  // namespace sentio

#endif  // SENSING_CLASS_NAMES_H_
