#include "sensing/stage_registry.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sentio {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class NothingStage : public Stage {
 public:
  static StageContract Contract() { return {}; }
  absl::Status Process(StageContext& context) override {
    context.MarkSourceDone();
    return absl::OkStatus();
  }
};

SENTIO_REGISTER_STAGE(NothingStage);

StageFactory MakeNothing() {
  return [] { return std::make_unique<NothingStage>(); };
}

TEST(StageRegistryTest, MacroRegistersInGlobalRegistry) {
  absl::StatusOr<const StageType*> type = StageRegistry::Global().Find("NothingStage");
  ASSERT_TRUE(type.ok()) << type.status();
  EXPECT_NE((*type)->make(), nullptr);
}

TEST(StageRegistryTest, UnknownNameListsRegisteredOnes) {
  StageRegistry registry;
  registry.Register("B", {}, MakeNothing());
  registry.Register("A", {}, MakeNothing());
  EXPECT_THAT(registry.Names(), ElementsAre("A", "B"));
  absl::Status status = registry.Find("C").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("unknown stage type 'C'; registered: A, B"));
}

TEST(StageRegistryTest, SecondRegistrationMakesFindFail) {
  StageRegistry registry;
  EXPECT_TRUE(registry.Register("A", {}, MakeNothing()));
  EXPECT_FALSE(registry.Register("A", {}, MakeNothing()));
  EXPECT_THAT(registry.Find("A").status().message(), HasSubstr("registered twice"));
}

}  // namespace
}  // namespace sentio
