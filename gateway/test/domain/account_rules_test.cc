#include "gateway/src/domain/account_rules.h"

#include "gtest/gtest.h"

namespace unioncard::gateway {
namespace {

using auth::Role;

auth::Principal As(Role role, const std::string& path) {
  auth::Principal p;
  p.role = role;
  p.org_path = path;
  p.subject = "someone";
  return p;
}

TEST(AccountRules, RolesBelongToTheirLevel) {
  EXPECT_TRUE(CheckRoleFitsPath(Role::kCityAdmin, "/city/").ok());
  EXPECT_TRUE(CheckRoleFitsPath(Role::kAuditor, "/city/").ok());
  EXPECT_TRUE(CheckRoleFitsPath(Role::kCountyStaff, "/city/xinhua/").ok());
  EXPECT_TRUE(
      CheckRoleFitsPath(Role::kGrassrootsStaff, "/city/xinhua/g1/").ok());
  EXPECT_FALSE(CheckRoleFitsPath(Role::kCountyStaff, "/city/").ok());
  EXPECT_FALSE(CheckRoleFitsPath(Role::kCityAdmin, "/city/xinhua/").ok());
  EXPECT_FALSE(CheckRoleFitsPath(Role::kService, "/city/").ok());
  EXPECT_FALSE(CheckRoleFitsPath(Role::kMember, "/city/x/g/").ok());
}

TEST(AccountRules, TheCityCreatesCityAndCountyAccounts) {
  auto city = As(Role::kCityAdmin, "/city/");
  EXPECT_TRUE(MayCreateAccount(city, Role::kCityAdmin, "/city/").ok());
  EXPECT_TRUE(MayCreateAccount(city, Role::kAuditor, "/city/").ok());
  EXPECT_TRUE(MayCreateAccount(city, Role::kCountyStaff, "/city/xinhua/").ok());
}

TEST(AccountRules, CountyStaffCreateClerksInTheirCountyOnly) {
  auto county = As(Role::kCountyStaff, "/city/xinhua/");
  EXPECT_TRUE(
      MayCreateAccount(county, Role::kGrassrootsStaff, "/city/xinhua/g1/")
          .ok());
  EXPECT_EQ(MayCreateAccount(county, Role::kGrassrootsStaff, "/city/yunhe/g1/")
                .code(),
            absl::StatusCode::kPermissionDenied);
  // Never wider than one's own: no county or city accounts.
  EXPECT_EQ(
      MayCreateAccount(county, Role::kCountyStaff, "/city/xinhua/").code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(MayCreateAccount(county, Role::kCityAdmin, "/city/").code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(AccountRules, OthersCreateNobody) {
  for (Role r : {Role::kGrassrootsStaff, Role::kAssessor, Role::kAuditor}) {
    auto caller = As(r, r == Role::kGrassrootsStaff ? "/city/x/g1/" : "/city/");
    EXPECT_EQ(
        MayCreateAccount(caller, Role::kGrassrootsStaff, "/city/x/g1/").code(),
        absl::StatusCode::kPermissionDenied);
  }
  // A city_admin role on a county path is not the city.
  auto odd = As(Role::kCityAdmin, "/city/xinhua/");
  EXPECT_FALSE(
      MayCreateAccount(odd, Role::kGrassrootsStaff, "/city/xinhua/g1/").ok());
}

TEST(AccountRules, NobodyManagesTheirOwnAccount) {
  auto city = As(Role::kCityAdmin, "/city/");
  EXPECT_EQ(MayManageAccount(city, "admin", "admin", Role::kCityAdmin, "/city/")
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(
      MayManageAccount(city, "admin", "other", Role::kCityAdmin, "/city/")
          .ok());
}

TEST(AccountRules, Usernames) {
  EXPECT_TRUE(CheckUsername("wang.fang-01").ok());
  EXPECT_FALSE(CheckUsername("ab").ok());
  EXPECT_FALSE(CheckUsername("1abc").ok());
  EXPECT_FALSE(CheckUsername("Wang").ok());
  EXPECT_FALSE(CheckUsername("wang fang").ok());
  EXPECT_FALSE(CheckUsername(std::string(33, 'a')).ok());
}

}  // namespace
}  // namespace unioncard::gateway
