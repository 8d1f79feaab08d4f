#include "member-svc/src/domain/review_pipeline.h"

#include "common/status/field_violations.h"
#include "gtest/gtest.h"

namespace unioncard::member {
namespace {

using auth::Role;

MemberRecord InState(ReviewState state) {
  MemberRecord m;
  m.id = 7;
  m.review_state = state;
  return m;
}

TEST(ReviewPipelineTest, TheHappyPath) {
  auto verified = DecideReview(InState(ReviewState::kCollected),
                               ReviewAction::kVerify, Role::kCountyStaff, "");
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->next, ReviewState::kCountyVerified);
  auto approved = DecideReview(InState(ReviewState::kCountyVerified),
                               ReviewAction::kApprove, Role::kCityAdmin, "");
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->next, ReviewState::kCityApproved);
}

TEST(ReviewPipelineTest, ReturnAndRejectNeedAReasonAndKeepIt) {
  auto no_reason = DecideReview(InState(ReviewState::kCollected),
                                ReviewAction::kReturn, Role::kCountyStaff, " ");
  EXPECT_EQ(no_reason.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status::FieldViolationsOf(no_reason.status())[0].field, "reason");
  auto returned =
      DecideReview(InState(ReviewState::kCollected), ReviewAction::kReturn,
                   Role::kCountyStaff, "ID photo unreadable");
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->next, ReviewState::kReturned);
  EXPECT_EQ(returned->note, "ID photo unreadable");
  auto resubmitted =
      DecideReview(InState(ReviewState::kReturned), ReviewAction::kResubmit,
                   Role::kGrassrootsStaff, "");
  ASSERT_TRUE(resubmitted.ok());
  EXPECT_EQ(resubmitted->next, ReviewState::kCollected);
  auto rejected =
      DecideReview(InState(ReviewState::kCountyVerified), ReviewAction::kReject,
                   Role::kCityAdmin, "not a union member");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->next, ReviewState::kRejected);
}

TEST(ReviewPipelineTest, WrongRoleIsPermissionDenied) {
  EXPECT_EQ(DecideReview(InState(ReviewState::kCollected),
                         ReviewAction::kVerify, Role::kGrassrootsStaff, "")
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(DecideReview(InState(ReviewState::kCountyVerified),
                         ReviewAction::kApprove, Role::kCountyStaff, "")
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(DecideReview(InState(ReviewState::kCollected),
                         ReviewAction::kVerify, Role::kAuditor, "")
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(ReviewPipelineTest, IllegalMovesNameTheState) {
  auto skip = DecideReview(InState(ReviewState::kCollected),
                           ReviewAction::kApprove, Role::kCityAdmin, "");
  EXPECT_EQ(skip.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(skip.status().message().find("COLLECTED"), std::string::npos);
  EXPECT_EQ(DecideReview(InState(ReviewState::kCityApproved),
                         ReviewAction::kVerify, Role::kCountyStaff, "")
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  MemberRecord ended = InState(ReviewState::kCollected);
  ended.membership_status = MembershipStatus::kEnded;
  EXPECT_EQ(DecideReview(ended, ReviewAction::kVerify, Role::kCountyStaff, "")
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace unioncard::member
