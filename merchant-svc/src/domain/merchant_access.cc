#include "merchant-svc/src/domain/merchant_access.h"

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

absl::Status MerchantAccess::CheckRate(const auth::Principal& caller) const {
  if (caller.role != Role::kMember) {
    return absl::PermissionDeniedError(
        "only members rate merchants (会员评议), with their own account");
  }
  return absl::OkStatus();
}

}  // namespace unioncard::merchant
