#include "assessment-svc/src/domain/assessment_workflow.h"

#include "gtest/gtest.h"

namespace unioncard::assessment {
namespace {

using auth::Role;
using S = AssessmentState;
using W = WorkflowStep;

TEST(AssessmentWorkflowTest, DraftReviewApprovePublish) {
  AssessmentRevision r;
  r = *ApplyWorkflowStep(r, W::kRecompute, Role::kCityAdmin);
  r = *ApplyWorkflowStep(r, W::kReview, Role::kAssessor);
  EXPECT_EQ(r.state, S::kReviewed);
  EXPECT_FALSE(InputsEditable(r.state));
  r = *ApplyWorkflowStep(r, W::kApprove, Role::kAssessor);
  r = *ApplyWorkflowStep(r, W::kPublish, Role::kCityAdmin);
  EXPECT_EQ(r.state, S::kPublished);
  EXPECT_EQ(r.revision, 1);
}

TEST(AssessmentWorkflowTest, ACorrectionMakesANewRevision) {
  AssessmentRevision published{3, S::kPublished};
  auto corrected = ApplyWorkflowStep(published, W::kCorrect, Role::kCityAdmin);
  ASSERT_TRUE(corrected.ok());
  EXPECT_EQ(corrected->revision, 4);
  EXPECT_EQ(corrected->state, S::kDraft);
  EXPECT_TRUE(InputsEditable(corrected->state));
  // A published revision itself never changes.
  EXPECT_EQ(ApplyWorkflowStep(published, W::kRecompute, Role::kCityAdmin)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ApplyWorkflowStep(published, W::kSendBack, Role::kAssessor)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(AssessmentWorkflowTest, OnlyTheRightRolesAndSteps) {
  AssessmentRevision draft;
  EXPECT_EQ(
      ApplyWorkflowStep(draft, W::kReview, Role::kCountyStaff).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      ApplyWorkflowStep(draft, W::kApprove, Role::kAssessor).status().message(),
      "revision 1 is DRAFT; cannot approve it");
  EXPECT_EQ(
      ApplyWorkflowStep(draft, W::kPublish, Role::kCityAdmin).status().code(),
      absl::StatusCode::kFailedPrecondition);
  AssessmentRevision reviewed{1, S::kReviewed};
  auto back = ApplyWorkflowStep(reviewed, W::kSendBack, Role::kAssessor);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->state, S::kDraft);
  EXPECT_EQ(back->revision, 1);
}

}  // namespace
}  // namespace unioncard::assessment
