// Card requests checked against a real member-svc.
#include "card-svc/src/app/card_changes.h"

#include "card-svc/test/card_test_database.h"
#include "common/db/migrations.h"
#include "gtest/gtest.h"
#include "member-svc/test/api/member_test_env.h"

namespace unioncard::card {
namespace {

class CardChangesTest : public member::testing::MemberServiceEnv {
 protected:
  void SetUp() override {
    MemberServiceEnv::SetUp();
    ASSERT_TRUE(card_db_.Open().ok());
    auth::Principal service{
        "card-svc", auth::Role::kService, "city", "/city/", {}, {}};
    directory_ = std::make_unique<MemberDirectory>(
        channel_, auth::TokenSigner(key_).Issue(service, absl::Hours(1)));
    changes_ = std::make_unique<CardChanges>(
        &card_db_.cards(), directory_.get(), [this] { ++woken_; });
    unit_ = *CityAdmin().CreateUnion("huanghua", "黄骅港务局工会");
    clerk_ = {"clerk-hh", auth::Role::kCountyStaff,
              "huanghua", "/city/huanghua/",
              {},         {}};
  }

  int64_t Approved(int n) {
    auto m = CountyStaff("huanghua").Register(Person(unit_.id(), n));
    EXPECT_TRUE(m.ok()) << m.status();
    EXPECT_TRUE(CountyStaff("huanghua")
                    .Review({m->id()}, member::v1::REVIEW_ACTION_VERIFY)
                    .ok());
    EXPECT_TRUE(
        CityAdmin().Review({m->id()}, member::v1::REVIEW_ACTION_APPROVE).ok());
    return m->id();
  }

  testing::CardTestDatabase card_db_;
  std::unique_ptr<MemberDirectory> directory_;
  std::unique_ptr<CardChanges> changes_;
  int woken_ = 0;  // times the feed and the bank-order sender were woken
  member::v1::OrgUnit unit_;
  auth::Principal clerk_;
};

TEST_F(CardChangesTest, OnlyCityApprovedActiveMembersGetACard) {
  const int64_t approved = Approved(1);
  auto card = changes_->Request(clerk_, "r1", approved);
  ASSERT_TRUE(card.ok()) << card.status();
  EXPECT_EQ(card->county_id, "huanghua");
  EXPECT_EQ(card->org_id, unit_.id());
  EXPECT_EQ(card->lifecycle.state, CardState::kRequested);
  EXPECT_EQ(changes_->Request(clerk_, "r2", approved).status().code(),
            absl::StatusCode::kAlreadyExists);

  auto collected = CountyStaff("huanghua").Register(Person(unit_.id(), 2));
  ASSERT_TRUE(collected.ok());
  absl::Status not_yet =
      changes_->Request(clerk_, "r3", collected->id()).status();
  EXPECT_EQ(not_yet.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(not_yet.message().find("COLLECTED"), std::string::npos);

  const int64_t left = Approved(3);
  member::v1::EndMembershipRequest end;
  end.set_member_id(left);
  end.set_reason(member::v1::END_REASON_RETIRED);
  member::v1::Member out;
  auto county = CountyStaff("huanghua");
  auto context = county.Context();
  ASSERT_TRUE(county.members().EndMembership(context.get(), end, &out).ok());
  EXPECT_EQ(changes_->Request(clerk_, "r4", left).status().code(),
            absl::StatusCode::kFailedPrecondition);

  EXPECT_EQ(changes_->Request(clerk_, "r5", 999999).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(CardChangesTest, AnotherCountysClerkCannotRequestTheCard) {
  const int64_t approved = Approved(1);
  const auth::Principal other{"clerk-cx", auth::Role::kCountyStaff,
                              "cangxian", "/city/cangxian/",
                              {},         {}};
  absl::Status denied = changes_->Request(other, "x1", approved).status();
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(card_db_.Count("cards"), 0);
}

// A change that is refused writes nothing and wakes nobody; a change that
// is made wakes the feed once, and its retry (same request id) changes
// nothing twice.
TEST_F(CardChangesTest, OnlyAChangeMadeWakesTheFeedAndARetryChangesNothing) {
  const int64_t approved = Approved(1);
  auto card = changes_->Request(clerk_, "q1", approved);
  ASSERT_TRUE(card.ok()) << card.status();
  EXPECT_EQ(woken_, 1);
  const int64_t history = card_db_.Count("card_history");

  absl::Status frozen =
      changes_->Change(clerk_, "f1", card->id, CardEvent::kFreeze, "stolen?")
          .status();
  EXPECT_EQ(frozen.code(), absl::StatusCode::kFailedPrecondition) << frozen;
  const auth::Principal other{"clerk-cx", auth::Role::kCountyStaff,
                              "cangxian", "/city/cangxian/",
                              {},         {}};
  EXPECT_EQ(changes_->Change(other, "c0", card->id, CardEvent::kCancel, "no")
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(woken_, 1);
  EXPECT_EQ(card_db_.Count("card_history"), history);

  auto cancelled =
      changes_->Change(clerk_, "c1", card->id, CardEvent::kCancel, "left");
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->lifecycle.state, CardState::kCancelled);
  EXPECT_EQ(card_db_.Count("card_history"), history + 1);
  auto again =
      changes_->Change(clerk_, "c1", card->id, CardEvent::kCancel, "left");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->lifecycle.state, CardState::kCancelled);
  EXPECT_EQ(card_db_.Count("card_history"), history + 1);

  EXPECT_EQ(changes_->OrderReplacement(clerk_, "r1", card->id).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      changes_->Change(clerk_, "bad id", card->id, CardEvent::kCancel, "x")
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(card_db_.Count("cards"), 1);
}

}  // namespace
}  // namespace unioncard::card
