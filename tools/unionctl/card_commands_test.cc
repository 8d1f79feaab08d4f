// unionctl's card and payout commands against a real card-svc, member-svc
// and bank-sim: what the clerk reads.
#include "tools/unionctl/card_commands.h"

#include <fstream>

#include "card-svc/test/api/card_service_env.h"
#include "common/grpc/client.h"
#include "common/text/gbk.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace unioncard::unionctl {
namespace {

using ::testing::HasSubstr;

class CardCommandsTest : public card::testing::CardServiceEnv {
 protected:
  void SetUp() override {
    CardServiceEnv::SetUp();
    StartCardSvc();
    unit_ = *CityAdmin().CreateUnion("xianxian", "献县棉纺厂工会");
    channel_ = rpc::MakeChannel(card_address_);
    cards_ = card::v1::CardService::NewStub(channel_);
    payouts_ = card::v1::PayoutService::NewStub(channel_);
  }

  CardCommands As(const std::string& subject) {
    auth::Principal p{subject,    auth::Role::kCountyStaff,
                      "xianxian", "/city/xianxian/",
                      {},         {}};
    return CardCommands(cards_.get(), payouts_.get(),
                        auth::TokenSigner(key_).Issue(p, absl::Hours(1)));
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  member::v1::OrgUnit unit_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<card::v1::CardService::Stub> cards_;
  std::unique_ptr<card::v1::PayoutService::Stub> payouts_;
};

TEST_F(CardCommandsTest, BatchThenPayoutsFromAGbkFileThenReconcile) {
  const int64_t a = ApprovedMember(unit_, 1);
  const int64_t b = ApprovedMember(unit_, 2);
  auto created = As("clerk-1").CreateBatch(unit_.id(), {}, "");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_THAT(*created, HasSubstr("2 members, 2 cards requested"));
  ASSERT_TRUE(
      Eventually([&] { return CardRows("cards WHERE state = 4") == 2; }));
  auto shown = As("clerk-1").ShowBatch(1);
  ASSERT_TRUE(shown.ok()) << shown.status();
  EXPECT_THAT(*shown, HasSubstr("COMPLETE"));
  EXPECT_THAT(*shown, HasSubstr("ACTIVATED"));
  auto member_cards = As("clerk-1").ShowMemberCards(a);
  ASSERT_TRUE(member_cards.ok());
  EXPECT_THAT(*member_cards, HasSubstr("SUBMITTED → ISSUED"));

  // Excel in China saves GBK.
  const std::string gbk = *text::Utf8ToGbk(
      absl::StrCat("会员编号,金额分,事由\r\n", a, ",150000,金秋助学\r\n", b,
                   ",80050,金秋助学\r\n"));
  const std::string path = WriteFile("payouts.csv", gbk);
  auto payout = As("clerk-1").CreatePayouts(path, "golden-autumn", "2026 助学");
  ASSERT_TRUE(payout.ok()) << payout.status();
  EXPECT_THAT(*payout, HasSubstr("2 items, 2300.50 yuan"));
  // Running the same command again does not make a second batch.
  auto again = As("clerk-1").CreatePayouts(path, "golden-autumn", "2026 助学");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(CardRows("payout_batches"), 1);

  EXPECT_EQ(As("clerk-1").DecidePayouts(1, true, "").status().code(),
            absl::StatusCode::kPermissionDenied);
  auto approved = As("head-2").DecidePayouts(1, true, "");
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_THAT(*approved, HasSubstr("approved by head-2"));
  ASSERT_TRUE(Eventually(
      [&] { return CardRows("payout_items WHERE state = 4") == 2; }));
  auto paid = As("head-2").ShowPayouts(1);
  ASSERT_TRUE(paid.ok());
  EXPECT_THAT(*paid, HasSubstr("paid 2 (2300.50 yuan)"));

  auth::Principal admin{"ops", auth::Role::kCityAdmin, "city", "/city/", {},
                        {}};
  CardCommands ops(cards_.get(), payouts_.get(),
                   auth::TokenSigner(key_).Issue(admin, absl::Hours(1)));
  int differences = -1;
  auto day = ops.Reconcile(absl::FormatCivilTime(absl::ToCivilDay(
                               absl::Now(), absl::FixedTimeZone(8 * 3600))),
                           &differences);
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(differences, 0);
  EXPECT_THAT(*day, HasSubstr("2 matched, 0 difference(s)"));
}

TEST_F(CardCommandsTest, ABadPayoutLineIsNamedAndNothingIsSent) {
  const std::string path =
      WriteFile("bad.csv", "member_id,amount_fen,reason\n1,100,x\n2,1.5,y\n");
  auto refused = As("clerk-1").CreatePayouts(path, "golden-autumn", "t");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.status().message(), HasSubstr("line 3"));
  EXPECT_EQ(CardRows("payout_batches"), 0);
  EXPECT_EQ(Yuan(5), "0.05");
  EXPECT_EQ(Yuan(123456), "1234.56");
}

}  // namespace
}  // namespace unioncard::unionctl
