#include "card-svc/src/domain/card_access.h"

#include "absl/strings/str_cat.h"

namespace unioncard::card {

using auth::Role;

std::string CardOrgPath(const std::string& county_id,
                        const std::string& org_id) {
  if (org_id.empty() || org_id == county_id) {
    return absl::StrCat("/city/", county_id, "/");
  }
  return absl::StrCat("/city/", county_id, "/", org_id, "/");
}

absl::Status CardAccess::CheckRead(const auth::Principal& caller,
                                   const std::string& org_path,
                                   int64_t member_id) const {
  if (auth::IsMemberSelf(caller, member_id)) return absl::OkStatus();
  return auth::RequireRoleInScope(
      caller,
      {Role::kCityAdmin, Role::kCountyStaff, Role::kGrassrootsStaff,
       Role::kAssessor, Role::kAuditor, Role::kService},
      org_path, "read cards");
}

absl::Status CardAccess::CheckChange(const auth::Principal& caller,
                                     const std::string& org_path) const {
  return auth::RequireRoleInScope(caller,
                                  {Role::kCityAdmin, Role::kCountyStaff,
                                   Role::kGrassrootsStaff, Role::kService},
                                  org_path, "change cards");
}

absl::Status CardAccess::CheckReportLost(const auth::Principal& caller,
                                         const std::string& org_path,
                                         int64_t member_id) const {
  if (auth::IsMemberSelf(caller, member_id)) return absl::OkStatus();
  return CheckChange(caller, org_path);
}

absl::Status CardAccess::CheckIssueBatch(const auth::Principal& caller,
                                         const std::string& org_path) const {
  return auth::RequireRoleInScope(caller,
                                  {Role::kCityAdmin, Role::kCountyStaff},
                                  org_path, "create issuance batches");
}

absl::Status CardAccess::CheckStatistics(const auth::Principal& caller) const {
  return auth::RequireRoleInScope(
      caller,
      {Role::kCityAdmin, Role::kCountyStaff, Role::kAssessor, Role::kAuditor,
       Role::kService},
      caller.org_path, "read card statistics");
}

absl::Status CardAccess::CheckPayoutMaker(const auth::Principal& caller) const {
  return auth::RequireRoleInScope(caller,
                                  {Role::kCityAdmin, Role::kCountyStaff},
                                  caller.org_path, "create payout batches");
}

absl::Status CardAccess::CheckPayoutChecker(
    const auth::Principal& caller, const std::string& batch_org_path) const {
  return auth::RequireRoleInScope(caller,
                                  {Role::kCityAdmin, Role::kCountyStaff},
                                  batch_org_path, "approve payout batches");
}

absl::Status CardAccess::CheckReconcile(const auth::Principal& caller) const {
  return auth::RequireRoleInScope(
      caller, {Role::kCityAdmin, Role::kAuditor, Role::kService}, "/city/",
      "reconcile payouts with the bank");
}

absl::Status CardAccess::CheckInsuranceRoster(
    const auth::Principal& caller) const {
  return auth::RequireRoleInScope(
      caller, {Role::kCityAdmin, Role::kAuditor, Role::kService}, "/city/",
      "read the insurance roster");
}

}  // namespace unioncard::card
