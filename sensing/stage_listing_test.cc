#include "sensing/stage_listing.h"

#include <sstream>

#include "gtest/gtest.h"
#include "sensing/option_message_test.pb.h"

namespace sentio {
namespace {

class IdleStage : public Stage {
 public:
  absl::Status Process(StageContext&) override { return absl::OkStatus(); }
};

TEST(StageListingTest, PortsAndOptionsWithTypesAndDefaults) {
  StageRegistry registry;
  auto make = [] { return std::make_unique<IdleStage>(); };
  StageContract windows;
  windows.inputs = {{"IMU", PayloadType::kImuBlock}};
  windows.outputs = {{"WINDOWS", PayloadType::kImuBlock}, {"LABELS", PayloadType::kSegmentLabel}};
  windows.options = {{"window_s", OptionType::kDouble, true, std::nullopt},
                     {"hop_s", OptionType::kDouble, false, OptionValue(0.5)},
                     {"name", OptionType::kString, false, OptionValue(std::string("x"))},
                     {"count", OptionType::kInt, false, OptionValue(int64_t{3})},
                     {"loop", OptionType::kBool, false, std::nullopt}};
  registry.Register("Windows", windows, make);
  StageContract sink;
  sink.inputs = {{"FEATURES", PayloadType::kFeatureVector}};
  registry.Register("Sink", sink, make);
  registry.Register("Twice", sink, make);
  registry.Register("Twice", sink, make);
  StageContract typed;
  typed.options_message = test::EveryTypeOptions::descriptor();
  registry.Register("Typed", typed, make);

  std::ostringstream out;
  PrintStageList(registry, out);
  EXPECT_EQ(out.str(),
            "Sink\n"
            "  inputs:  FEATURES (FeatureVector)\n"
            "  outputs: none\n"
            "  options: none\n"
            "Twice\n"
            "  stage type 'Twice' is registered twice in this binary\n"
            "Typed\n"
            "  inputs:  none\n"
            "  outputs: none\n"
            "  options: path (string, required), count (int, default 3), offset_us (int, "
            "optional), size (int, optional), bytes (int, optional), scale (double, default "
            "0.5), rate_hz (double, optional), loop (bool, default true), fit (string: "
            "stretch|letterbox, default \"letterbox\")\n"
            "  node_options: sentio.test.EveryTypeOptions\n"
            "Windows\n"
            "  inputs:  IMU (ImuBlock)\n"
            "  outputs: WINDOWS (ImuBlock), LABELS (SegmentLabel)\n"
            "  options: window_s (double, required), hop_s (double, default 0.5), name (string, "
            "default \"x\"), count (int, default 3), loop (bool, optional)\n");
}

}  // namespace
}  // namespace sentio
