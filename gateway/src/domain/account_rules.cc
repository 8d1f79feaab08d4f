#include "gateway/src/domain/account_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"

namespace unioncard::gateway {
namespace {

using auth::Role;

int Depth(absl::string_view org_path) {
  return static_cast<int>(std::count(org_path.begin(), org_path.end(), '/')) -
         1;
}

int DepthOf(Role role) {
  switch (role) {
    case Role::kCityAdmin:
    case Role::kAssessor:
    case Role::kAuditor:
      return 1;
    case Role::kCountyStaff:
      return 2;
    case Role::kGrassrootsStaff:
      return 3;
    default:
      return 0;
  }
}

const char* LevelName(int depth) {
  switch (depth) {
    case 1:
      return "the city federation";
    case 2:
      return "a county-level union";
    case 3:
      return "a grassroots union";
    default:
      return "no org level";
  }
}

}  // namespace

bool IsStaffRole(Role role) { return DepthOf(role) > 0; }

absl::Status CheckRoleFitsPath(Role role, absl::string_view org_path) {
  if (!IsStaffRole(role)) {
    return status::InvalidField(
        "role",
        "must be city_admin, county_staff, grassroots_staff, "
        "assessor or auditor");
  }
  if (!auth::IsValidOrgPath(org_path) || Depth(org_path) != DepthOf(role)) {
    return status::InvalidField(
        "org_id", absl::StrCat("a ", auth::RoleName(role),
                               " account belongs to ", LevelName(DepthOf(role)),
                               ", not to ", LevelName(Depth(org_path))));
  }
  return absl::OkStatus();
}

absl::Status MayCreateAccount(const auth::Principal& caller, Role role,
                              absl::string_view org_path) {
  const bool allowed =
      (caller.role == Role::kCityAdmin && Depth(caller.org_path) == 1) ||
      (caller.role == Role::kCountyStaff && role == Role::kGrassrootsStaff);
  if (!allowed) {
    return absl::PermissionDeniedError(
        absl::StrCat(auth::AccountOf(caller.role), " may not create ",
                     auth::AccountOf(role)));
  }
  if (!caller.Covers(org_path)) {
    return absl::PermissionDeniedError(
        absl::StrCat("accounts can only be made inside your own unit (",
                     caller.org_path, ")"));
  }
  return absl::OkStatus();
}

absl::Status MayManageAccount(const auth::Principal& caller,
                              absl::string_view caller_username,
                              absl::string_view target_username,
                              Role target_role,
                              absl::string_view target_org_path) {
  if (caller_username == target_username) {
    return absl::PermissionDeniedError(
        "you may not disable, reset or unlock your own account; ask another "
        "administrator");
  }
  return MayCreateAccount(caller, target_role, target_org_path);
}

absl::Status CheckUsername(absl::string_view username) {
  bool ok = username.size() >= 3 && username.size() <= 32 &&
            username[0] >= 'a' && username[0] <= 'z';
  for (char c : username) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                c == '_' || c == '-');
  }
  if (!ok) {
    return status::InvalidField(
        "username",
        "must be 3–32 of a-z, 0-9, '.', '_' or '-', starting "
        "with a letter");
  }
  return absl::OkStatus();
}

bool MayRevealPersonalData(Role role) {
  return role == Role::kCityAdmin || role == Role::kCountyStaff;
}

}  // namespace unioncard::gateway
