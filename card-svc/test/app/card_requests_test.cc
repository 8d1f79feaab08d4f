// Card requests checked against a real member-svc.
#include "card-svc/src/app/card_requests.h"

#include "card-svc/test/card_test_database.h"
#include "common/db/migrations.h"
#include "gtest/gtest.h"
#include "member-svc/test/api/member_test_env.h"

namespace unioncard::card {
namespace {

class CardRequestsTest : public member::testing::MemberServiceEnv {
 protected:
  void SetUp() override {
    MemberServiceEnv::SetUp();
    ASSERT_TRUE(card_db_.Open().ok());
    auth::Principal service{
        "card-svc", auth::Role::kService, "city", "/city/", {}, {}};
    directory_ = std::make_unique<MemberDirectory>(
        channel_, auth::TokenSigner(key_).Issue(service, absl::Hours(1)));
    requests_ =
        std::make_unique<CardRequests>(&card_db_.cards(), directory_.get());
    unit_ = *CityAdmin().CreateUnion("huanghua", "黄骅港务局工会");
    clerk_ = {"clerk-hh", auth::Role::kCountyStaff,
              "huanghua", "/city/huanghua/",
              {},         {}};
  }

  int64_t Approved(int n) {
    auto m = CountyStaff("huanghua").Register(Person(unit_.id(), n));
    EXPECT_TRUE(m.ok()) << m.status();
    EXPECT_TRUE(
        CountyStaff("huanghua").Review({m->id()}, member::v1::VERIFY).ok());
    EXPECT_TRUE(CityAdmin().Review({m->id()}, member::v1::APPROVE).ok());
    return m->id();
  }

  testing::CardTestDatabase card_db_;
  std::unique_ptr<MemberDirectory> directory_;
  std::unique_ptr<CardRequests> requests_;
  member::v1::OrgUnit unit_;
  auth::Principal clerk_;
};

TEST_F(CardRequestsTest, OnlyCityApprovedActiveMembersGetACard) {
  const int64_t approved = Approved(1);
  auto card = requests_->RequestCard(clerk_, "r1", approved);
  ASSERT_TRUE(card.ok()) << card.status();
  EXPECT_EQ(card->county_id, "huanghua");
  EXPECT_EQ(card->org_id, unit_.id());
  EXPECT_EQ(card->lifecycle.state, CardState::kRequested);
  EXPECT_EQ(requests_->RequestCard(clerk_, "r2", approved).status().code(),
            absl::StatusCode::kAlreadyExists);

  auto collected = CountyStaff("huanghua").Register(Person(unit_.id(), 2));
  ASSERT_TRUE(collected.ok());
  absl::Status not_yet =
      requests_->RequestCard(clerk_, "r3", collected->id()).status();
  EXPECT_EQ(not_yet.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(not_yet.message().find("COLLECTED"), std::string::npos);

  const int64_t left = Approved(3);
  member::v1::EndMembershipRequest end;
  end.set_member_id(left);
  end.set_reason(member::v1::RETIRED);
  member::v1::Member out;
  auto county = CountyStaff("huanghua");
  auto context = county.Context();
  ASSERT_TRUE(county.members().EndMembership(context.get(), end, &out).ok());
  EXPECT_EQ(requests_->RequestCard(clerk_, "r4", left).status().code(),
            absl::StatusCode::kFailedPrecondition);

  EXPECT_EQ(requests_->RequestCard(clerk_, "r5", 999999).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(CardRequestsTest, AnotherCountysClerkCannotRequestTheCard) {
  const int64_t approved = Approved(1);
  const auth::Principal other{"clerk-cx", auth::Role::kCountyStaff,
                              "cangxian", "/city/cangxian/",
                              {},         {}};
  absl::Status denied = requests_->RequestCard(other, "x1", approved).status();
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(card_db_.Count("cards"), 0);
}

}  // namespace
}  // namespace unioncard::card
