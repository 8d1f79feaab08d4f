#include "common/log/json_log.h"

#include <string>
#include <vector>

#include "common/log/request_id.h"
#include "gtest/gtest.h"

namespace unioncard::log {
namespace {

class JsonLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetSinkForTesting(
        [this](const std::string& line) { lines_.push_back(line); });
    SetServiceName("member-svc");
  }
  void TearDown() override { SetSinkForTesting(nullptr); }
  std::vector<std::string> lines_;
};

TEST_F(JsonLogTest, LineIsOneJsonObjectWithRequestIdAndFields) {
  {
    RequestIdScope scope("req-42");
    Info("member registered", {{"member_id", 17}});
  }
  ASSERT_EQ(lines_.size(), 1u);
  const auto line = nlohmann::json::parse(lines_[0]);
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["service"], "member-svc");
  EXPECT_EQ(line["request_id"], "req-42");
  EXPECT_EQ(line["msg"], "member registered");
  EXPECT_EQ(line["member_id"], 17);
  EXPECT_EQ(lines_[0].find('\n'), std::string::npos);
}

TEST_F(JsonLogTest, RequestIdScopeRestoresThePreviousId) {
  RequestIdScope outer("outer");
  { RequestIdScope inner("inner"); }
  EXPECT_EQ(CurrentRequestId(), "outer");
}

TEST_F(JsonLogTest, InvalidUtf8AndNewlinesDoNotBreakTheLine) {
  Warn("bad\ninput", {{"raw", std::string("\xff\xfe")}});
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0].find('\n'), std::string::npos);
  EXPECT_NO_THROW(nlohmann::json::parse(lines_[0]));
}

TEST_F(JsonLogTest, LinesBelowTheMinimumLevelAreDropped) {
  SetMinimumLevel(Level::kWarning);
  Info("quiet");
  Error("loud");
  SetMinimumLevel(Level::kInfo);
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(lines_[0])["msg"], "loud");
}

TEST(RequestIdTest, NewIdsAreDistinctHex) {
  const std::string a = NewRequestId();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, NewRequestId());
}

}  // namespace
}  // namespace unioncard::log
