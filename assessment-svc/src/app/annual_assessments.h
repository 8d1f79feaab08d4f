#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_APP_ANNUAL_ASSESSMENTS_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_APP_ANNUAL_ASSESSMENTS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "assessment-svc/src/app/year_inputs.h"
#include "assessment-svc/src/domain/assessment_access.h"
#include "assessment-svc/src/domain/assessment_workflow.h"
#include "assessment-svc/src/domain/scoring_policy.h"
#include "assessment-svc/src/domain/year_assessment.h"
#include "assessment-svc/src/store/assessment_store.h"
#include "common/auth/principal.h"

namespace unioncard::assessment {

// How a computed revision's inputs and result are kept: as JSON of the
// API's messages (so a revision's inputs can be sent back to
// SimulateAssessment as they are). The API layer implements it.
class RevisionEncoder {
 public:
  virtual ~RevisionEncoder() = default;
  virtual absl::StatusOr<std::string> Inputs(
      int year, const std::vector<UnitYearInputs>& units) const = 0;
  virtual absl::StatusOr<std::string> Result(
      const YearAssessment& scored) const = 0;
};

// A revision as its reader may see it, with the workflow's history and
// the year's revisions.
struct AssessmentView {
  AssessmentRecord record;
  std::vector<StepRecord> history;
  std::vector<int> revisions;
};

// The live annual assessment (docs/rules.md §6.5–§6.9): the city computes
// a draft from the counters, merchant-svc and the assessors' entries; the
// leading group reviews (the inputs lock), approves, the city publishes
// (frozen); a correction opens a new revision. And the simulation (§6.11),
// the same computation on given inputs.
class AnnualAssessments {
 public:
  AnnualAssessments(YearInputSources inputs, AssessmentStore* assessments,
                    const RevisionEncoder* encoder, ScoringPolicy policy,
                    std::function<absl::CivilDay()> today,
                    std::function<absl::Time()> clock = absl::Now,
                    AssessmentAccess access = {})
      : inputs_(inputs),
        assessments_(assessments),
        encoder_(encoder),
        policy_(policy),
        today_(std::move(today)),
        clock_(std::move(clock)),
        access_(access) {}

  // Computes (or recomputes) the year's draft; the year must have ended.
  absl::StatusOr<AssessmentView> Compute(const auth::Principal& caller,
                                         int year) const;

  // Takes `step` on `revision`, which must be the latest; a retried step
  // changes nothing.
  absl::StatusOr<AssessmentView> Advance(const auth::Principal& caller,
                                         int year, WorkflowStep step,
                                         int revision,
                                         const std::string& note) const;

  // `revision` 0: the latest the caller may read.
  absl::StatusOr<AssessmentView> Get(const auth::Principal& caller, int year,
                                     int revision) const;

  // Scores inputs the caller gives, storing nothing.
  absl::StatusOr<YearAssessment> Simulate(
      const auth::Principal& caller, int year,
      const std::vector<UnitYearInputs>& units) const;

 private:
  // A revision computed now from the current inputs (not yet stored).
  absl::StatusOr<AssessmentRecord> ComputeRevision(
      const auth::Principal& caller, int year, int revision) const;
  absl::StatusOr<AssessmentView> View(AssessmentRecord record) const;

  YearInputSources inputs_;
  AssessmentStore* assessments_;
  const RevisionEncoder* encoder_;
  ScoringPolicy policy_;
  std::function<absl::CivilDay()> today_;
  std::function<absl::Time()> clock_;
  AssessmentAccess access_;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_APP_ANNUAL_ASSESSMENTS_H_
