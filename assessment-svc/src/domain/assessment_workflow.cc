#include "assessment-svc/src/domain/assessment_workflow.h"

#include "absl/strings/str_cat.h"

namespace unioncard::assessment {

const char* AssessmentStateName(AssessmentState state) {
  switch (state) {
    case AssessmentState::kDraft:
      return "DRAFT";
    case AssessmentState::kReviewed:
      return "REVIEWED";
    case AssessmentState::kApproved:
      return "APPROVED";
    case AssessmentState::kPublished:
      return "PUBLISHED";
  }
  return "UNKNOWN";
}

const char* WorkflowStepName(WorkflowStep step) {
  switch (step) {
    case WorkflowStep::kRecompute:
      return "recompute";
    case WorkflowStep::kReview:
      return "review";
    case WorkflowStep::kApprove:
      return "approve";
    case WorkflowStep::kPublish:
      return "publish";
    case WorkflowStep::kSendBack:
      return "send back";
    case WorkflowStep::kCorrect:
      return "correct";
  }
  return "unknown";
}

std::optional<AssessmentState> StateAfter(WorkflowStep step) {
  switch (step) {
    case WorkflowStep::kReview:
      return AssessmentState::kReviewed;
    case WorkflowStep::kApprove:
      return AssessmentState::kApproved;
    case WorkflowStep::kPublish:
      return AssessmentState::kPublished;
    default:
      return std::nullopt;
  }
}

bool InputsEditable(AssessmentState state) {
  return state == AssessmentState::kDraft;
}

namespace {

absl::Status MayNotTake(WorkflowStep step, auth::Role role) {
  return absl::PermissionDeniedError(
      absl::StrCat(auth::AccountOf(role), " may not ", WorkflowStepName(step),
                   " an assessment"));
}

}  // namespace

absl::Status CheckMayTakeStep(WorkflowStep step, auth::Role role,
                              const WorkflowPolicy& policy) {
  const std::set<auth::Role>& allowed =
      step == WorkflowStep::kRecompute || step == WorkflowStep::kCorrect
          ? policy.compute
      : step == WorkflowStep::kReview || step == WorkflowStep::kSendBack
          ? policy.review
      : step == WorkflowStep::kApprove ? policy.approve
                                       : policy.publish;
  return allowed.count(role) > 0 ? absl::OkStatus() : MayNotTake(step, role);
}

absl::StatusOr<AssessmentRevision> ApplyWorkflowStep(
    const AssessmentRevision& current, WorkflowStep step, auth::Role role,
    const WorkflowPolicy& policy) {
  using S = AssessmentState;
  const std::set<auth::Role>* allowed = nullptr;
  S from_a = S::kDraft, from_b = S::kDraft;
  AssessmentRevision next = current;
  switch (step) {
    case WorkflowStep::kRecompute:
      allowed = &policy.compute;
      next.state = S::kDraft;
      break;
    case WorkflowStep::kReview:
      allowed = &policy.review;
      next.state = *StateAfter(step);
      break;
    case WorkflowStep::kApprove:
      allowed = &policy.approve;
      from_a = from_b = S::kReviewed;
      next.state = *StateAfter(step);
      break;
    case WorkflowStep::kPublish:
      allowed = &policy.publish;
      from_a = from_b = S::kApproved;
      next.state = *StateAfter(step);
      break;
    case WorkflowStep::kSendBack:
      allowed = &policy.review;
      from_a = S::kReviewed;
      from_b = S::kApproved;
      next.state = S::kDraft;
      break;
    case WorkflowStep::kCorrect:
      allowed = &policy.compute;
      from_a = from_b = S::kPublished;
      next.state = S::kDraft;
      next.revision = current.revision + 1;
      break;
  }
  if (allowed->count(role) == 0) return MayNotTake(step, role);
  if (current.state != from_a && current.state != from_b) {
    return absl::FailedPreconditionError(
        absl::StrCat("revision ", current.revision, " is ",
                     AssessmentStateName(current.state), "; cannot ",
                     WorkflowStepName(step), " it"));
  }
  return next;
}

}  // namespace unioncard::assessment
