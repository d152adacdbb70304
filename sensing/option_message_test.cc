#include "sensing/option_message.h"

#include "gmock/gmock.h"
#include "google/protobuf/any.pb.h"
#include "gtest/gtest.h"
#include "sensing/fake_stage_context.h"
#include "sensing/option_message_test.pb.h"
#include "sensing/stage_registry.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(OptionSpecsOfTest, MapsEveryScalarFieldType) {
  absl::StatusOr<std::vector<OptionSpec>> specs =
      OptionSpecsOf(*test::EveryTypeOptions::descriptor());
  ASSERT_TRUE(specs.ok()) << specs.status();
  ASSERT_EQ(specs->size(), 9u);
  const std::vector<OptionSpec>& s = *specs;
  EXPECT_EQ(s[0].name, "path");
  EXPECT_EQ(s[0].type, OptionType::kString);
  EXPECT_TRUE(s[0].required);
  EXPECT_FALSE(s[0].default_value);
  EXPECT_EQ(s[1].type, OptionType::kInt);
  EXPECT_EQ(std::get<int64_t>(*s[1].default_value), 3);
  EXPECT_EQ(s[1].min_int, INT32_MIN);
  EXPECT_EQ(s[1].max_int, INT32_MAX);
  EXPECT_EQ(s[2].type, OptionType::kInt);
  EXPECT_EQ(s[2].min_int, INT64_MIN);
  EXPECT_FALSE(s[2].default_value);
  EXPECT_EQ(s[3].min_int, 0);
  EXPECT_EQ(s[3].max_int, UINT32_MAX);
  EXPECT_EQ(s[4].min_int, 0);
  EXPECT_EQ(s[4].max_int, INT64_MAX);
  EXPECT_EQ(s[5].type, OptionType::kDouble);
  EXPECT_EQ(std::get<double>(*s[5].default_value), 0.5);
  EXPECT_EQ(s[6].type, OptionType::kDouble);
  EXPECT_EQ(s[7].type, OptionType::kBool);
  EXPECT_TRUE(std::get<bool>(*s[7].default_value));
  EXPECT_EQ(s[8].type, OptionType::kString);
  EXPECT_THAT(s[8].choices, ElementsAre("stretch", "letterbox"));
  EXPECT_EQ(std::get<std::string>(*s[8].default_value), "letterbox");
}

TEST(OptionSpecsOfTest, RefusesFieldsThatAreNotSingleScalars) {
  EXPECT_THAT(OptionSpecsOf(*test::RepeatedFieldOptions::descriptor()).status().message(),
              HasSubstr("field 'sizes' is repeated"));
  EXPECT_THAT(OptionSpecsOf(*test::MessageFieldOptions::descriptor()).status().message(),
              HasSubstr("field 'inner' is a message"));
  EXPECT_THAT(OptionSpecsOf(*test::RequiredWithDefaultOptions::descriptor()).status().message(),
              HasSubstr("field 'count' is required and has a default"));
}

TEST(OptionSpecsOfTest, RefusesProto3Messages) {
  // A proto3 message has no defaults and no presence for scalars.
  EXPECT_THAT(OptionSpecsOf(*google::protobuf::Any::descriptor()).status().message(),
              HasSubstr("must be proto2"));
}

class EveryTypeStage : public Stage {
 public:
  static StageContract Contract() {
    StageContract contract;
    contract.options_message = test::EveryTypeOptions::descriptor();
    return contract;
  }
  absl::Status Process(StageContext&) override { return absl::OkStatus(); }
};
SENTIO_REGISTER_STAGE(EveryTypeStage);

TEST(StageOptionsTest, FillsWhatIsSetOrDefaultedAndLeavesTheRestUnset) {
  auto stage = FakeStageContext::ForStage("EveryTypeStage", {{"path", std::string("a.wav")},
                                                             {"size", int64_t{4000000000}},
                                                             {"scale", 0.25},
                                                             {"fit", std::string("stretch")}});
  ASSERT_TRUE(stage.ok()) << stage.status();
  const test::EveryTypeOptions options = StageOptions<test::EveryTypeOptions>(*stage->second);
  EXPECT_EQ(options.path(), "a.wav");
  EXPECT_EQ(options.count(), 3);
  EXPECT_EQ(options.size(), 4000000000u);
  EXPECT_EQ(options.scale(), 0.25f);
  EXPECT_TRUE(options.loop());
  EXPECT_EQ(options.fit(), test::EveryTypeOptions::stretch);
  EXPECT_FALSE(options.has_offset_us());
  EXPECT_FALSE(options.has_rate_hz());
  EXPECT_FALSE(options.has_bytes());
}

class IdleStage : public Stage {
 public:
  absl::Status Process(StageContext&) override { return absl::OkStatus(); }
};

TEST(StageRegistryOptionsTest, DerivesOptionsFromTheMessageOrRefusesTheStage) {
  StageRegistry registry;
  StageContract good;
  good.options_message = test::EveryTypeOptions::descriptor();
  EXPECT_TRUE(registry.Register("Good", good, [] { return std::make_unique<IdleStage>(); }));
  StageContract bad;
  bad.options_message = test::RepeatedFieldOptions::descriptor();
  EXPECT_FALSE(registry.Register("Bad", bad, [] { return std::make_unique<IdleStage>(); }));

  absl::StatusOr<const StageType*> found = registry.Find("Good");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ((*found)->contract.options.size(), 9u);
  EXPECT_THAT(registry.Find("Bad").status().message(),
              HasSubstr("stage type 'Bad' cannot be registered: options message "
                        "sentio.test.RepeatedFieldOptions: field 'sizes' is repeated"));
  EXPECT_THAT(registry.Names(), ElementsAre("Bad", "Good"));
}

}  // namespace
}  // namespace sentio
