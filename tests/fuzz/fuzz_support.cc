#include "tests/fuzz/fuzz_support.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace sentio::fuzz {

void Check(bool condition, absl::string_view what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz check failed: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

void CheckInputError(const absl::Status& status, absl::string_view name) {
  Check(!status.ok(), "CheckInputError on a success");
  Check(absl::IsInvalidArgument(status),
        absl::StrCat("bad input gave another kind of error: ", status.ToString()));
  Check(absl::StrContains(status.message(), name),
        absl::StrCat("the error does not name '", name, "': ", status.message()));
}

void CheckParsedTable(const absl::StatusOr<Dataset>& parsed) {
  if (!parsed.ok()) {
    CheckInputError(parsed.status());
    return;
  }
  for (const Instance& instance : parsed->instances) {
    Check(static_cast<int>(instance.values.size()) == parsed->num_attributes(),
          "an instance without a value per attribute");
  }
}

absl::string_view AsText(const uint8_t* data, size_t size) {
  return absl::string_view(reinterpret_cast<const char*>(data), size);
}

std::pair<absl::string_view, absl::string_view> SplitPair(const uint8_t* data, size_t size) {
  const absl::string_view all = AsText(data, size);
  const size_t separator = all.find("\n@@@\n");
  if (separator == absl::string_view::npos) return {all, ""};
  return {all.substr(0, separator), all.substr(separator + 5)};
}

std::string WriteInputFile(const uint8_t* data, size_t size, absl::string_view extension) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / absl::StrCat(kInputName, "-", getpid(), extension);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  Check(out.good(), absl::StrCat("cannot write ", path.string()));
  return path.string();
}

}  // namespace sentio::fuzz
