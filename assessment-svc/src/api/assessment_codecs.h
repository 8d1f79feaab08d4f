#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_CODECS_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_CODECS_H_

#include "assessment-svc/src/domain/annual_assessment.h"
#include "assessment-svc/src/domain/assessment_workflow.h"
#include "assessment/v1/assessment.pb.h"
#include "common/codec/enum_codec.h"

namespace unioncard::assessment {

// The domain's enums as assessment.v1 names them (docs/architecture.md
// §2.2; the store has its own tables for the database).

inline constexpr auto kAssessmentStateApi =
    codec::MakeEnumCodec<AssessmentState, v1::AssessmentState>(
        "assessment state",
        {{AssessmentState::kDraft, v1::ASSESSMENT_STATE_DRAFT},
         {AssessmentState::kReviewed, v1::ASSESSMENT_STATE_REVIEWED},
         {AssessmentState::kApproved, v1::ASSESSMENT_STATE_APPROVED},
         {AssessmentState::kPublished, v1::ASSESSMENT_STATE_PUBLISHED}});
static_assert(kAssessmentStateApi.CoversRange(AssessmentState::kDraft,
                                              AssessmentState::kPublished));

inline constexpr auto kAssessmentStepApi =
    codec::MakeEnumCodec<WorkflowStep, v1::AssessmentStep>(
        "assessment step",
        {{WorkflowStep::kRecompute, v1::ASSESSMENT_STEP_COMPUTE},
         {WorkflowStep::kReview, v1::ASSESSMENT_STEP_REVIEW},
         {WorkflowStep::kApprove, v1::ASSESSMENT_STEP_APPROVE},
         {WorkflowStep::kPublish, v1::ASSESSMENT_STEP_PUBLISH},
         {WorkflowStep::kSendBack, v1::ASSESSMENT_STEP_SEND_BACK},
         {WorkflowStep::kCorrect, v1::ASSESSMENT_STEP_CORRECT}});
static_assert(kAssessmentStepApi.CoversRange(WorkflowStep::kRecompute,
                                             WorkflowStep::kCorrect));

inline constexpr auto kIncidentKindApi =
    codec::MakeEnumCodec<IncidentKind, v1::IncidentKind>(
        "incident kind",
        {{IncidentKind::kOmission, v1::INCIDENT_KIND_OMISSION},
         {IncidentKind::kCriticism, v1::INCIDENT_KIND_CRITICISM}});
static_assert(kIncidentKindApi.CoversRange(IncidentKind::kOmission,
                                           IncidentKind::kCriticism));

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_CODECS_H_
