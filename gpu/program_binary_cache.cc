#include "gpu/program_binary_cache.h"

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/file_reading.h"
#include "base/status_macros.h"

namespace sentio {
namespace {

constexpr char kMagic[] = "SENTIO-OPENCL-BINARY 1\n";
// An entry larger than this is not one of ours.
constexpr int64_t kMaxEntryBytes = int64_t{256} << 20;

uint64_t Fnv1a(const std::string& bytes) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

void AppendU64(std::string& out, uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(value >> (8 * i)));
}

// Reads a little-endian u64 at `offset`, advancing it; false past the end.
bool ReadU64(const std::string& bytes, size_t& offset, uint64_t& value) {
  if (bytes.size() < offset + 8) return false;
  value = 0;
  for (int i = 0; i < 8; ++i) {
    value |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[offset + i])) << (8 * i);
  }
  offset += 8;
  return true;
}

// The binary of a valid entry for `key`, or "" when `bytes` is not one.
std::string BinaryOfEntry(const std::string& bytes, const std::string& key) {
  const std::string magic(kMagic);
  if (bytes.compare(0, magic.size(), magic) != 0) return "";
  size_t offset = magic.size();
  uint64_t key_size = 0, binary_size = 0, hash = 0;
  if (!ReadU64(bytes, offset, key_size) || key_size > bytes.size() - offset) return "";
  if (bytes.compare(offset, key_size, key) != 0 || key_size != key.size()) return "";
  offset += key_size;
  if (!ReadU64(bytes, offset, binary_size) || binary_size > bytes.size() - offset) return "";
  std::string binary = bytes.substr(offset, binary_size);
  offset += binary_size;
  if (!ReadU64(bytes, offset, hash) || offset != bytes.size() || hash != Fnv1a(binary)) return "";
  return binary;
}

}  // namespace

std::string ProgramBinaryCache::DefaultDirectory() {
  if (const char* chosen = std::getenv("SENTIO_OPENCL_CACHE")) {
    const std::string directory = chosen;
    return directory == "off" ? "" : directory;
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
    return absl::StrCat(xdg, "/sentio/opencl");
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return absl::StrCat(home, "/.cache/sentio/opencl");
  }
  return "";
}

absl::StatusOr<cl_program> ProgramBinaryCache::Build(const OpenClRuntime& runtime,
                                                     const std::string& source,
                                                     const std::string& name,
                                                     const std::string& options) {
  if (directory_.empty()) return runtime.BuildProgram(source, name, options);
  const OpenClDeviceInfo& device = runtime.device();
  const std::string key = absl::StrCat(device.platform, "\n", device.name, "\n", device.version,
                                       "\n", device.driver_version, "\n", options, "\n", source);
  const std::string path = absl::StrFormat("%s/%016x.clbin", directory_, Fnv1a(key));
  absl::StatusOr<std::string> entry = ReadWholeFile(path, kMaxEntryBytes);
  if (entry.ok()) {
    const std::string binary = BinaryOfEntry(*entry, key);
    if (!binary.empty()) {
      absl::StatusOr<cl_program> program = runtime.BuildProgramFromBinary(binary, name, options);
      if (program.ok()) {
        ++stats_.hits;
        return program;
      }
    }
    ++stats_.rejected;
  }
  ++stats_.misses;
  ASSIGN_OR_RETURN(cl_program program, runtime.BuildProgram(source, name, options));
  absl::StatusOr<std::string> binary = runtime.ProgramBinary(program);
  if (!binary.ok() || binary->empty()) return program;
  std::string bytes(kMagic);
  AppendU64(bytes, key.size());
  bytes += key;
  AppendU64(bytes, binary->size());
  bytes += *binary;
  AppendU64(bytes, Fnv1a(*binary));
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  const std::string aside = absl::StrCat(path, ".", getpid(), ".tmp");
  {
    std::ofstream out(aside, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      std::filesystem::remove(aside, error);
      return program;
    }
  }
  std::filesystem::rename(aside, path, error);
  if (error) std::filesystem::remove(aside, error);
  return program;
}

}  // namespace sentio
