#include "member-svc/src/domain/access_policy.h"

#include "gtest/gtest.h"

namespace unioncard::member {
namespace {

auth::Principal Caller(auth::Role role, const std::string& path) {
  auth::Principal p;
  p.role = role;
  p.org_path = path;
  return p;
}

TEST(AccessPolicyTest, ScopeIsTheCallersSubtree) {
  AccessPolicy policy;
  auto county = Caller(auth::Role::kCountyStaff, "/city/cangxian/");
  EXPECT_TRUE(policy.CheckRead(county, "/city/cangxian/cangxian-g0001/").ok());
  EXPECT_EQ(policy.CheckRead(county, "/city/qingxian/qingxian-g0001/").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(policy.CheckWrite(county, "/city/cangxian/cangxian-g0001/").ok());
}

TEST(AccessPolicyTest, RolesDecideTheKindOfAccess) {
  AccessPolicy policy;
  const std::string path = "/city/cangxian/cangxian-g0001/";
  auto auditor = Caller(auth::Role::kAuditor, "/city/");
  EXPECT_TRUE(policy.CheckRead(auditor, path).ok());
  EXPECT_EQ(policy.CheckWrite(auditor, path).code(),
            absl::StatusCode::kPermissionDenied);
  auto grassroots =
      Caller(auth::Role::kGrassrootsStaff, "/city/cangxian/cangxian-g0001/");
  EXPECT_TRUE(policy.CheckWrite(grassroots, path).ok());
  EXPECT_EQ(policy.CheckReveal(grassroots, path).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(policy.CheckManageOrgs(grassroots, "/city/cangxian/").code(),
            absl::StatusCode::kPermissionDenied);
  auto member = Caller(auth::Role::kMember, "/city/");
  EXPECT_EQ(policy.CheckRead(member, path).code(),
            absl::StatusCode::kPermissionDenied);
  auto assessor = Caller(auth::Role::kAssessor, "/city/");
  EXPECT_TRUE(policy.CheckCount(assessor, "/city/").ok());
  EXPECT_EQ(policy.CheckRead(assessor, path).code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(AccessPolicyTest, RevealRolesAreConfigurable) {
  AccessPolicy strict;
  strict.may_reveal = {auth::Role::kCityAdmin};
  EXPECT_EQ(strict
                .CheckReveal(Caller(auth::Role::kCountyStaff, "/city/x/"),
                             "/city/x/g/")
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(
      strict.CheckReveal(Caller(auth::Role::kCityAdmin, "/city/"), "/city/x/g/")
          .ok());
}

}  // namespace
}  // namespace unioncard::member
