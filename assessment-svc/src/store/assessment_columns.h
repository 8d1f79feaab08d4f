#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_STORE_ASSESSMENT_COLUMNS_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_STORE_ASSESSMENT_COLUMNS_H_

#include "assessment-svc/src/domain/annual_assessment.h"
#include "assessment-svc/src/domain/assessment_workflow.h"
#include "common/codec/enum_codec.h"

namespace unioncard::assessment {

// How assessment-svc's tables store its enums (store-internal;
// docs/architecture.md §2.2). The numbers are in rows already written:
// change a pair only with a migration.

// assessment_revisions.state, assessment_steps.from_state/to_state.
inline constexpr auto kAssessmentStateColumn =
    codec::MakeEnumCodec<AssessmentState, int>(
        "assessment state", {{AssessmentState::kDraft, 1},
                             {AssessmentState::kReviewed, 2},
                             {AssessmentState::kApproved, 3},
                             {AssessmentState::kPublished, 4}});
static_assert(kAssessmentStateColumn.CoversRange(AssessmentState::kDraft,
                                                 AssessmentState::kPublished));

// assessment_steps.step.
inline constexpr auto kWorkflowStepColumn =
    codec::MakeEnumCodec<WorkflowStep, int>("workflow step",
                                            {{WorkflowStep::kRecompute, 1},
                                             {WorkflowStep::kReview, 2},
                                             {WorkflowStep::kApprove, 3},
                                             {WorkflowStep::kPublish, 4},
                                             {WorkflowStep::kSendBack, 5},
                                             {WorkflowStep::kCorrect, 6}});
static_assert(kWorkflowStepColumn.CoversRange(WorkflowStep::kRecompute,
                                              WorkflowStep::kCorrect));

// incidents.kind.
inline constexpr auto kIncidentKindColumn =
    codec::MakeEnumCodec<IncidentKind, int>(
        "incident kind",
        {{IncidentKind::kOmission, 1}, {IncidentKind::kCriticism, 2}});
static_assert(kIncidentKindColumn.CoversRange(IncidentKind::kOmission,
                                              IncidentKind::kCriticism));

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_STORE_ASSESSMENT_COLUMNS_H_
