#include "sensing/wav_test_file.h"

#include <fstream>

namespace sentio {
namespace {

void AppendLittleEndian(std::string& out, uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

}  // namespace

std::string WriteTestWav(const std::string& path, int rate, int channels,
                         const std::vector<int16_t>& samples) {
  std::string fmt, data;
  AppendLittleEndian(fmt, 1, 2);
  AppendLittleEndian(fmt, channels, 2);
  AppendLittleEndian(fmt, rate, 4);
  AppendLittleEndian(fmt, rate * channels * 2, 4);
  AppendLittleEndian(fmt, channels * 2, 2);
  AppendLittleEndian(fmt, 16, 2);
  for (int16_t s : samples) AppendLittleEndian(data, static_cast<uint16_t>(s), 2);
  std::string body = "WAVEfmt ";
  AppendLittleEndian(body, fmt.size(), 4);
  body += fmt + "data";
  AppendLittleEndian(body, data.size(), 4);
  body += data;
  std::string file = "RIFF";
  AppendLittleEndian(file, body.size(), 4);
  file += body;
  std::ofstream(path, std::ios::binary) << file;
  return path;
}

}  // namespace sentio
