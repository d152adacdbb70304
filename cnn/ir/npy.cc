#include "cnn/ir/npy.h"

#include <cstdint>
#include <cstring>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/file_reading.h"
#include "base/file_writing.h"
#include "base/status_macros.h"

namespace sentio::cnn {
namespace {

constexpr absl::string_view kMagic = "\x93NUMPY";

absl::Status Error(absl::string_view file_name, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(file_name, ": ", message));
}

// The text after `'key':` in the header dictionary, up to the end of the header.
std::optional<absl::string_view> ValueOf(absl::string_view header, absl::string_view key) {
  const size_t at = header.find(absl::StrCat("'", key, "'"));
  if (at == absl::string_view::npos) return std::nullopt;
  absl::string_view rest = header.substr(at + key.size() + 2);
  rest = absl::StripLeadingAsciiWhitespace(rest);
  if (!absl::ConsumePrefix(&rest, ":")) return std::nullopt;
  return absl::StripLeadingAsciiWhitespace(rest);
}

absl::StatusOr<Shape> ParseShape(absl::string_view value, absl::string_view file_name) {
  if (!absl::ConsumePrefix(&value, "(")) return Error(file_name, "the header's shape is not a tuple");
  const size_t end = value.find(')');
  if (end == absl::string_view::npos) return Error(file_name, "the header's shape is not closed");
  Shape shape;
  for (absl::string_view part : absl::StrSplit(value.substr(0, end), ',')) {
    part = absl::StripAsciiWhitespace(part);
    if (part.empty()) continue;  // "(5,)" and "()"
    int64_t dim = 0;
    if (!absl::SimpleAtoi(part, &dim) || dim < 0) {
      return Error(file_name, absl::StrCat("bad dimension '", part, "' in the header's shape"));
    }
    shape.push_back(dim);
  }
  return shape;
}

template <typename T>
std::vector<float> Convert(const char* data, int64_t count) {
  std::vector<float> values(count);
  for (int64_t i = 0; i < count; ++i) {
    T value;
    std::memcpy(&value, data + i * sizeof(T), sizeof(T));
    values[i] = static_cast<float>(value);
  }
  return values;
}

}  // namespace

absl::StatusOr<Tensor> ParseNpy(absl::string_view bytes, absl::string_view file_name) {
  if (!absl::StartsWith(bytes, kMagic)) return Error(file_name, "not a .npy file (bad magic)");
  if (bytes.size() < 10) return Error(file_name, "truncated .npy header");
  const int major = static_cast<unsigned char>(bytes[6]);
  size_t header_length = 0, header_start = 0;
  if (major == 1) {
    header_length = static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9]) << 8;
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) return Error(file_name, "truncated .npy header");
    for (int i = 3; i >= 0; --i) header_length = header_length << 8 | static_cast<unsigned char>(bytes[8 + i]);
    header_start = 12;
  } else {
    return Error(file_name, absl::StrCat(".npy format version ", major, " is not supported"));
  }
  if (bytes.size() < header_start + header_length) return Error(file_name, "truncated .npy header");
  const absl::string_view header = bytes.substr(header_start, header_length);

  std::optional<absl::string_view> descr = ValueOf(header, "descr");
  std::optional<absl::string_view> fortran = ValueOf(header, "fortran_order");
  std::optional<absl::string_view> shape_text = ValueOf(header, "shape");
  if (!descr || !fortran || !shape_text) {
    return Error(file_name, "the header lacks descr, fortran_order or shape");
  }
  if (!absl::StartsWith(*fortran, "False")) {
    return Error(file_name, "Fortran-order arrays are not supported");
  }
  ASSIGN_OR_RETURN(Shape shape, ParseShape(*shape_text, file_name));
  absl::StatusOr<int64_t> count_or = NumElements(shape);
  if (!count_or.ok()) return Error(file_name, count_or.status().message());
  const int64_t count = *count_or;
  int element_size = 0;
  if (absl::StartsWith(*descr, "'<f4'")) {
    element_size = 4;
  } else if (absl::StartsWith(*descr, "'<f8'")) {
    element_size = 8;
  } else if (absl::StartsWith(*descr, "'|u1'")) {
    element_size = 1;
  } else {
    return Error(file_name, absl::StrCat("element type ", descr->substr(0, descr->find(',')),
                                         " is not supported ('<f4', '<f8' or '|u1')"));
  }
  const absl::string_view data = bytes.substr(header_start + header_length);
  if (static_cast<int64_t>(data.size()) != count * element_size) {
    return Error(file_name, absl::StrCat("shape ", ShapeString(shape), " needs ",
                                         count * element_size, " bytes of data, the file has ",
                                         data.size()));
  }
  std::vector<float> values = element_size == 4   ? Convert<float>(data.data(), count)
                              : element_size == 8 ? Convert<double>(data.data(), count)
                                                  : Convert<uint8_t>(data.data(), count);
  return Tensor::FromValues(shape, std::move(values));
}

absl::StatusOr<Tensor> ReadNpyFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(path));
  return ParseNpy(bytes, path);
}

std::string SerializeNpy(const Tensor& tensor) {
  std::string shape = absl::StrJoin(tensor.shape(), ", ");
  if (tensor.rank() == 1) shape += ",";
  std::string header =
      absl::StrCat("{'descr': '<f4', 'fortran_order': False, 'shape': (", shape, "), }");
  // numpy pads the header with spaces and a newline so that the data starts at a multiple of 64.
  const size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  std::string bytes(kMagic);
  bytes.push_back(1);
  bytes.push_back(0);
  bytes.push_back(static_cast<char>(header.size() & 0xff));
  bytes.push_back(static_cast<char>(header.size() >> 8));
  bytes += header;
  bytes.append(reinterpret_cast<const char*>(tensor.data()), tensor.size() * sizeof(float));
  return bytes;
}

absl::Status WriteNpyFile(const Tensor& tensor, const std::string& path) {
  return WriteWholeFile(path, SerializeNpy(tensor));
}

}  // namespace sentio::cnn
