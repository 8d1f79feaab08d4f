#include "member-svc/src/domain/access_policy.h"

#include <initializer_list>

#include "absl/strings/str_cat.h"

namespace unioncard::member {
namespace {

using auth::Role;

absl::Status Require(const auth::Principal& caller,
                     std::initializer_list<Role> roles,
                     const std::string& org_path, const char* what) {
  bool role_ok = false;
  for (Role r : roles) role_ok = role_ok || caller.role == r;
  if (!role_ok) {
    return absl::PermissionDeniedError(absl::StrCat(
        "a ", auth::RoleName(caller.role), " account may not ", what));
  }
  if (!caller.Covers(org_path)) {
    return absl::PermissionDeniedError(absl::StrCat(
        org_path, " is outside your unit ", caller.org_path, "; you may only ",
        what, " in your unit and the units under it"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status AccessPolicy::CheckRead(const auth::Principal& caller,
                                     const std::string& org_path) const {
  return Require(caller,
                 {Role::kCityAdmin, Role::kCountyStaff, Role::kGrassrootsStaff,
                  Role::kAuditor, Role::kService},
                 org_path, "read member records");
}

absl::Status AccessPolicy::CheckWrite(const auth::Principal& caller,
                                      const std::string& org_path) const {
  return Require(caller,
                 {Role::kCityAdmin, Role::kCountyStaff, Role::kGrassrootsStaff},
                 org_path, "change member records");
}

absl::Status AccessPolicy::CheckReveal(const auth::Principal& caller,
                                       const std::string& org_path) const {
  if (may_reveal.count(caller.role) == 0) {
    return absl::PermissionDeniedError(
        absl::StrCat("a ", auth::RoleName(caller.role),
                     " account may not see ID numbers or mobiles in clear"));
  }
  return CheckRead(caller, org_path);
}

absl::Status AccessPolicy::CheckManageOrgs(
    const auth::Principal& caller, const std::string& parent_path) const {
  return Require(caller, {Role::kCityAdmin, Role::kCountyStaff}, parent_path,
                 "manage grassroots unions");
}

absl::Status AccessPolicy::CheckReadOrgTree(
    const auth::Principal& caller) const {
  return Require(caller,
                 {Role::kCityAdmin, Role::kCountyStaff, Role::kGrassrootsStaff,
                  Role::kAssessor, Role::kAuditor, Role::kService},
                 caller.org_path, "read the union directory");
}

absl::Status AccessPolicy::CheckCount(const auth::Principal& caller,
                                      const std::string& org_path) const {
  return Require(caller,
                 {Role::kCityAdmin, Role::kCountyStaff, Role::kAssessor,
                  Role::kAuditor, Role::kService},
                 org_path, "count members");
}

}  // namespace unioncard::member
