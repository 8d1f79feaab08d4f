#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_ASSESSMENT_WORKFLOW_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_ASSESSMENT_WORKFLOW_H_

#include <optional>
#include <set>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"

namespace unioncard::assessment {

// docs/rules.md §6.9: the promotion office (推进办公室) computes the draft, the
// leading group (领导小组) reviews it, the chairman meeting (主席会议)
// approves it, then it is published and frozen. A correction starts a new
// revision as a draft; the old revision is kept as it was.
enum class AssessmentState {
  kDraft = 1,
  kReviewed = 2,  // inputs are locked from here on
  kApproved = 3,
  kPublished = 4,  // frozen
};

enum class WorkflowStep {
  kRecompute = 1,  // draft only: recompute from current inputs
  kReview = 2,
  kApprove = 3,
  kPublish = 4,
  kSendBack = 5,  // reviewed or approved → draft (same revision)
  kCorrect = 6,   // published → a new revision in draft
};

const char* AssessmentStateName(AssessmentState state);
const char* WorkflowStepName(WorkflowStep step);

// Who may take each step (docs/rules.md §6.10 gives review and approval to the
// assessors / leading group; the city admin runs the promotion office).
struct WorkflowPolicy {
  std::set<auth::Role> compute = {auth::Role::kCityAdmin};
  std::set<auth::Role> review = {auth::Role::kAssessor};
  std::set<auth::Role> approve = {auth::Role::kAssessor};
  std::set<auth::Role> publish = {auth::Role::kCityAdmin};
};

struct AssessmentRevision {
  int revision = 1;
  AssessmentState state = AssessmentState::kDraft;
};

// The revision after `step`: the same revision in a new state, or — for a
// correction — revision + 1 in DRAFT (the caller stores it beside the old
// one). PERMISSION_DENIED for a role that may not take the step;
// FAILED_PRECONDITION naming the state for a step not allowed from it.
absl::StatusOr<AssessmentRevision> ApplyWorkflowStep(
    const AssessmentRevision& current, WorkflowStep step, auth::Role role,
    const WorkflowPolicy& policy = {});

// PERMISSION_DENIED unless `role` may take `step` at all, whatever the
// state: checked before the assessment is looked up, so a caller who may
// not act learns nothing of whether one exists.
absl::Status CheckMayTakeStep(WorkflowStep step, auth::Role role,
                              const WorkflowPolicy& policy = {});

// The state a step leads to when it moves the state forward (review,
// approve, publish); nullopt for the others. Tells a retried step from an
// illegal one.
std::optional<AssessmentState> StateAfter(WorkflowStep step);

// Whether regular items and other inputs may still change.
bool InputsEditable(AssessmentState state);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_ASSESSMENT_WORKFLOW_H_
