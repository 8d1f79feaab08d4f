// merchant-svc killed (SIGKILL) in the middle of the daily evaluation, and
// started again (issue 17). An evaluation is saved merchant by merchant (the
// day's figures, then the standing with its history and audit row), so the
// kill leaves some merchants evaluated and some not; the rerun — the
// clerk's, and the job's own at start — must finish the rest and record
// each standing change exactly once.
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "card-svc/test/api/card_service_env.h"
#include "common/grpc/api_types.h"
#include "common/grpc/call_as.h"
#include "common/grpc/client.h"
#include "common/testing/eventually.h"
#include "common/testing/mariadb_server.h"
#include "common/testing/service_process.h"
#include "gtest/gtest.h"
#include "merchant/v1/merchant.grpc.pb.h"

namespace unioncard::testing {
namespace {

namespace v1 = merchant::v1;
using rpc::CallAs;
using Stub = v1::MerchantService::Stub;

class MerchantSvcCrashTest : public card::testing::CardServiceEnv {
 protected:
  void SetUp() override {
    CardServiceEnv::SetUp();
    if (HasFatalFailure()) return;
    StartCardSvc();
    auto unit = CityAdmin().CreateUnion("huanghua", "黄骅评价测试工会");
    ASSERT_TRUE(unit.ok()) << unit.status();
    unit_ = *unit;
    auto db = TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    merchant_db_ = *std::move(db);
    dir_ = ::testing::TempDir() + "/merchant-crash-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    std::ofstream(dir_ + "/verify.json")
        << auth::VerifyKeysToJson({{key_.kid, key_.public_key}});
    // The identity card-svc grants its card-holder reads to.
    std::ofstream(dir_ + "/service_token")
        << Token(auth::Role::kService, "city", "/city/", "merchant-svc");
    port_ = PickFreePort();
  }
  void TearDown() override {
    process_.reset();
    RemoveAllButLogs(dir_);
    CardServiceEnv::TearDown();
  }

  std::string Token(auth::Role role, const std::string& org,
                    const std::string& path, const std::string& subject) {
    return auth::TokenSigner(key_).Issue({subject, role, org, path, {}, {}},
                                         absl::Hours(1));
  }
  std::string City() {
    return Token(auth::Role::kCityAdmin, "city", "/city/", "admin@city");
  }
  std::string County() {
    return Token(auth::Role::kCountyStaff, "huanghua", "/city/huanghua/",
                 "staff@huanghua");
  }

  void StartMerchantSvc() {
    ServiceProcessOptions o{MERCHANT_SVC_PATH,
                            "merchant-svc",
                            dir_,
                            port_,
                            merchant_db_->options(),
                            {}};
    o.flags = {absl::StrCat("--card_svc=", card_address_),
               absl::StrCat("--card_svc_token=file:", dir_, "/service_token"),
               "--reference_dir=" UNIONCARD_SOURCE_DIR "/deploy/reference",
               // One rating decides, so one card holder can move many
               // merchants: 1 star → WARNING, 5 stars → FEATURED.
               "--warning_min_ratings=1", "--featured_min_ratings=1"};
    auto process = StartServiceProcess(o);
    ASSERT_TRUE(process.ok()) << process.status();
    process_ = *std::move(process);
    // A fresh channel: one that saw the crash may still be backing off.
    stub_ = v1::MerchantService::NewStub(
        rpc::MakeChannel(absl::StrCat("127.0.0.1:", port_)));
  }

  // Runs `work(i)` for i in [0, n) on four threads.
  static void OnFourThreads(int n, const std::function<void(int)>& work) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = t; i < n; i += 4) work(i);
      });
    }
    for (auto& thread : threads) thread.join();
  }

  int64_t MerchantRows(const std::string& from_where) {
    return testing::CountRows(merchant_db_->options(), from_where);
  }

  member::v1::OrgUnit unit_;
  std::unique_ptr<TestDatabase> merchant_db_;
  std::string dir_;
  int port_ = 0;
  std::unique_ptr<Stub> stub_;
  std::unique_ptr<ChildProcess> process_;
};

TEST_F(MerchantSvcCrashTest, KilledMidEvaluationThenEachStandingChangesOnce) {
  StartMerchantSvc();
  const int64_t holder = ApprovedMember(unit_, 1);
  ActivatedCard(unit_, holder);
  const std::string member_token = Token(auth::Role::kMember, unit_.id(),
                                         unit_.path(), std::to_string(holder));

  // 1,200 active merchants; the card holder rates a quarter of them 1 star
  // and a quarter 5 stars.
  constexpr int kMerchants = 1200;
  std::vector<int64_t> ids(kMerchants, 0);
  OnFourThreads(kMerchants, [&](int i) {
    v1::CreateMerchantRequest create;
    v1::Merchant* m = create.mutable_merchant();
    m->set_owner_org_id("huanghua");
    m->set_name(absl::StrCat("黄骅惠民商户", i));
    m->set_licence_number(absl::StrCat("L-CRASH-", i));
    m->set_category(v1::CATEGORY_FOOD);
    m->add_locations("黄骅市渤海路88号");
    m->set_contact("0317-5321234");
    m->set_contract_from("2026-01-01");
    m->set_contract_to("2027-12-31");
    m->set_terms("会员持卡消费九折");
    auto created = CallAs(*stub_, &Stub::CreateMerchant, County(), create);
    ASSERT_TRUE(created.ok()) << created.status();
    v1::ChangeMerchantStateRequest activate;
    activate.set_merchant_id(created->id());
    activate.set_action(v1::CONTRACT_ACTION_ACTIVATE);
    ASSERT_TRUE(
        CallAs(*stub_, &Stub::ChangeMerchantState, County(), activate).ok());
    ids[i] = created->id();
    if (i % 4 < 2) {
      v1::RateMerchantRequest rate;
      rate.set_merchant_id(created->id());
      rate.set_stars(i % 4 == 0 ? 1 : 5);
      auto rated = CallAs(*stub_, &Stub::RateMerchant, member_token, rate);
      ASSERT_TRUE(rated.ok()) << rated.status();
    }
  });
  ASSERT_FALSE(HasFailure());

  const std::string today =
      absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), rpc::ChinaTime()));
  const std::string evaluated_today =
      absl::StrCat("evaluations WHERE day = '", today, "'");
  // Standing changes (merchant_history kind 2) of the day.
  const std::string standing_changes =
      absl::StrCat("merchant_history WHERE kind = 2 AND day = '", today, "'");
  v1::EvaluateMerchantsRequest run;
  run.set_date(today);
  absl::StatusOr<v1::EvaluationReport> first;
  std::thread evaluating(
      [&] { first = CallAs(*stub_, &Stub::EvaluateMerchants, City(), run); });
  // Killed once a quarter of the merchants are evaluated and before all.
  ASSERT_TRUE(Eventually(
      [&] { return MerchantRows(evaluated_today) >= kMerchants / 4; },
      absl::Seconds(60)));
  ASSERT_TRUE(KillServiceProcess(process_).ok());
  evaluating.join();
  const int64_t evaluated_at_kill = MerchantRows(evaluated_today);
  const int64_t changed_at_kill = MerchantRows(standing_changes);
  EXPECT_LT(evaluated_at_kill, kMerchants) << "the kill came after the end";
  EXPECT_FALSE(first.ok());
  if (!first.ok()) {
    EXPECT_EQ(first.status().code(), absl::StatusCode::kUnavailable)
        << first.status();
  }

  // Restarted, its own job evaluates the day at start; the clerk also runs
  // it again. Both finish; neither changes a standing twice.
  const absl::Time restarting = absl::Now();
  StartMerchantSvc();
  auto again = CallAs(*stub_, &Stub::EvaluateMerchants, City(), run);
  const absl::Time done = absl::Now();
  ASSERT_TRUE(again.ok()) << again.status();
  int changed_in_rerun = 0;
  std::map<v1::Standing, int> standings;
  for (const auto& m : again->merchants()) {
    changed_in_rerun += m.changed() ? 1 : 0;
    ++standings[m.standing()];
  }
  EXPECT_EQ(again->merchants_size(), kMerchants);
  EXPECT_EQ(standings, (std::map<v1::Standing, int>{
                           {v1::STANDING_NORMAL, kMerchants / 2},
                           {v1::STANDING_FEATURED, kMerchants / 4},
                           {v1::STANDING_WARNING, kMerchants / 4}}));
  EXPECT_TRUE(
      Eventually([&] { return MerchantRows(evaluated_today) == kMerchants; }));
  // 600 merchants moved, each once: before the kill or after it.
  EXPECT_EQ(MerchantRows(standing_changes), kMerchants / 2);
  EXPECT_EQ(MerchantRows(absl::StrCat(
                "(SELECT merchant_id FROM merchant_history WHERE kind = 2 "
                "GROUP BY merchant_id HAVING COUNT(*) > 1) twice")),
            0);
  EXPECT_EQ(MerchantRows("audit_log WHERE action = 'merchant.standing'"),
            kMerchants / 2);
  EXPECT_LE(changed_in_rerun, kMerchants / 2 - changed_at_kill);
  std::printf(
      "fault: merchant-svc SIGKILL mid-evaluation: %lld of %d merchants "
      "evaluated and %lld of %d standing changes made at the kill; restart "
      "and rerun took %.1f s; then %d evaluations, %lld standing changes, "
      "none twice\n",
      static_cast<long long>(evaluated_at_kill), kMerchants,
      static_cast<long long>(changed_at_kill), kMerchants / 2,
      absl::ToDoubleSeconds(done - restarting), again->merchants_size(),
      static_cast<long long>(MerchantRows(standing_changes)));
}

}  // namespace
}  // namespace unioncard::testing
