// merchant-svc end to end: a real merchant-svc over its own schema, with
// card-svc, member-svc and bank-sim running (the card-holder check and the
// transaction feed are real).
#include <cppconn/statement.h>

#include <thread>

#include "card-svc/test/api/card_service_env.h"
#include "common/grpc/api_types.h"
#include "common/grpc/client.h"
#include "common/reference/county_plan.h"
#include "common/testing/grpc_call.h"
#include "gtest/gtest.h"
#include "merchant-svc/src/app/merchant_evaluator.h"
#include "merchant-svc/src/merchant_server.h"
#include "merchant-svc/test/api/merchant_test_server.h"
#include "tools/unionctl/merchant_commands.h"

namespace unioncard::merchant {
namespace {

using Stub = v1::MerchantService::Stub;

class MerchantServiceTest : public card::testing::CardServiceEnv {
 protected:
  void SetUp() override {
    CardServiceEnv::SetUp();
    banksim::BankSimOptions bank;
    bank.merchant_ids = {"bank-m-1", "bank-m-2", "bank-m-3"};
    StartCardSvc(bank);
    unit_ = *CityAdmin().CreateUnion("huanghua", "黄骅港务局工会");
    auto db = unioncard::testing::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    merchant_db_ = *std::move(db);
    StartMerchantSvc();
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Stop();
    server_.reset();
    CardServiceEnv::TearDown();
  }

  void StartMerchantSvc() {
    if (server_ != nullptr) server_->Stop();
    server_.reset();
    auto server =
        testing::StartMerchantServer(merchant_db_->options(), key_,
                                     card_address_, [this] { return today_; });
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = rpc::MakeChannel(absl::StrCat("127.0.0.1:", server_->port()));
  }

  std::string Token(auth::Role role, const std::string& org,
                    const std::string& path, const std::string& subject = "") {
    return auth::TokenSigner(key_).Issue(
        {subject.empty() ? absl::StrCat(auth::RoleName(role), "@", org)
                         : subject,
         role,
         org,
         path,
         {},
         {}},
        absl::Hours(1));
  }
  std::string County(const std::string& county) {
    return Token(auth::Role::kCountyStaff, county,
                 absl::StrCat("/city/", county, "/"));
  }
  std::string City() { return Token(auth::Role::kCityAdmin, "city", "/city/"); }
  std::string Member(int64_t id) {
    return Token(auth::Role::kMember, unit_.id(), unit_.path(),
                 std::to_string(id));
  }

  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(
      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                   Response*),
      const std::string& token, const Request& request) {
    auto stub = v1::MerchantService::NewStub(channel_);
    return unioncard::testing::CallAs(*stub, method, token, request);
  }

  static v1::CreateMerchantRequest NewMerchant(
      const std::string& owner, const std::string& licence,
      const std::vector<std::string>& bank_ids = {}) {
    v1::CreateMerchantRequest r;
    v1::Merchant* m = r.mutable_merchant();
    m->set_owner_org_id(owner);
    m->set_name("渤海新区惠民超市");
    m->set_licence_number(licence);
    m->set_category(v1::CATEGORY_FOOD);
    m->add_locations("黄骅市渤海路88号");
    m->set_contact("0317-5321234");
    for (const auto& b : bank_ids) m->add_bank_merchant_ids(b);
    m->set_contract_from("2026-01-01");
    m->set_contract_to("2027-12-31");
    m->set_terms("会员持卡消费九折");
    return r;
  }

  absl::StatusOr<v1::Merchant> Act(int64_t id, v1::ContractAction action,
                                   const std::string& token,
                                   const std::string& reason = "") {
    v1::ChangeMerchantStateRequest r;
    r.set_merchant_id(id);
    r.set_action(action);
    r.set_reason(reason);
    return Call(&Stub::ChangeMerchantState, token, r);
  }

  // An ACTIVE huanghua merchant.
  int64_t ActiveMerchant(const std::string& licence,
                         const std::vector<std::string>& bank_ids = {}) {
    auto m = Call(&Stub::CreateMerchant, County("huanghua"),
                  NewMerchant("huanghua", licence, bank_ids));
    EXPECT_TRUE(m.ok()) << m.status();
    EXPECT_TRUE(
        Act(m->id(), v1::CONTRACT_ACTION_ACTIVATE, County("huanghua")).ok());
    return m->id();
  }

  absl::StatusOr<v1::ServiceItemCount> Count(const std::string& day) {
    v1::CountServiceItemsRequest r;
    r.set_county_id("huanghua");
    r.set_date(day);
    return Call(&Stub::CountServiceItems, City(), r);
  }

  absl::StatusOr<v1::RatingReceipt> Rate(int64_t member, int64_t merchant,
                                         int stars, bool edit = false) {
    v1::RateMerchantRequest r;
    r.set_merchant_id(merchant);
    r.set_stars(stars);
    r.set_edit(edit);
    return Call(&Stub::RateMerchant, Member(member), r);
  }

  // Members of unit_ with activated cards, in one batch.
  std::vector<int64_t> CardHolders(int n, int first) {
    std::vector<int64_t> ids;
    for (int i = 0; i < n; ++i) ids.push_back(ApprovedMember(unit_, first + i));
    auto batch = CountyCards("huanghua").CreateBatch(unit_.id(), ids);
    EXPECT_TRUE(batch.ok()) << batch.status();
    EXPECT_TRUE(Eventually([&] {
      auto b = CityCards().GetBatch(batch->id());
      return b.ok() && b->state() == card::v1::BATCH_STATE_COMPLETE;
    }));
    return ids;
  }

  int64_t MerchantRows(const std::string& from_where) {
    auto pool = db::ConnectionPool::Create(merchant_db_->options());
    return unioncard::testing::CountRows(**pool, from_where);
  }

  member::v1::OrgUnit unit_;
  std::unique_ptr<unioncard::testing::TestDatabase> merchant_db_;
  std::unique_ptr<RunningMerchantSvc> server_;
  std::shared_ptr<grpc::Channel> channel_;
  absl::CivilDay today_{2026, 3, 1};
};

TEST_F(MerchantServiceTest, ContractLifecycleIsTheOwnersToChange) {
  auto m = Call(&Stub::CreateMerchant, County("huanghua"),
                NewMerchant("huanghua", "91130983MA0A1B2C3D", {"bank-m-1"}));
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->state(), v1::MERCHANT_STATE_PENDING);
  EXPECT_EQ(m->standing(), v1::STANDING_NORMAL);

  EXPECT_EQ(Act(m->id(), v1::CONTRACT_ACTION_ACTIVATE, County("cangxian"))
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  const std::string grassroots =
      Token(auth::Role::kGrassrootsStaff, unit_.id(), unit_.path());
  v1::GetMerchantRequest get;
  get.set_id(m->id());
  EXPECT_TRUE(Call(&Stub::GetMerchant, grassroots, get).ok());
  EXPECT_EQ(
      Act(m->id(), v1::CONTRACT_ACTION_ACTIVATE, grassroots).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Call(&Stub::GetMerchant, County("cangxian"), get).status().code(),
            absl::StatusCode::kPermissionDenied);

  ASSERT_EQ(
      Act(m->id(), v1::CONTRACT_ACTION_ACTIVATE, County("huanghua"))->state(),
      v1::MERCHANT_STATE_ACTIVE);
  auto again = Act(m->id(), v1::CONTRACT_ACTION_ACTIVATE, County("huanghua"));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(again.status().message().find("ACTIVE"), std::string::npos);
  auto no_reason =
      Act(m->id(), v1::CONTRACT_ACTION_SUSPEND, County("huanghua"));
  EXPECT_EQ(no_reason.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_reason.status().message().find("reason"), std::string::npos);
  EXPECT_EQ(Act(m->id(), v1::CONTRACT_ACTION_SUSPEND, County("huanghua"),
                "卫生检查不合格")
                ->state(),
            v1::MERCHANT_STATE_SUSPENDED);
  EXPECT_EQ(Act(m->id(), v1::CONTRACT_ACTION_RESUME, City())->state(),
            v1::MERCHANT_STATE_ACTIVE);

  // The same licence, or the same bank merchant id, is another merchant.
  EXPECT_EQ(Call(&Stub::CreateMerchant, County("huanghua"),
                 NewMerchant("huanghua", "91130983MA0A1B2C3D"))
                .status()
                .code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Call(&Stub::CreateMerchant, County("huanghua"),
                 NewMerchant("huanghua", "OTHER-LICENCE", {"bank-m-1"}))
                .status()
                .code(),
            absl::StatusCode::kAlreadyExists);
  v1::CreateMerchantRequest bad = NewMerchant("huanghua", "X-1");
  bad.mutable_merchant()->set_category(v1::CATEGORY_UNSPECIFIED);
  bad.mutable_merchant()->set_contract_to("2025-01-01");
  auto refused = Call(&Stub::CreateMerchant, County("huanghua"), bad);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("merchant.category"),
            std::string::npos);
  EXPECT_NE(refused.status().message().find("merchant.contract_to"),
            std::string::npos);
  EXPECT_EQ(Call(&Stub::CreateMerchant, City(), NewMerchant("atlantis", "X-2"))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MerchantRows("merchants"), 1);
  // Registered, activated, suspended, resumed.
  EXPECT_EQ(MerchantRows("merchant_history WHERE kind = 1"), 4);
}

// Found by the access matrix's review: org_id "city" let a grassroots
// clerk list every county's merchants (contacts, licences, bank ids).
TEST_F(MerchantServiceTest, GrassrootsStaffListTheirCountyNotTheWholeCity) {
  ASSERT_TRUE(Call(&Stub::CreateMerchant, County("huanghua"),
                   NewMerchant("huanghua", "91130983MA0LIST001"))
                  .ok());
  ASSERT_TRUE(Call(&Stub::CreateMerchant, County("cangxian"),
                   NewMerchant("cangxian", "91130921MA0LIST002"))
                  .ok());
  const std::string grassroots =
      Token(auth::Role::kGrassrootsStaff, unit_.id(), unit_.path());
  v1::ListMerchantsRequest own;
  own.set_org_id("huanghua");
  auto listed = Call(&Stub::ListMerchants, grassroots, own);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->merchants_size(), 1);
  EXPECT_EQ(listed->merchants(0).owner_org_id(), "huanghua");

  v1::ListMerchantsRequest city;
  city.set_org_id("city");
  EXPECT_EQ(Call(&Stub::ListMerchants, grassroots, city).status().code(),
            absl::StatusCode::kPermissionDenied);
  v1::ListMerchantsRequest other;
  other.set_org_id("cangxian");
  EXPECT_EQ(Call(&Stub::ListMerchants, grassroots, other).status().code(),
            absl::StatusCode::kPermissionDenied);
  v1::GetEvaluationReportRequest report;
  report.set_org_id("city");
  EXPECT_EQ(
      Call(&Stub::GetEvaluationReport, grassroots, report).status().code(),
      absl::StatusCode::kPermissionDenied);
  // The city still lists the whole city.
  auto all = Call(&Stub::ListMerchants, City(), city);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->merchants_size(), 2);
}

TEST_F(MerchantServiceTest,
       OffersCountWhileInForceAndStopTheDayTheMerchantExits) {
  const int64_t merchant = ActiveMerchant("L-1");  // active from 2026-03-01
  v1::CreateOfferRequest offer;
  offer.mutable_offer()->set_merchant_id(merchant);
  offer.mutable_offer()->set_title("持卡消费九折");
  offer.mutable_offer()->set_kind(v1::OFFER_KIND_DISCOUNT);
  offer.mutable_offer()->set_discount_percent(10);
  offer.mutable_offer()->set_category(v1::CATEGORY_FOOD);
  offer.mutable_offer()->set_valid_from("2026-03-10");
  offer.mutable_offer()->set_valid_to("2026-06-30");
  ASSERT_TRUE(Call(&Stub::CreateOffer, County("huanghua"), offer).ok());
  v1::CreateOfferRequest bad = offer;
  bad.mutable_offer()->set_discount_percent(120);
  auto refused = Call(&Stub::CreateOffer, County("huanghua"), bad);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("offer.discount_percent"),
            std::string::npos);

  v1::CreateServiceItemRequest item;
  item.mutable_item()->set_owner_org_id("huanghua");
  item.mutable_item()->set_kind(v1::SERVICE_ITEM_KIND_UNION_FACILITY);
  item.mutable_item()->set_title("黄骅职工服务中心健身房");
  item.mutable_item()->set_category(v1::CATEGORY_CULTURE_SPORT);
  item.mutable_item()->set_active_from("2026-01-01");
  ASSERT_TRUE(Call(&Stub::CreateServiceItem, County("huanghua"), item).ok());
  v1::CreateServiceItemRequest city_item = item;
  city_item.mutable_item()->set_owner_org_id("city");
  city_item.mutable_item()->set_kind(v1::SERVICE_ITEM_KIND_INSURANCE);
  city_item.mutable_item()->set_title("非因工意外伤害保险");
  city_item.mutable_item()->set_active_to("2026-12-31");
  EXPECT_EQ(Call(&Stub::CreateServiceItem, County("huanghua"), city_item)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(Call(&Stub::CreateServiceItem, City(), city_item).ok());

  auto on = [&](const std::string& day) {
    auto c = Count(day);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? c->county_items() : -1;
  };
  EXPECT_EQ(on("2026-03-05"), 1);  // before the offer
  EXPECT_EQ(on("2026-03-15"), 2);  // during
  EXPECT_EQ(Count("2026-03-15")->city_items(), 1);
  EXPECT_EQ(on("2026-07-01"), 1);  // after

  v1::SearchOffersRequest search;
  search.set_county_id("huanghua");
  search.set_date("2026-03-15");
  auto found = Call(&Stub::SearchOffers, Member(1), search);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->offers_size(), 1);
  EXPECT_EQ(found->offers(0).merchant_name(), "渤海新区惠民超市");
  search.set_category(v1::CATEGORY_MEDICAL);
  EXPECT_EQ(Call(&Stub::SearchOffers, Member(1), search)->offers_size(), 0);

  today_ = absl::CivilDay(2026, 4, 20);
  ASSERT_TRUE(Act(merchant, v1::CONTRACT_ACTION_EXIT, County("huanghua"),
                  "合同期内违约")
                  .ok());
  EXPECT_EQ(on("2026-04-19"), 2);
  EXPECT_EQ(on("2026-04-20"), 1);  // the exit day: no longer counted
  search.set_category(v1::CATEGORY_UNSPECIFIED);
  search.set_date("2026-04-20");
  EXPECT_EQ(Call(&Stub::SearchOffers, Member(1), search)->offers_size(), 0);
  EXPECT_EQ(Call(&Stub::CreateOffer, County("huanghua"), offer).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(MerchantServiceTest, OnlyCardHoldersRateOncePerMonth) {
  const int64_t merchant = ActiveMerchant("L-2");
  const int64_t no_card = ApprovedMember(unit_, 50);
  const int64_t holder = CardHolders(1, 1)[0];
  today_ = absl::CivilDay(2026, 3, 5);

  auto refused = Rate(no_card, merchant, 5);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("card"), std::string::npos);
  for (int stars : {0, 6}) {
    auto bad = Rate(holder, merchant, stars);
    EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(bad.status().message().find("stars"), std::string::npos);
  }
  v1::RateMerchantRequest by_staff;
  by_staff.set_merchant_id(merchant);
  by_staff.set_stars(5);
  EXPECT_EQ(
      Call(&Stub::RateMerchant, County("huanghua"), by_staff).status().code(),
      absl::StatusCode::kPermissionDenied);

  auto first = Rate(holder, merchant, 2);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->replaced());
  today_ = absl::CivilDay(2026, 3, 28);
  // A second rating the same month is refused; the member edits the first.
  auto again = Rate(holder, merchant, 4);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(again.status().message().find("2026-03"), std::string::npos);
  EXPECT_EQ(MerchantRows("ratings WHERE stars = 2"), 1);
  auto second = Rate(holder, merchant, 4, /*edit=*/true);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->replaced());
  EXPECT_EQ(MerchantRows("ratings"), 1);
  EXPECT_EQ(MerchantRows("ratings WHERE stars = 4"), 1);
  today_ = absl::CivilDay(2026, 4, 2);
  auto next_month = Rate(holder, merchant, 5);
  ASSERT_TRUE(next_month.ok());
  EXPECT_FALSE(next_month->replaced());
  EXPECT_EQ(next_month->month(), "2026-04");
  EXPECT_EQ(MerchantRows("ratings"), 2);
}

// Replicas (issue 17): the daily evaluation runs on every merchant-svc
// replica; two running the same day at once record each standing change
// once (evaluations are keyed by merchant and day).
TEST_F(MerchantServiceTest,
       TwoReplicasEvaluatingTheSameDayChangeEachStandingOnce) {
  const int64_t poor = ActiveMerchant("L-5");
  ActiveMerchant("L-6");
  const std::vector<int64_t> members = CardHolders(12, 1);
  today_ = absl::CivilDay(2026, 3, 2);
  for (int64_t m : members) ASSERT_TRUE(Rate(m, poor, 1).ok());
  auto replica = testing::StartMerchantServer(
      merchant_db_->options(), key_, card_address_, [this] { return today_; });
  ASSERT_TRUE(replica.ok()) << replica.status();
  const std::vector<std::shared_ptr<grpc::Channel>> replicas = {
      channel_,
      rpc::MakeChannel(absl::StrCat("127.0.0.1:", (*replica)->port()))};
  v1::EvaluateMerchantsRequest run;
  run.set_date("2026-03-02");
  const std::string city = City();
  std::vector<absl::Status> results(4);
  std::vector<std::thread> runs;
  for (int i = 0; i < 4; ++i) {
    runs.emplace_back([&, i] {
      auto stub = v1::MerchantService::NewStub(replicas[i % 2]);
      results[i] =
          unioncard::testing::CallAs(*stub, &Stub::EvaluateMerchants, city, run)
              .status();
    });
  }
  for (auto& t : runs) t.join();
  for (const absl::Status& r : results) EXPECT_TRUE(r.ok()) << r;
  EXPECT_EQ(MerchantRows("evaluations WHERE day = '2026-03-02'"), 2);
  // The poor merchant went to WARNING once, whichever run got there first.
  EXPECT_EQ(MerchantRows(absl::StrCat("merchant_history WHERE kind = 2 AND "
                                      "merchant_id = ",
                                      poor)),
            1);
  (*replica)->Stop();
}

// A service stopping mid-round (its PeriodicWorker's `stopping`) ends the
// daily evaluation between two merchants, keeping the first one's; the
// next round evaluates the whole day.
TEST_F(MerchantServiceTest,
       AnEvaluationStoppedForShutdownEndsBetweenMerchants) {
  ActiveMerchant("L-7");
  ActiveMerchant("L-8");
  auto pool = db::ConnectionPool::Create(merchant_db_->options());
  ASSERT_TRUE(pool.ok()) << pool.status();
  MerchantStore merchants(pool->get());
  RatingStore ratings(pool->get());
  MerchantEvaluator evaluator(&merchants, &ratings);
  const absl::CivilDay day(2026, 3, 2);
  int asked = 0;
  auto stopped = evaluator.EvaluateAll(day, [&] { return ++asked > 1; });
  EXPECT_EQ(stopped.status().code(), absl::StatusCode::kCancelled);
  EXPECT_NE(stopped.status().message().find("after 1 of 2 merchants"),
            std::string::npos)
      << stopped.status();
  EXPECT_EQ(MerchantRows("evaluations WHERE day = '2026-03-02'"), 1);
  auto whole = evaluator.EvaluateAll(day);
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_EQ(whole->size(), 2u);
  EXPECT_EQ(MerchantRows("evaluations WHERE day = '2026-03-02'"), 2);
}

TEST_F(MerchantServiceTest, EvaluationWarnsProposesExitAndFeatures) {
  const int64_t poor = ActiveMerchant("L-3");
  const int64_t good = ActiveMerchant("L-4");
  const std::vector<int64_t> members = CardHolders(12, 1);
  today_ = absl::CivilDay(2026, 3, 2);
  for (int64_t m : members) {
    ASSERT_TRUE(Rate(m, poor, 2).ok());
    ASSERT_TRUE(Rate(m, good, 5).ok());
  }
  v1::EvaluateMerchantsRequest run;
  run.set_date("2026-03-02");
  EXPECT_EQ(
      Call(&Stub::EvaluateMerchants, County("huanghua"), run).status().code(),
      absl::StatusCode::kPermissionDenied);
  auto first = Call(&Stub::EvaluateMerchants, City(), run);
  ASSERT_TRUE(first.ok()) << first.status();
  std::map<int64_t, v1::MerchantEvaluation> by_id;
  for (const auto& e : first->merchants()) by_id[e.merchant_id()] = e;
  EXPECT_EQ(by_id[poor].standing(), v1::STANDING_WARNING);
  EXPECT_EQ(by_id[poor].ratings(), 12);
  EXPECT_EQ(by_id[poor].mean_stars(), "2.00");
  EXPECT_TRUE(by_id[poor].changed());
  EXPECT_EQ(by_id[good].standing(), v1::STANDING_NORMAL);  // 12 < 20 ratings

  // A second month of ratings: 24 for the good one, still poor for the
  // other; 31 days after the warning it is proposed for exit.
  today_ = absl::CivilDay(2026, 4, 2);
  for (int64_t m : members) {
    ASSERT_TRUE(Rate(m, poor, 2).ok());
    ASSERT_TRUE(Rate(m, good, 5).ok());
  }
  run.set_date("2026-04-02");
  auto later = Call(&Stub::EvaluateMerchants, City(), run);
  ASSERT_TRUE(later.ok());
  for (const auto& e : later->merchants()) by_id[e.merchant_id()] = e;
  EXPECT_EQ(by_id[poor].standing(), v1::STANDING_EXIT_PROPOSED);
  EXPECT_EQ(by_id[poor].warning_since(), "2026-03-02");
  EXPECT_EQ(by_id[good].standing(), v1::STANDING_FEATURED);
  EXPECT_EQ(by_id[good].ratings(), 24);
  // The evaluation proposes; the merchant is still ACTIVE until staff
  // confirm — which they may without a reason of their own.
  v1::GetMerchantRequest get;
  get.set_id(poor);
  EXPECT_EQ(Call(&Stub::GetMerchant, City(), get)->state(),
            v1::MERCHANT_STATE_ACTIVE);
  auto exited = Act(poor, v1::CONTRACT_ACTION_EXIT, County("huanghua"));
  ASSERT_TRUE(exited.ok()) << exited.status();
  EXPECT_EQ(exited->state(), v1::MERCHANT_STATE_EXITED);
  // Every standing change is recorded with its figures.
  EXPECT_EQ(MerchantRows("merchant_history WHERE kind = 2"), 3);
  EXPECT_EQ(MerchantRows("merchant_history WHERE kind = 2 AND reason = ''"), 0);
  auto report = Call(&Stub::GetEvaluationReport, County("huanghua"),
                     v1::GetEvaluationReportRequest());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->merchants_size(), 2);
  EXPECT_EQ(report->date(), "2026-04-02");
}

// Replicas (issue 17): every merchant-svc replica follows the card feed;
// two following it at once record each transaction at a contracted
// merchant once, and the usage report counts it once.
TEST_F(MerchantServiceTest, TwoReplicasFollowingTheCardFeedCountEachOnce) {
  const int64_t m1 = ActiveMerchant("L-7", {"bank-m-1"});
  auto replica = testing::StartMerchantServer(
      merchant_db_->options(), key_, card_address_, [this] { return today_; });
  ASSERT_TRUE(replica.ok()) << replica.status();
  CardHolders(3, 1);
  ASSERT_EQ(bank_->EmitTransactions(200), 200);
  ASSERT_TRUE(Eventually([&] {
    const int64_t events = CardRows("card_events");
    return bank_->notifications_pending() == 0 &&
           CardRows("card_transactions") == 200 &&
           server_->card_feed_position() >= events &&
           (*replica)->card_feed_position() >= events;
  }));
  const int64_t at_m1 =
      CardRows("card_transactions WHERE bank_merchant_id = 'bank-m-1'");
  EXPECT_GT(at_m1, 0);
  EXPECT_EQ(MerchantRows("merchant_transactions"), at_m1);
  v1::GetMerchantUsageRequest r;
  r.set_merchant_id(m1);
  r.set_month(absl::FormatCivilTime(
      absl::CivilMonth(absl::ToCivilDay(absl::Now(), rpc::ChinaTime()))));
  for (const auto& channel :
       {channel_,
        rpc::MakeChannel(absl::StrCat("127.0.0.1:", (*replica)->port()))}) {
    auto stub = v1::MerchantService::NewStub(channel);
    auto usage = unioncard::testing::CallAs(*stub, &Stub::GetMerchantUsage,
                                            County("huanghua"), r);
    ASSERT_TRUE(usage.ok()) << usage.status();
    EXPECT_EQ(usage->transactions(), at_m1);
  }
  (*replica)->Stop();
}

TEST_F(MerchantServiceTest, UsageMatchesTheTransactionsEvenWhenReplayed) {
  const int64_t m1 = ActiveMerchant("L-5", {"bank-m-1"});
  const int64_t m2 = ActiveMerchant("L-6", {"bank-m-2"});
  CardHolders(3, 1);
  ASSERT_EQ(bank_->EmitTransactions(60), 60);
  ASSERT_TRUE(Eventually([&] {
    return bank_->notifications_pending() == 0 &&
           CardRows("card_transactions") == 60 &&
           MerchantRows("merchant_transactions") ==
               CardRows(
                   "card_transactions WHERE bank_merchant_id IN "
                   "('bank-m-1', 'bank-m-2')");
  }));
  const std::string month = absl::FormatCivilTime(absl::CivilMonth(
      absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600))));
  auto expect = [&](int64_t merchant, const std::string& bank_id) {
    // What card-svc stored for this bank merchant id, computed in SQL.
    int64_t count = 0, spend = 0, members = 0;
    ASSERT_TRUE(card_db_.pool()
                    .Run([&](sql::Connection& c) {
                      std::unique_ptr<sql::ResultSet> r(
                          std::unique_ptr<sql::Statement>(c.createStatement())
                              ->executeQuery(absl::StrCat(
                                  "SELECT COUNT(*), COALESCE(SUM(amount_fen),"
                                  " 0), COUNT(DISTINCT member_id) FROM "
                                  "card_transactions WHERE bank_merchant_id "
                                  "= '",
                                  bank_id, "'")));
                      r->next();
                      count = r->getInt64(1);
                      spend = r->getInt64(2);
                      members = r->getInt64(3);
                      return absl::OkStatus();
                    })
                    .ok());
    v1::GetMerchantUsageRequest r;
    r.set_merchant_id(merchant);
    r.set_month(month);
    auto usage = Call(&Stub::GetMerchantUsage, County("huanghua"), r);
    ASSERT_TRUE(usage.ok()) << usage.status();
    EXPECT_GT(count, 0);
    EXPECT_EQ(usage->transactions(), count);
    EXPECT_EQ(usage->spend_fen(), spend);
    EXPECT_EQ(usage->members(), members);
  };
  expect(m1, "bank-m-1");
  expect(m2, "bank-m-2");

  // The feed delivered again from the start (cursor lost): nothing counts
  // twice.
  ASSERT_TRUE(server_ != nullptr);
  server_->Stop();
  {
    auto pool = db::ConnectionPool::Create(merchant_db_->options());
    ASSERT_TRUE((*pool)
                    ->Run([](sql::Connection& c) {
                      std::unique_ptr<sql::Statement>(c.createStatement())
                          ->execute("DELETE FROM feed_cursors");
                      return absl::OkStatus();
                    })
                    .ok());
  }
  StartMerchantSvc();
  // Every card event handled again (the whole feed, replayed).
  ASSERT_TRUE(Eventually([&] {
    return server_->card_feed_position() >= CardRows("card_events");
  }));
  expect(m1, "bank-m-1");
  expect(m2, "bank-m-2");

  v1::GetCategoryUsageRequest by_category;
  by_category.set_county_id("huanghua");
  by_category.set_month(month);
  auto categories =
      Call(&Stub::GetCategoryUsage, County("huanghua"), by_category);
  ASSERT_TRUE(categories.ok());
  ASSERT_EQ(categories->categories_size(), 1);
  EXPECT_EQ(categories->categories(0).category(), v1::CATEGORY_FOOD);
  EXPECT_EQ(categories->categories(0).transactions(),
            MerchantRows("merchant_transactions"));
}

// unionctl's merchant commands against this server: what the operator reads.
TEST_F(MerchantServiceTest, UnionctlCreatesListsAndSearches) {
  auto stub = v1::MerchantService::NewStub(channel_);
  unionctl::MerchantCommands county(stub.get(), County("huanghua"));
  auto created = county.Create({"huanghua",
                                "黄骅中医院",
                                "L-CLI-1",
                                "medical",
                                "黄骅市",
                                "2026-01-01",
                                "2027-12-31",
                                "cli-1",
                                {"bank-m-3"}});
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_NE(created->find("MEDICAL, owner huanghua): PENDING"),
            std::string::npos)
      << *created;
  EXPECT_EQ(
      county
          .Create({"huanghua", "x", "L-CLI-2", "groceries", "", "", "", "", {}})
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(county.Act(1, "activate", "").ok());
  unionctl::MerchantCommands::NewOffer offer;
  offer.merchant_id = 1;
  offer.title = "职工体检八折";
  offer.category = "medical";
  offer.valid_from = "2026-03-01";
  offer.valid_to = "2026-12-31";
  offer.percent = 20;
  auto made = county.CreateOffer(offer);
  ASSERT_TRUE(made.ok()) << made.status();
  EXPECT_NE(made->find("20% off"), std::string::npos) << *made;
  auto listed = county.List("");
  ASSERT_TRUE(listed.ok());
  EXPECT_NE(listed->find("ACTIVE"), std::string::npos) << *listed;
  unionctl::MerchantCommands member(stub.get(), Member(7));
  auto found = member.Search("huanghua", "medical", "2026-03-15");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_NE(found->find("黄骅中医院: 职工体检八折"), std::string::npos)
      << *found;
}

}  // namespace
}  // namespace unioncard::merchant
