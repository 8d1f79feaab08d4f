#include "gateway/src/domain/password_rules.h"

#include "common/status/field_violations.h"
#include "gtest/gtest.h"

namespace unioncard::gateway {
namespace {

std::string FieldOf(const absl::Status& s) {
  auto v = status::FieldViolationsOf(s);
  return v.empty() ? "" : v[0].field;
}

TEST(PasswordRules, AcceptsALongUnrelatedPhrase) {
  EXPECT_TRUE(CheckNewPassword("wangfang", "Canal-Lantern-47-Orchid").ok());
}

TEST(PasswordRules, CountsCharactersNotBytes) {
  // Nine Chinese characters are 27 bytes but still too short.
  absl::Status s = CheckNewPassword("wangfang", "沧州运河新华区总工");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(s), "new_password");
}

TEST(PasswordRules, RefusesTheUsernameAndDictionaryWords) {
  EXPECT_FALSE(CheckNewPassword("wangfang", "xxWangFang2026!").ok());
  EXPECT_FALSE(CheckNewPassword("wangfang", "password123").ok());
  EXPECT_FALSE(CheckNewPassword("wangfang", "1234567890").ok());
  EXPECT_FALSE(CheckNewPassword("wangfang", "short").ok());
  EXPECT_FALSE(CheckNewPassword("wangfang", std::string(200, 'x')).ok());
}

}  // namespace
}  // namespace unioncard::gateway
