#include "merchant-svc/src/domain/merchant_access.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace unioncard::merchant {

using auth::Role;

std::string OwnerPath(const std::string& owner_org_id) {
  if (owner_org_id == "city") return "/city/";
  return absl::StrCat("/city/", owner_org_id, "/");
}

absl::Status MerchantAccess::CheckManage(const auth::Principal& caller,
                                         const std::string& owner_path) const {
  return auth::RequireRoleInScope(caller,
                                  {Role::kCityAdmin, Role::kCountyStaff},
                                  owner_path, "manage merchants");
}

absl::Status MerchantAccess::CheckRead(const auth::Principal& caller,
                                       const std::string& owner_path) const {
  // Below the owner: the county's grassroots staff see its merchants.
  if (caller.role == Role::kGrassrootsStaff &&
      absl::StartsWith(caller.org_path, owner_path)) {
    return absl::OkStatus();
  }
  return auth::RequireRoleInScope(
      caller,
      {Role::kCityAdmin, Role::kCountyStaff, Role::kAssessor, Role::kAuditor,
       Role::kService},
      owner_path, "read merchant records");
}

absl::Status MerchantAccess::CheckList(const auth::Principal& caller,
                                       const std::string& owner_path) const {
  // A listing takes every merchant whose owner lies under `owner_path`, so
  // a grassroots clerk may list their county (or below), never the whole
  // city: "/city/" would hold every other county's merchants too.
  if (caller.role == Role::kGrassrootsStaff) {
    const bool county_or_below =
        std::count(owner_path.begin(), owner_path.end(), '/') >= 3;
    if (!county_or_below || !absl::StartsWith(caller.org_path, owner_path)) {
      return absl::PermissionDeniedError(
          "grassroots staff list their own county's merchants (org_id = the "
          "county)");
    }
    return absl::OkStatus();
  }
  return CheckRead(caller, owner_path);
}

absl::Status MerchantAccess::CheckCount(const auth::Principal& caller,
                                        const std::string& county_path) const {
  return auth::RequireRoleInScope(
      caller,
      {Role::kCityAdmin, Role::kCountyStaff, Role::kAssessor, Role::kAuditor,
       Role::kService},
      county_path, "count service items");
}

absl::Status MerchantAccess::CheckEvaluate(
    const auth::Principal& caller) const {
  return auth::RequireRoleInScope(caller, {Role::kCityAdmin, Role::kService},
                                  "/city/", "run the merchant evaluation");
}

absl::Status MerchantAccess::CheckReadOffers(
    const auth::Principal& caller) const {
  return auth::RequireRoleInScope(
      caller,
      {Role::kCityAdmin, Role::kAssessor, Role::kAuditor, Role::kCountyStaff,
       Role::kGrassrootsStaff, Role::kMember},
      caller.org_path, "read the union's offers and service items");
}

absl::Status MerchantAccess::CheckRate(const auth::Principal& caller) const {
  if (caller.role != Role::kMember) {
    return absl::PermissionDeniedError(
        "only members rate merchants (会员评议), with their own account");
  }
  return absl::OkStatus();
}

}  // namespace unioncard::merchant
