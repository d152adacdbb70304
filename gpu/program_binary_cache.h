// OpenCL program binaries kept on disk, so that the kernels of a model compile once per device and
// driver rather than at every load (PoCL and mobile drivers take up to seconds per program). An
// entry is keyed by the platform, device, device version, driver version, kernel source and build
// options: a 64-bit FNV-1a hash of the key names the file, and the whole key is stored in it and
// compared on reading. The entry holds the binary and its hash. A stale, truncated or corrupt
// entry, or a binary the driver refuses, is counted as rejected, rebuilt from source and written
// again; entries are written aside and renamed into place, so a reader never sees half of one. A
// directory that cannot be written only costs the caching, never the build.
#ifndef GPU_PROGRAM_BINARY_CACHE_H_
#define GPU_PROGRAM_BINARY_CACHE_H_

#include <CL/cl.h>

#include <string>

#include "absl/status/statusor.h"
#include "gpu/opencl_runtime.h"

namespace sentio {

class ProgramBinaryCache {
 public:
  // Entries under `directory` (made when missing); an empty directory turns the cache off.
  explicit ProgramBinaryCache(std::string directory) : directory_(std::move(directory)) {}

  // $SENTIO_OPENCL_CACHE when set ("" or "off": no cache), else $XDG_CACHE_HOME/sentio/opencl,
  // else $HOME/.cache/sentio/opencl, else no cache.
  static std::string DefaultDirectory();

  // The program of `source` built with `options` on the runtime's device: from a valid entry, or
  // built from source (errors as OpenClRuntime::BuildProgram) and stored.
  absl::StatusOr<cl_program> Build(const OpenClRuntime& runtime, const std::string& source,
                                   const std::string& name, const std::string& options);

  struct Stats {
    int hits = 0;      // programs made from an entry
    int misses = 0;    // built from source: no entry, or a rejected one
    int rejected = 0;  // entries that were not valid or that the driver refused
  };
  const Stats& stats() const { return stats_; }
  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
  Stats stats_;
};

}  // namespace sentio

#endif  // GPU_PROGRAM_BINARY_CACHE_H_
