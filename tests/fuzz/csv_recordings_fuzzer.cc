// libFuzzer harness: timestamped CSV logs (sensing/csv_recordings.h). The header's first column
// is the time; the input's first byte picks the options (a group column, resampling, a given
// unit), so one corpus reaches every path.
#include "absl/strings/str_split.h"
#include "sensing/csv_recordings.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sentio;
  if (size == 0) return 0;
  const uint8_t choice = data[0];
  const absl::string_view text = fuzz::AsText(data + 1, size - 1);
  const std::vector<absl::string_view> header = absl::StrSplit(
      text.substr(0, text.find('\n')), absl::MaxSplits(',', 3));
  CsvRecordingOptions options;
  options.time_column = std::string(header[0]);
  if ((choice & 1) && header.size() > 2) options.group_column = std::string(header[2]);
  if (choice & 2) options.resample_hz = (choice >> 4) * 10.0 + 0.5;
  if (choice & 4) options.time_unit = static_cast<TimeUnit>((choice >> 3) & 3);
  const absl::StatusOr<CsvRecordings> parsed = ParseCsvRecordings(text, fuzz::kInputName, options);
  if (!parsed.ok()) {
    fuzz::CheckInputError(parsed.status());
    return 0;
  }
  const TimeSeriesDataset& recordings = parsed->data;
  fuzz::Check(parsed->group_of_case.size() == recordings.cases.size(), "a group per case");
  for (size_t c = 0; c < recordings.cases.size(); ++c) {
    const TimeSeriesCase& one = recordings.cases[c];
    fuzz::Check(one.label >= -1 && one.label < static_cast<int>(recordings.class_labels.size()),
                "labels index the class labels");
    fuzz::Check(one.series.num_channels() == recordings.cases[0].series.num_channels(),
                "every case has the same channels");
    fuzz::Check(parsed->group_of_case[c] >= 0 &&
                    parsed->group_of_case[c] < static_cast<int>(parsed->group_names.size()),
                "groups index the group names");
  }
  return 0;
}
