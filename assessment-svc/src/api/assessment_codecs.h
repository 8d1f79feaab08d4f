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
        "assessment state", {{AssessmentState::kDraft, v1::DRAFT},
                             {AssessmentState::kReviewed, v1::REVIEWED},
                             {AssessmentState::kApproved, v1::APPROVED},
                             {AssessmentState::kPublished, v1::PUBLISHED}});
static_assert(kAssessmentStateApi.CoversRange(AssessmentState::kDraft,
                                              AssessmentState::kPublished));

inline constexpr auto kAssessmentStepApi =
    codec::MakeEnumCodec<WorkflowStep, v1::AssessmentStep>(
        "assessment step", {{WorkflowStep::kRecompute, v1::COMPUTE},
                            {WorkflowStep::kReview, v1::REVIEW},
                            {WorkflowStep::kApprove, v1::APPROVE},
                            {WorkflowStep::kPublish, v1::PUBLISH},
                            {WorkflowStep::kSendBack, v1::SEND_BACK},
                            {WorkflowStep::kCorrect, v1::CORRECT}});
static_assert(kAssessmentStepApi.CoversRange(WorkflowStep::kRecompute,
                                             WorkflowStep::kCorrect));

inline constexpr auto kIncidentKindApi =
    codec::MakeEnumCodec<IncidentKind, v1::IncidentKind>(
        "incident kind", {{IncidentKind::kOmission, v1::OMISSION},
                          {IncidentKind::kCriticism, v1::CRITICISM}});
static_assert(kIncidentKindApi.CoversRange(IncidentKind::kOmission,
                                           IncidentKind::kCriticism));

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_API_ASSESSMENT_CODECS_H_
