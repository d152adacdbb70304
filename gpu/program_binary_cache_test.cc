#include "gpu/program_binary_cache.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

constexpr char kSource[] = R"CLC(
__kernel void add_one(__global float* x) { x[get_global_id(0)] += 1.0f; }
)CLC";

// Runs add_one of `program` over {1, 2} and returns the result's first value (2 when it works).
float RunAddOne(const OpenClRuntime& runtime, cl_program program) {
  cl_int code = CL_SUCCESS;
  cl_kernel kernel = clCreateKernel(program, "add_one", &code);
  EXPECT_EQ(code, CL_SUCCESS);
  float values[2] = {1, 2};
  cl_mem buffer = clCreateBuffer(runtime.context(), CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR,
                                 sizeof(values), values, &code);
  clSetKernelArg(kernel, 0, sizeof(buffer), &buffer);
  const size_t global = 2;
  clEnqueueNDRangeKernel(runtime.queue(), kernel, 1, nullptr, &global, nullptr, 0, nullptr,
                         nullptr);
  clEnqueueReadBuffer(runtime.queue(), buffer, CL_TRUE, 0, sizeof(values), values, 0, nullptr,
                      nullptr);
  clReleaseMemObject(buffer);
  clReleaseKernel(kernel);
  return values[0];
}

std::string CacheDirectory(const std::string& name) {
  const std::string directory = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::filesystem::remove_all(directory);
  return directory;
}

// The one entry file in `directory`.
std::string OnlyEntry(const std::string& directory) {
  std::string found;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    EXPECT_TRUE(found.empty()) << "more than one entry";
    found = entry.path().string();
  }
  return found;
}

TEST(ProgramBinaryCacheTest, BuildsOnceThenLoadsTheBinary) {
  auto runtime = OpenClRuntime::CreateDefault();
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  const std::string directory = CacheDirectory("hit");
  ProgramBinaryCache first(directory);
  absl::StatusOr<cl_program> built = first.Build(**runtime, kSource, "add_one", "-DX=1");
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(first.stats().misses, 1);
  EXPECT_EQ(RunAddOne(**runtime, *built), 2.0f);
  clReleaseProgram(*built);

  ProgramBinaryCache second(directory);  // a later run
  absl::StatusOr<cl_program> loaded = second.Build(**runtime, kSource, "add_one", "-DX=1");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(second.stats().hits, 1);
  EXPECT_EQ(second.stats().misses, 0);
  EXPECT_EQ(RunAddOne(**runtime, *loaded), 2.0f);
  clReleaseProgram(*loaded);

  // Other build options are another entry.
  absl::StatusOr<cl_program> other = second.Build(**runtime, kSource, "add_one", "-DX=2");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(second.stats().misses, 1);
  clReleaseProgram(*other);
}

// Damaged entries: cut short, a changed byte in the binary, garbage. Each is rejected, the
// program built from source again and the entry written again whole.
TEST(ProgramBinaryCacheTest, ADamagedEntryIsRebuilt) {
  auto runtime = OpenClRuntime::CreateDefault();
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  const std::string directory = CacheDirectory("damaged");
  ProgramBinaryCache cache(directory);
  absl::StatusOr<cl_program> built = cache.Build(**runtime, kSource, "add_one", "");
  ASSERT_TRUE(built.ok()) << built.status();
  clReleaseProgram(*built);
  const std::string path = OnlyEntry(directory);
  const auto good_size = std::filesystem::file_size(path);
  for (int damage = 0; damage < 3; ++damage) {
    {
      std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
      if (damage == 1) {  // inside the binary: its hash ends the entry (8 bytes)
        file.seekp(static_cast<std::streamoff>(std::filesystem::file_size(path)) - 20);
        file.put('\x5a');
      }
    }
    if (damage == 0) std::filesystem::resize_file(path, good_size / 2);
    if (damage == 2) std::ofstream(path, std::ios::binary | std::ios::trunc) << "not a binary";
    ProgramBinaryCache later(directory);
    absl::StatusOr<cl_program> program = later.Build(**runtime, kSource, "add_one", "");
    ASSERT_TRUE(program.ok()) << program.status();
    EXPECT_EQ(later.stats().rejected, 1) << damage;
    EXPECT_EQ(later.stats().misses, 1) << damage;
    EXPECT_EQ(RunAddOne(**runtime, *program), 2.0f) << damage;
    clReleaseProgram(*program);
    // The entry was written again, whole: the next run loads it.
    ProgramBinaryCache next(directory);
    absl::StatusOr<cl_program> reloaded = next.Build(**runtime, kSource, "add_one", "");
    ASSERT_TRUE(reloaded.ok());
    EXPECT_EQ(next.stats().hits, 1) << damage;
    clReleaseProgram(*reloaded);
  }
}

TEST(ProgramBinaryCacheTest, AnUnwritableDirectoryOnlyCostsTheCaching) {
  auto runtime = OpenClRuntime::CreateDefault();
  ASSERT_TRUE(runtime.ok()) << runtime.status();
  ProgramBinaryCache cache("/proc/sentio-no-such-dir");
  absl::StatusOr<cl_program> built = cache.Build(**runtime, kSource, "add_one", "");
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(RunAddOne(**runtime, *built), 2.0f);
  clReleaseProgram(*built);
  ProgramBinaryCache off("");
  built = off.Build(**runtime, kSource, "add_one", "");
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(off.stats().misses, 0);  // no cache, nothing counted
  clReleaseProgram(*built);
}

TEST(ProgramBinaryCacheTest, TheDirectoryComesFromTheEnvironment) {
  setenv("SENTIO_OPENCL_CACHE", "/tmp/x", 1);
  EXPECT_EQ(ProgramBinaryCache::DefaultDirectory(), "/tmp/x");
  setenv("SENTIO_OPENCL_CACHE", "off", 1);
  EXPECT_EQ(ProgramBinaryCache::DefaultDirectory(), "");
  unsetenv("SENTIO_OPENCL_CACHE");
  setenv("XDG_CACHE_HOME", "/var/cache/me", 1);
  EXPECT_EQ(ProgramBinaryCache::DefaultDirectory(), "/var/cache/me/sentio/opencl");
}

}  // namespace
}  // namespace sentio
