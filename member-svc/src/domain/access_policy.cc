#include "member-svc/src/domain/access_policy.h"

#include <initializer_list>

#include "absl/strings/str_cat.h"

namespace unioncard::member {
using auth::Role;

absl::Status AccessPolicy::CheckRead(const auth::Principal& caller,
                                     const std::string& org_path) const {
  return auth::RequireRoleInScope(
      caller,
      {Role::kCityAdmin, Role::kCountyStaff, Role::kGrassrootsStaff,
       Role::kAuditor, Role::kService},
      org_path, "read member records");
}

absl::Status AccessPolicy::CheckWrite(const auth::Principal& caller,
                                      const std::string& org_path) const {
  return auth::RequireRoleInScope(
      caller, {Role::kCityAdmin, Role::kCountyStaff, Role::kGrassrootsStaff},
      org_path, "change member records");
}

absl::Status AccessPolicy::CheckReveal(const auth::Principal& caller,
                                       const std::string& org_path) const {
  if (may_reveal.count(caller.role) == 0) {
    return absl::PermissionDeniedError(
        absl::StrCat(auth::AccountOf(caller.role),
                     " may not see ID numbers or mobiles in clear"));
  }
  return CheckRead(caller, org_path);
}

absl::Status AccessPolicy::CheckManageOrgs(
    const auth::Principal& caller, const std::string& parent_path) const {
  return auth::RequireRoleInScope(caller,
                                  {Role::kCityAdmin, Role::kCountyStaff},
                                  parent_path, "manage grassroots unions");
}

absl::Status AccessPolicy::CheckReadOrgTree(
    const auth::Principal& caller) const {
  return auth::RequireRoleInScope(
      caller,
      {Role::kCityAdmin, Role::kCountyStaff, Role::kGrassrootsStaff,
       Role::kAssessor, Role::kAuditor, Role::kService},
      caller.org_path, "read the union directory");
}

absl::Status AccessPolicy::CheckCount(const auth::Principal& caller,
                                      const std::string& org_path) const {
  return auth::RequireRoleInScope(
      caller,
      {Role::kCityAdmin, Role::kCountyStaff, Role::kAssessor, Role::kAuditor,
       Role::kService},
      org_path, "count members");
}

}  // namespace unioncard::member
