#include "assessment-svc/src/domain/assessment_access.h"

#include "absl/strings/str_cat.h"

namespace unioncard::assessment {

using auth::Role;

absl::Status AssessmentAccess::CheckRead(const auth::Principal& caller) const {
  if (caller.role == Role::kMember || caller.role == Role::kPartnerBank ||
      caller.role == Role::kUnspecified) {
    return absl::PermissionDeniedError(absl::StrCat(
        auth::AccountOf(caller.role), " may not read assessment figures"));
  }
  return absl::OkStatus();
}

absl::Status AssessmentAccess::CheckEnterItems(
    const auth::Principal& caller, const std::string& action) const {
  return auth::RequireRoleInScope(caller, {Role::kAssessor, Role::kCityAdmin},
                                  caller.org_path, action);
}

absl::Status AssessmentAccess::CheckSimulate(
    const auth::Principal& caller) const {
  return auth::RequireRoleInScope(
      caller, {Role::kAssessor, Role::kCityAdmin, Role::kService},
      caller.org_path, "run assessment simulations");
}

absl::Status AssessmentAccess::CheckDraftPlans(
    const auth::Principal& caller, const std::string& action) const {
  return auth::RequireRoleInScope(caller, {Role::kCityAdmin}, caller.org_path,
                                  action);
}

absl::Status AssessmentAccess::CheckApprovePlans(
    const auth::Principal& caller) const {
  return auth::RequireRoleInScope(caller, {Role::kCityAdmin, Role::kAssessor},
                                  caller.org_path, "approve plans");
}

absl::Status AssessmentAccess::CheckNotMaker(
    const auth::Principal& caller, const std::string& plan_maker) const {
  // Maker-checker: targets bind every county for years.
  if (plan_maker == caller.subject) {
    return absl::PermissionDeniedError("the maker of a plan cannot approve it");
  }
  return absl::OkStatus();
}

bool AssessmentAccess::SeesPublishedOnly(const auth::Principal& caller) const {
  return caller.role == Role::kCountyStaff ||
         caller.role == Role::kGrassrootsStaff;
}

}  // namespace unioncard::assessment
