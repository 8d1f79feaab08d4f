#include "member-svc/src/domain/help_desk.h"

#include "gtest/gtest.h"
#include "member-svc/src/domain/access_policy.h"

namespace unioncard::member {
namespace {

auth::Principal Caller(auth::Role role, const std::string& path,
                       const std::string& subject = "") {
  auth::Principal p;
  p.role = role;
  p.org_path = path;
  p.subject = subject;
  return p;
}

TEST(HelpDeskTest, ARequestMovesForwardOnlyAndClosedIsFinal) {
  EXPECT_EQ(*NextHelpState(HelpState::kSubmitted, HelpAction::kAccept),
            HelpState::kAccepted);
  EXPECT_EQ(*NextHelpState(HelpState::kSubmitted, HelpAction::kAnswer),
            HelpState::kAnswered);
  EXPECT_EQ(*NextHelpState(HelpState::kAccepted, HelpAction::kAnswer),
            HelpState::kAnswered);
  EXPECT_EQ(*NextHelpState(HelpState::kAnswered, HelpAction::kClose),
            HelpState::kClosed);
  for (HelpAction refused : {HelpAction::kAccept, HelpAction::kAnswer}) {
    absl::StatusOr<HelpState> next =
        NextHelpState(HelpState::kAnswered, refused);
    EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_NE(next.status().message().find("HELP_ANSWERED"), std::string::npos);
  }
  for (HelpAction any :
       {HelpAction::kAccept, HelpAction::kAnswer, HelpAction::kClose}) {
    EXPECT_EQ(NextHelpState(HelpState::kClosed, any).status().code(),
              absl::StatusCode::kFailedPrecondition);
  }
}

TEST(HelpDeskTest, TextsAreCountedInCharactersAndTrimmed) {
  EXPECT_TRUE(CheckHelpText("subject", "欠薪", 2, 60).ok());
  EXPECT_EQ(CheckHelpText("subject", "  欠  ", 2, 60).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckHelpText("subject", std::string(61 * 3, 'a'), 2, 60).code(),
            absl::StatusCode::kInvalidArgument);
  // 60 Chinese characters are 180 bytes and still fit.
  std::string sixty;
  for (int i = 0; i < 60; ++i) sixty += "工";
  EXPECT_TRUE(CheckHelpText("subject", sixty, 2, 60).ok());
  EXPECT_EQ(CheckHelpText("subject", "\xff\xfe", 0, 60).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(HelpDeskTest, MembersAskForThemselvesCountiesAnswerTheirOwn) {
  AccessPolicy policy;
  auto member = Caller(auth::Role::kMember, "/city/xinhua/xinhua-g0001/", "42");
  EXPECT_TRUE(policy.CheckAskForHelp(member, 42).ok());
  EXPECT_EQ(policy.CheckAskForHelp(member, 43).code(),
            absl::StatusCode::kPermissionDenied);
  auto clerk =
      Caller(auth::Role::kGrassrootsStaff, "/city/xinhua/xinhua-g0001/", "42");
  EXPECT_EQ(policy.CheckAskForHelp(clerk, 42).code(),
            absl::StatusCode::kPermissionDenied);

  auto xinhua = Caller(auth::Role::kCountyStaff, "/city/xinhua/");
  EXPECT_TRUE(policy.CheckHelpQueue(xinhua, "/city/xinhua/").ok());
  EXPECT_EQ(policy.CheckHelpQueue(xinhua, "/city/yunhe/").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(policy.CheckHelpQueue(member, "/city/xinhua/").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(policy
                  .CheckHelpQueue(Caller(auth::Role::kCityAdmin, "/city/"),
                                  "/city/yunhe/")
                  .ok());

  // Notices: a member reads their county's, not another's; a county
  // publishes its own, not the city's.
  EXPECT_TRUE(policy.CheckReadNotices(member, "/city/xinhua/").ok());
  EXPECT_EQ(policy.CheckReadNotices(member, "/city/yunhe/").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(policy.CheckPublishNotice(xinhua, "/city/xinhua/").ok());
  EXPECT_EQ(policy.CheckPublishNotice(xinhua, "/city/").code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(HelpDeskTest, OnlyTheCitysServiceIdentityChecksContactDetails) {
  AccessPolicy policy;
  EXPECT_TRUE(
      policy.CheckVerifyContact(Caller(auth::Role::kService, "/city/")).ok());
  for (auth::Role role : {auth::Role::kCityAdmin, auth::Role::kMember,
                          auth::Role::kPartnerBank}) {
    EXPECT_EQ(policy.CheckVerifyContact(Caller(role, "/city/")).code(),
              absl::StatusCode::kPermissionDenied);
  }
}

}  // namespace
}  // namespace unioncard::member
