#include "tests/byte_mutator.h"

#include <algorithm>
#include <cctype>
#include <iterator>

#include "absl/strings/str_cat.h"

namespace sentio {
namespace {

// SplitMix64: small, fast and the same on every platform (unlike std:: distributions).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }

 private:
  uint64_t state_;
};

constexpr unsigned char kBoundaryBytes[] = {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff};
constexpr uint64_t kBoundaryWords[] = {0,
                                       1,
                                       0x7fffffff,
                                       0x80000000,
                                       0xffffffff,
                                       0x100000000,
                                       0x7fffffffffffffffULL,
                                       0xffffffffffffffffULL};
// Numbers that break naive parsers of text and headers: zero, negative, 32/64-bit limits, beyond
// 64 bits, and a float that overflows.
const char* const kExtremeNumbers[] = {
    "0",     "-1", "2147483648", "4294967295", "9223372036854775807", "99999999999999999999",
    "1e999", "-0"};

void AppendVarint(uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// A length-delimited protobuf field (tag of field 1..15, wire type 2) with a huge length, or a
// bare huge varint.
std::string HugeLengthField(Random& random) {
  std::string out;
  if (random.Below(2) == 0) out.push_back(static_cast<char>(((1 + random.Below(15)) << 3) | 2));
  const uint64_t lengths[] = {0x7fffffff, 0xffffffff, 0x7fffffffffffffffULL, 0xffffffffffffffffULL,
                              1 << 20};
  AppendVarint(lengths[random.Below(5)], out);
  return out;
}

void ReplaceNumber(std::string& bytes, Random& random, std::string& description) {
  // Starts of digit runs; pick one at random.
  size_t runs = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    runs += std::isdigit(static_cast<unsigned char>(bytes[i])) &&
            (i == 0 || !std::isdigit(static_cast<unsigned char>(bytes[i - 1])));
  }
  if (runs == 0) return;
  size_t wanted = random.Below(runs);
  for (size_t i = 0; i < bytes.size(); ++i) {
    const bool starts = std::isdigit(static_cast<unsigned char>(bytes[i])) &&
                        (i == 0 || !std::isdigit(static_cast<unsigned char>(bytes[i - 1])));
    if (!starts || wanted-- > 0) continue;
    size_t end = i;
    while (end < bytes.size() && std::isdigit(static_cast<unsigned char>(bytes[end]))) ++end;
    const char* number = kExtremeNumbers[random.Below(std::size(kExtremeNumbers))];
    bytes.replace(i, end - i, number);
    absl::StrAppend(&description, " number@", i, "=", number);
    return;
  }
}

void MutateOnce(std::string& bytes, Random& random, std::string& description) {
  if (bytes.empty()) {
    bytes.push_back(static_cast<char>(random.Next()));
    return;
  }
  const size_t size = bytes.size();
  switch (random.Below(9)) {
    case 0: {  // bit flips
      const size_t flips = 1 + random.Below(8);
      for (size_t i = 0; i < flips; ++i) {
        const size_t at = random.Below(size);
        bytes[at] = static_cast<char>(bytes[at] ^ (1 << random.Below(8)));
      }
      absl::StrAppend(&description, " flip", flips);
      break;
    }
    case 1: {  // a boundary byte value
      const size_t at = random.Below(size);
      bytes[at] = static_cast<char>(kBoundaryBytes[random.Below(std::size(kBoundaryBytes))]);
      absl::StrAppend(&description, " byte@", at);
      break;
    }
    case 2: {  // a boundary 4- or 8-byte word, little- or big-endian
      const size_t width = random.Below(2) == 0 ? 4 : 8;
      const size_t at = random.Below(size);
      const uint64_t word = kBoundaryWords[random.Below(std::size(kBoundaryWords))];
      const bool big_endian = random.Below(2) == 0;
      for (size_t i = 0; i < width && at + i < size; ++i) {
        const size_t shift = 8 * (big_endian ? width - 1 - i : i);
        bytes[at + i] = static_cast<char>(word >> shift);
      }
      absl::StrAppend(&description, " word@", at);
      break;
    }
    case 3: {  // truncation
      const size_t keep = random.Below(size);
      bytes.resize(keep);
      absl::StrAppend(&description, " truncate@", keep);
      break;
    }
    case 4: {  // an inserted huge varint or length field
      const size_t at = random.Below(size + 1);
      bytes.insert(at, HugeLengthField(random));
      absl::StrAppend(&description, " varint@", at);
      break;
    }
    case 5: {  // two chunks of equal length swapped
      const size_t length = 1 + random.Below(std::min<size_t>(size / 2 + 1, 64));
      if (2 * length > size) break;
      const size_t a = random.Below(size - 2 * length + 1);
      const size_t b = a + length + random.Below(size - a - 2 * length + 1);
      std::swap_ranges(bytes.begin() + a, bytes.begin() + a + length, bytes.begin() + b);
      absl::StrAppend(&description, " swap@", a, ",", b, "x", length);
      break;
    }
    case 6: {  // a chunk duplicated elsewhere
      const size_t from = random.Below(size);
      const size_t length = 1 + random.Below(std::min<size_t>(size - from, 64));
      const std::string chunk = bytes.substr(from, length);
      const size_t at = random.Below(size + 1);
      bytes.insert(at, chunk);
      absl::StrAppend(&description, " duplicate@", from, "->", at, "x", length);
      break;
    }
    case 7: {  // a chunk deleted
      const size_t from = random.Below(size);
      const size_t length = 1 + random.Below(std::min<size_t>(size - from, 64));
      bytes.erase(from, length);
      absl::StrAppend(&description, " delete@", from, "x", length);
      break;
    }
    default:  // a number in text (prototxt, .npy header) replaced by an extreme one
      ReplaceNumber(bytes, random, description);
      break;
  }
}

}  // namespace

std::string ByteMutator::Mutate(uint64_t index, std::string* description) const {
  Random random(seed_ * 0x2545f4914f6cdd1dULL + index);
  std::string bytes = original_;
  std::string done = absl::StrCat("mutation ", index, ":");
  const size_t count = 1 + random.Below(3);
  for (size_t i = 0; i < count; ++i) MutateOnce(bytes, random, done);
  if (description != nullptr) *description = std::move(done);
  return bytes;
}

}  // namespace sentio
