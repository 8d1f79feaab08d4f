// card-svc following member-svc's feed: a real member-svc on loopback, the
// card store on its own schema, and a FeedFollower between them.
#include "card-svc/src/feeds/member_feed.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include "card-svc/test/card_test_database.h"
#include "common/db/feed_cursor.h"
#include "common/db/migrations.h"
#include "common/grpc/feed_follower.h"
#include "common/testing/eventually.h"
#include "gtest/gtest.h"
#include "member-svc/test/api/member_test_env.h"

namespace unioncard::card {
namespace {

using Follower = rpc::FeedFollower<member::v1::MemberEvent>;

class MemberFeedTest : public member::testing::MemberServiceEnv {
 protected:
  void SetUp() override {
    MemberServiceEnv::SetUp();
    ASSERT_TRUE(card_db_.Open().ok());
    card_pool_ = &card_db_.pool();
    cards_ = &card_db_.cards();
    service_.subject = "card-svc";
    service_.role = auth::Role::kService;
    service_.org_id = "city";
    service_.org_path = "/city/";
    token_ = auth::TokenSigner(key_).Issue(service_, absl::Hours(1));
  }

  std::unique_ptr<Follower> NewFollower(const std::string& cursor_name) {
    auto stub = std::shared_ptr<member::v1::MemberService::Stub>(
        member::v1::MemberService::NewStub(channel_));
    return std::make_unique<Follower>(
        cursor_name, db::FeedCursor(card_pool_, cursor_name),
        [this] {
          auto context = rpc::OutboundContext(absl::Hours(1));
          rpc::SetBearerToken(*context, token_);
          return context;
        },
        [stub](grpc::ClientContext& context, int64_t after) {
          member::v1::WatchEventsRequest request;
          request.set_after_sequence(after);
          return stub->WatchEvents(&context, request);
        },
        [this](const member::v1::MemberEvent& event) {
          return HandleMemberEvent(*cards_, service_, event);
        },
        absl::Milliseconds(200));
  }

  // Waits up to 10 s for `done`.
  static bool Eventually(const std::function<bool()>& done) {
    return unioncard::testing::Eventually(done, absl::Seconds(10));
  }

  int64_t CardAuditRows() { return card_db_.Count("audit_log"); }

  testing::CardTestDatabase card_db_;
  db::ConnectionPool* card_pool_ = nullptr;
  CardStore* cards_ = nullptr;
  auth::Principal service_;
  std::string token_;
};

TEST_F(MemberFeedTest, TransferMovesTheCardAndLeavingCancelsIt) {
  auto from = CityAdmin().CreateUnion("cangxian", "沧县人民医院工会");
  auto to = CityAdmin().CreateUnion("qingxian", "青县第一中学工会");
  ASSERT_TRUE(from.ok() && to.ok());
  auto member = CountyStaff("cangxian").Register(Person(from->id(), 1));
  ASSERT_TRUE(member.ok()) << member.status();
  auto card =
      cards_->Request(service_, "card-1", member->id(), "cangxian", from->id());
  ASSERT_TRUE(card.ok()) << card.status();

  auto follower = NewFollower("member-svc");
  follower->Start();

  member::v1::TransferMemberRequest transfer;
  transfer.set_member_id(member->id());
  transfer.set_to_org_id(to->id());
  member::v1::Member out;
  auto county = CountyStaff("cangxian");
  auto context = county.Context();
  ASSERT_TRUE(
      county.members().TransferMember(context.get(), transfer, &out).ok());
  EXPECT_TRUE(Eventually(
      [&] { return cards_->Get(card->id)->county_id == "qingxian"; }));
  EXPECT_EQ(cards_->Get(card->id)->org_id, to->id());

  member::v1::EndMembershipRequest end;
  end.set_member_id(member->id());
  end.set_reason(member::v1::END_REASON_LEFT);
  auto qingxian = CountyStaff("qingxian");
  auto end_context = qingxian.Context();
  ASSERT_TRUE(
      qingxian.members().EndMembership(end_context.get(), end, &out).ok());
  EXPECT_TRUE(Eventually([&] {
    return cards_->Get(card->id)->lifecycle.state == CardState::kCancelled;
  }));
  EXPECT_TRUE(Eventually([&] { return follower->position() == 3; }));
  follower->Stop();
  EXPECT_EQ(*db::FeedCursor(card_pool_, "member-svc").Load(), 3);

  // Replaying the whole feed from the start changes nothing twice.
  const int64_t audited = CardAuditRows();
  auto replay = NewFollower("replay");
  replay->Start();
  EXPECT_TRUE(Eventually([&] { return replay->position() == 3; }));
  replay->Stop();
  EXPECT_EQ(CardAuditRows(), audited);
  EXPECT_EQ(cards_->Get(card->id)->lifecycle.state, CardState::kCancelled);
}

TEST_F(MemberFeedTest, FollowerResumesFromItsCursorAfterAMemberSvcRestart) {
  auto unit = CityAdmin().CreateUnion("cangxian", "沧县供电公司工会");
  ASSERT_TRUE(unit.ok());
  auto first = CountyStaff("cangxian").Register(Person(unit->id(), 2));
  ASSERT_TRUE(first.ok());
  auto follower = NewFollower("member-svc");
  follower->Start();
  EXPECT_TRUE(Eventually([&] { return follower->position() == 1; }));

  follower->Stop();
  RestartServer();  // member-svc goes away and comes back on a new port
  auto second = CountyStaff("cangxian").Register(Person(unit->id(), 3));
  ASSERT_TRUE(second.ok());
  auto resumed = NewFollower("member-svc");
  resumed->Start();
  EXPECT_TRUE(Eventually([&] { return resumed->position() == 2; }));
  resumed->Stop();
}

}  // namespace
}  // namespace unioncard::card
