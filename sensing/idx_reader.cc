#include "sensing/idx_reader.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/file_reading.h"
#include "base/status_macros.h"
#include "zlib.h"

namespace sentio {
namespace {

// Decompressed data beyond this is taken as a corrupt (or hostile) file.
constexpr size_t kMaxInflatedBytes = size_t{1} << 31;

absl::Status Error(absl::string_view file_name, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(file_name, ": ", message));
}

bool IsGzip(absl::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

absl::StatusOr<std::string> Gunzip(absl::string_view compressed, absl::string_view file_name) {
  z_stream stream;
  std::memset(&stream, 0, sizeof(stream));
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return Error(file_name, "cannot start zlib");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char buffer[1 << 16];
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof(buffer);
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof(buffer) - stream.avail_out);
    if (out.size() > kMaxInflatedBytes) result = Z_MEM_ERROR;
  }
  inflateEnd(&stream);
  if (result == Z_BUF_ERROR) return Error(file_name, "truncated gzip data");
  if (result != Z_STREAM_END) {
    return Error(file_name, absl::StrCat("corrupt gzip data (zlib error ", result, ")"));
  }
  return out;
}

uint64_t BigEndian(const unsigned char* bytes, int size) {
  uint64_t value = 0;
  for (int i = 0; i < size; ++i) value = (value << 8) | bytes[i];
  return value;
}

// The element size of an IDX type code, or 0 for an unknown code.
int ElementSize(unsigned char type) {
  switch (type) {
    case 0x08:  // unsigned byte
    case 0x09:  // signed byte
      return 1;
    case 0x0B:  // short
      return 2;
    case 0x0C:  // int
    case 0x0D:  // float
      return 4;
    case 0x0E:  // double
      return 8;
    default:
      return 0;
  }
}

double Element(unsigned char type, const unsigned char* bytes) {
  const uint64_t raw = BigEndian(bytes, ElementSize(type));
  switch (type) {
    case 0x08:
      return static_cast<uint8_t>(raw);
    case 0x09:
      return static_cast<int8_t>(raw);
    case 0x0B:
      return static_cast<int16_t>(raw);
    case 0x0C:
      return static_cast<int32_t>(raw);
    case 0x0D: {
      const uint32_t bits = static_cast<uint32_t>(raw);
      float value;
      std::memcpy(&value, &bits, sizeof(value));
      return value;
    }
    default: {
      double value;
      std::memcpy(&value, &raw, sizeof(value));
      return value;
    }
  }
}

absl::StatusOr<IdxArray> ParsePlainIdx(absl::string_view bytes, absl::string_view file_name) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  if (bytes.size() < 4) return Error(file_name, "truncated IDX header");
  const unsigned char type = data[2];
  const int rank = data[3];
  if (data[0] != 0 || data[1] != 0 || ElementSize(type) == 0 || rank == 0) {
    return Error(file_name, absl::StrFormat("bad IDX magic number 0x%02x%02x%02x%02x", data[0],
                                            data[1], data[2], data[3]));
  }
  const size_t header = 4 + 4 * static_cast<size_t>(rank);
  if (bytes.size() < header) return Error(file_name, "truncated IDX header");
  IdxArray array;
  uint64_t count = 1;
  for (int i = 0; i < rank; ++i) {
    array.dims.push_back(static_cast<int64_t>(BigEndian(data + 4 + 4 * i, 4)));
    count *= array.dims.back();
    if (count > bytes.size()) break;  // cannot fit; reported below without overflowing
  }
  const int element_size = ElementSize(type);
  if (count > bytes.size() || header + count * element_size != bytes.size()) {
    std::string dims;
    for (int64_t dim : array.dims) absl::StrAppend(&dims, dims.empty() ? "" : "x", dim);
    const std::string needed = count > bytes.size()
                                   ? "more bytes"
                                   : absl::StrCat(header + count * element_size, " bytes");
    return Error(file_name, absl::StrCat("IDX dimensions ", dims, " of ", element_size,
                                         "-byte elements need ", needed, ", the data has ",
                                         bytes.size()));
  }
  array.values.resize(count);
  for (uint64_t i = 0; i < count; ++i) array.values[i] = Element(type, data + header + i * element_size);
  return array;
}

}  // namespace

absl::StatusOr<IdxArray> ParseIdx(absl::string_view bytes, absl::string_view file_name) {
  if (!IsGzip(bytes)) return ParsePlainIdx(bytes, file_name);
  ASSIGN_OR_RETURN(std::string inflated, Gunzip(bytes, file_name));
  return ParsePlainIdx(inflated, file_name);
}

absl::StatusOr<IdxArray> ReadIdxFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(path));
  return ParseIdx(bytes, path);
}

}  // namespace sentio
