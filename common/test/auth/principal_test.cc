#include "common/auth/principal.h"

#include "gtest/gtest.h"

namespace unioncard::auth {
namespace {

TEST(PrincipalTest, CoversOwnUnitAndUnitsBelowOnly) {
  Principal county;
  county.org_path = "/city/cangxian/";
  EXPECT_TRUE(county.Covers("/city/cangxian/"));
  EXPECT_TRUE(county.Covers("/city/cangxian/g1234/"));
  EXPECT_FALSE(county.Covers("/city/"));
  EXPECT_FALSE(county.Covers("/city/qingxian/g1/"));
  // A sibling whose id merely starts the same is not below.
  EXPECT_FALSE(county.Covers("/city/cangxian2/"));
}

TEST(PrincipalTest, MalformedPathsCoverNothing) {
  Principal p;
  p.org_path = "/city/";
  EXPECT_FALSE(p.Covers("/city//"));
  EXPECT_FALSE(p.Covers("city/x/"));
  EXPECT_FALSE(p.Covers("/city/X Y/"));
  p.org_path = "";
  EXPECT_FALSE(p.Covers("/city/"));
}

TEST(PrincipalTest, RoleNamesRoundTrip) {
  for (Role r : {Role::kCityAdmin, Role::kCountyStaff, Role::kGrassrootsStaff,
                 Role::kAssessor, Role::kAuditor, Role::kPartnerBank,
                 Role::kMember, Role::kService}) {
    EXPECT_EQ(*ParseRole(RoleName(r)), r);
  }
  EXPECT_EQ(ParseRole("root").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace unioncard::auth
