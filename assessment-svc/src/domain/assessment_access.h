#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_ASSESSMENT_ACCESS_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_ASSESSMENT_ACCESS_H_

#include <string>

#include "absl/status/status.h"
#include "common/auth/principal.h"

namespace unioncard::assessment {

// Who may see and do what with targets and the assessment
// (docs/rules.md §6.10). The workflow's steps are decided by
// `CheckMayTakeStep` (assessment_workflow.h).
class AssessmentAccess {
 public:
  // Bulletins, rankings, plans, series and assessments are published to
  // every union: all staff roles, assessors, auditors and services read
  // them; members and the bank do not.
  absl::Status CheckRead(const auth::Principal& caller) const;
  // Regular items and incidents: assessors and the city. `action` names
  // the act in the refusal.
  absl::Status CheckEnterItems(const auth::Principal& caller,
                               const std::string& action) const;
  // The simulation, a planning tool for the leading group and the city.
  absl::Status CheckSimulate(const auth::Principal& caller) const;
  // Generating and editing plans: the city.
  absl::Status CheckDraftPlans(const auth::Principal& caller,
                               const std::string& action) const;
  // Approving plans: the city or an assessor ...
  absl::Status CheckApprovePlans(const auth::Principal& caller) const;
  // ... who did not make the plan (maker-checker).
  absl::Status CheckNotMaker(const auth::Principal& caller,
                             const std::string& plan_maker) const;
  // County and grassroots staff read published revisions only, without
  // the leading group's notes.
  bool SeesPublishedOnly(const auth::Principal& caller) const;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_ASSESSMENT_ACCESS_H_
