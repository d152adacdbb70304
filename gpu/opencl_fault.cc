#include "gpu/opencl_fault.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"

namespace sentio {

bool OpenClFaultInjected(absl::string_view step) {
  const char* faults = std::getenv("SENTIO_OPENCL_FAULT");
  if (faults == nullptr) return false;
  for (absl::string_view fault : absl::StrSplit(faults, ',')) {
    if (fault == step) return true;
  }
  return false;
}

}  // namespace sentio
