#include "member-svc/src/domain/access_policy.h"

#include <initializer_list>

#include "absl/strings/match.h"
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

absl::Status AccessPolicy::CheckReadMember(const auth::Principal& caller,
                                           int64_t member_id,
                                           const std::string& org_path) const {
  if (auth::IsMemberSelf(caller, member_id)) return absl::OkStatus();
  return CheckRead(caller, org_path);
}

absl::Status AccessPolicy::CheckUpdate(
    const auth::Principal& caller, int64_t member_id,
    const std::string& org_path, const std::vector<std::string>& fields) const {
  if (caller.role != Role::kMember) return CheckWrite(caller, org_path);
  if (auth::IsMemberSelf(caller, member_id) && fields.size() == 1 &&
      fields[0] == "mobile") {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "a member changes only their own mobile; ask the union for anything "
      "else");
}

absl::Status AccessPolicy::CheckVerifyContact(
    const auth::Principal& caller) const {
  return auth::RequireRoleInScope(caller, {Role::kService}, "/city/",
                                  "check members' contact details");
}

absl::Status AccessPolicy::CheckAskForHelp(const auth::Principal& caller,
                                           int64_t member_id) const {
  if (auth::IsMemberSelf(caller, member_id)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "only a member asks for help, for themselves (member_id must be the "
      "signed-in member)");
}

absl::Status AccessPolicy::CheckHelpQueue(
    const auth::Principal& caller, const std::string& county_path) const {
  return auth::RequireRoleInScope(caller,
                                  {Role::kCityAdmin, Role::kCountyStaff},
                                  county_path, "handle help requests");
}

absl::Status AccessPolicy::CheckPublishNotice(
    const auth::Principal& caller, const std::string& owner_path) const {
  return auth::RequireRoleInScope(caller,
                                  {Role::kCityAdmin, Role::kCountyStaff},
                                  owner_path, "publish notices");
}

absl::Status AccessPolicy::CheckReadNotices(
    const auth::Principal& caller, const std::string& county_path) const {
  // Members and grassroots staff of the county sit below its path.
  if ((caller.role == Role::kMember || caller.role == Role::kGrassrootsStaff ||
       caller.role == Role::kCountyStaff) &&
      absl::StartsWith(caller.org_path, county_path)) {
    return absl::OkStatus();
  }
  return auth::RequireRoleInScope(
      caller,
      {Role::kCityAdmin, Role::kCountyStaff, Role::kAssessor, Role::kAuditor},
      county_path, "read this county's notices");
}

}  // namespace unioncard::member
