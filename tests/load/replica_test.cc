// Replicas on one database (issue 17), as Kubernetes scales them: two
// card-svc and two assessment-svc replicas on one schema each, batches
// created through both card-svc replicas, each assessment-svc replica
// following the card feed of a different card-svc replica. Background work
// is idempotent by construction (card-svc claims batch pages and orders in
// the database; assessment-svc's counters move only when a row keyed by
// the card is first inserted), and this checks it: every card is applied
// for, changed and counted exactly once.
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "assessment-svc/test/api/assessment_test_server.h"
#include "card-svc/test/api/card_service_env.h"
#include "common/import/member_csv_import.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"
#include "member-svc/test/api/member_test_env.h"
#include "tests/load/load_driver.h"
#include "tests/load/load_people.h"

namespace unioncard::testing {
namespace {

class ReplicaTest : public card::testing::CardServiceEnv {
 protected:
  void SetUp() override {
    CardServiceEnv::SetUp();
    if (HasFatalFailure()) return;
    StartCardSvc();
    card_a_ = card_address_;
    // The second card-svc replica: same schema, its own ports.
    auto second = card::StartCardServer(CardConfig(PickFreePort()));
    ASSERT_TRUE(second.ok()) << second.status();
    card_replica_ = *std::move(second);
    card_b_ = absl::StrCat("127.0.0.1:", card_replica_->port());

    auto db = TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    assessment_db_ = *std::move(db);
    for (const std::string& card : {card_a_, card_b_}) {
      auto config = assessment::testing::AssessmentTestConfig(
          assessment_db_->options(), key_,
          {absl::StrCat("127.0.0.1:", member_port()), card,
           // Not asked in this test (service items are counted on demand).
           "127.0.0.1:1"});
      ASSERT_TRUE(config.ok()) << config.status();
      auto server = assessment::StartAssessmentServer(*std::move(config));
      ASSERT_TRUE(server.ok()) << server.status();
      assessment_.push_back(*std::move(server));
    }
  }
  void TearDown() override {
    assessment_.clear();
    card_replica_.reset();
    CardServiceEnv::TearDown();
  }

  // SUM(first_issues), SUM(live_delta), SUM(activations) of daily_cards.
  std::vector<int64_t> CounterSums() {
    std::vector<int64_t> sums(3, -1);
    auto rows = QueryRows(assessment_db_->options(),
                          "SELECT COALESCE(SUM(first_issues), 0), "
                          "COALESCE(SUM(live_delta), 0), "
                          "COALESCE(SUM(activations), 0) FROM daily_cards");
    if (rows.ok() && rows->size() == 1) {
      for (int i = 0; i < 3; ++i) {
        if (!absl::SimpleAtoi((*rows)[0][i], &sums[i])) sums[i] = -1;
      }
    }
    return sums;
  }

  std::string card_a_, card_b_;
  std::unique_ptr<card::RunningCardSvc> card_replica_;
  std::unique_ptr<TestDatabase> assessment_db_;
  std::vector<std::unique_ptr<assessment::RunningAssessmentSvc>> assessment_;
};

TEST_F(ReplicaTest, TwoReplicasEachApplyAndCountEveryCardOnce) {
  constexpr int kUnions = 4, kPerUnion = 12;
  std::vector<int64_t> batches;
  std::vector<std::string> via;
  int n = 0;
  for (int u = 0; u < kUnions; ++u) {
    const std::string county = u % 2 == 0 ? "xinhua" : "cangxian";
    auto unit =
        CityAdmin().CreateUnion(county, absl::StrCat("副本测试工会", u));
    ASSERT_TRUE(unit.ok()) << unit.status();
    std::vector<int64_t> members;
    for (int i = 0; i < kPerUnion; ++i) {
      members.push_back(ApprovedMember(*unit, ++n));
    }
    // Alternate replicas for the batches.
    card_address_ = u % 2 == 0 ? card_a_ : card_b_;
    auto batch = CountyCards(county).CreateBatch(unit->id(), members);
    ASSERT_TRUE(batch.ok()) << batch.status();
    batches.push_back(batch->id());
  }
  card_address_ = card_a_;
  const int kMembers = kUnions * kPerUnion;
  ASSERT_TRUE(Eventually(
      [&] {
        for (int64_t id : batches) {
          auto b = CityCards().GetBatch(id);
          if (!b.ok() || b->activated() != kPerUnion) return false;
        }
        return true;
      },
      absl::Seconds(90)));
  EXPECT_EQ(CardRows("cards"), kMembers);
  EXPECT_EQ(CardRows("(SELECT member_id FROM cards GROUP BY member_id "
                     "HAVING COUNT(*) > 1) twice"),
            0);
  EXPECT_EQ(CardRows("card_history"), kMembers * 4);
  EXPECT_EQ(bank_->applications(), kMembers);
  // Both assessment replicas read the whole card feed; the counters show
  // each card once.
  EXPECT_TRUE(Eventually([&] {
    return CounterSums() == std::vector<int64_t>{kMembers, kMembers, kMembers};
  })) << "daily_cards sums: "
      << CounterSums()[0] << ", " << CounterSums()[1] << ", "
      << CounterSums()[2];
  // Both replicas read the feed to its end, and nothing moved further.
  EXPECT_TRUE(Eventually([&] {
    return assessment_[0]->card_feed_position() > 0 &&
           assessment_[0]->card_feed_position() ==
               assessment_[1]->card_feed_position();
  }));
  EXPECT_EQ(CounterSums(),
            (std::vector<int64_t>{kMembers, kMembers, kMembers}));
}

// Two member-svc replicas on one schema (issue 17) while the data key
// rotates: both start with a new active key and the old one retired, so
// both rotation jobs re-seal the same old rows at once, while clients
// register new members, change old members' mobiles and import the same
// file through both replicas. Every acknowledged change is there once, no
// change is undone by a re-seal that read the row before it, and no row is
// left under the old key.
class MemberReplicaTest : public member::testing::MemberServiceEnv {
 protected:
  // Members whose ID number or mobile is sealed under `kid` (the key id is
  // the blob's length-prefixed header).
  static std::string SealedUnderClause(const std::string& column,
                                       const std::string& kid) {
    return absl::StrCat("SUBSTRING(", column, ", 3, ORD(SUBSTRING(", column,
                        ", 2, 1))) = '", kid, "'");
  }
  int64_t SealedUnder(const std::string& kid) {
    return CountRows(absl::StrCat(
        "members WHERE ", SealedUnderClause("id_number_cipher", kid), " OR ",
        SealedUnderClause("mobile_cipher", kid)));
  }

  static std::string Csv(const std::string& org_id, int64_t first, int n) {
    std::string csv = "name,id_number,mobile,join_date\n";
    for (int64_t i = first; i < first + n; ++i) {
      const member::v1::RegisterMemberRequest p = LoadPerson(org_id, i);
      absl::StrAppend(&csv, p.name(), ",", p.id_number(), ",", p.mobile(), ",",
                      p.join_date(), "\n");
    }
    return csv;
  }

  absl::StatusOr<import::MemberCsvResult> Import(
      const std::shared_ptr<grpc::Channel>& channel, const std::string& csv) {
    import::MemberCsvOptions options;
    options.default_org_id = unit_.id();
    options.token = county_token_;
    options.source_name = "replicas.csv";
    options.rows_per_message = 200;
    options.deadline = absl::Minutes(2);
    auto stub = member::v1::MemberService::NewStub(channel);
    return import::ImportMemberCsv(*stub, csv, options);
  }

  member::v1::OrgUnit unit_;
  std::string county_token_;
};

TEST_F(MemberReplicaTest, TwoReplicasRotatingTheKeyUnderLoadKeepEveryChange) {
  namespace v1 = member::v1;
  auto unit = CityAdmin().CreateUnion("xinhua", "新华区副本测试工会");
  ASSERT_TRUE(unit.ok()) << unit.status();
  unit_ = *unit;
  county_token_ = auth::TokenSigner(key_).Issue({"staff@xinhua",
                                                 auth::Role::kCountyStaff,
                                                 "xinhua",
                                                 "/city/xinhua/",
                                                 {},
                                                 {}},
                                                absl::Hours(1));
  // 8,000 members sealed under the first key.
  constexpr int kOld = 8000;
  auto old = Import(channel_, Csv(unit_.id(), 0, kOld));
  ASSERT_TRUE(old.ok()) << old.status();
  ASSERT_EQ(old->created, kOld);
  auto rows = QueryRows(db_->options(), "SELECT id FROM members ORDER BY id");
  ASSERT_TRUE(rows.ok()) << rows.status();
  std::vector<int64_t> old_ids;
  for (const auto& row : *rows) old_ids.push_back(std::stoll(row[0]));
  ASSERT_EQ(old_ids.size(), static_cast<size_t>(kOld));
  const std::string old_kid = data_keys_.encryption.active_kid;
  ASSERT_EQ(SealedUnder(old_kid), kOld);

  // Both replicas come up with the new key active and the old retired.
  const crypto::Keyring fresh = crypto::Keyring::Generate("e2");
  data_keys_.encryption.keys["e2"] = fresh.keys.at("e2");
  data_keys_.encryption.active_kid = "e2";
  data_keys_.encryption.retired = {old_kid};
  RestartServer();
  auto second = member::StartMemberServer(ServerConfig());
  ASSERT_TRUE(second.ok()) << second.status();
  std::unique_ptr<rpc::ServiceHost> replica = *std::move(second);
  const std::vector<std::shared_ptr<grpc::Channel>> replicas = {
      channel_, rpc::MakeChannel(absl::StrCat("127.0.0.1:", replica->port()))};

  // Workers 0–1 register new people; workers 2–3 change the mobiles of the
  // old members (each its own half, so the last acknowledged mobile of a
  // member is known); each operation through the replica its number picks.
  std::mutex mu;
  std::map<int64_t, std::string> last_mobile;  // member → acknowledged
  int64_t changed_before_reseal = 0;
  auto rows_pool = db::ConnectionPool::Create(db_->options());
  ASSERT_TRUE(rows_pool.ok()) << rows_pool.status();
  LoadDriver load;
  load.Start(4, [&](int worker, int64_t n) {
    auto stub = v1::MemberService::NewStub(replicas[(worker + n) % 2]);
    auto context = rpc::OutboundContext(absl::Seconds(10));
    rpc::SetBearerToken(*context, county_token_);
    if (worker < 2) {
      v1::RegisterMemberRequest r =
          LoadPerson(unit_.id(), 100000 * (worker + 1) + n);
      r.set_request_id(absl::StrCat("register-", worker, "-", n));
      v1::Member m;
      return stub->RegisterMember(context.get(), r, &m).error_code();
    }
    // From the highest id down while the re-seal walks up: the changes
    // meet rows before, during and after their re-seal.
    const int64_t id = old_ids[kOld - 1 - (2 * n + worker - 2) % kOld];
    const std::string mobile = absl::StrFormat("139%02d%06d", worker, n);
    v1::UpdateMemberRequest r;
    r.set_request_id(absl::StrCat("mobile-", worker, "-", n));
    r.mutable_member()->set_id(id);
    r.mutable_member()->set_mobile(mobile);
    r.mutable_update_mask()->add_paths("mobile");
    v1::Member m;
    const grpc::StatusCode code =
        stub->UpdateMember(context.get(), r, &m).error_code();
    if (code == grpc::StatusCode::OK) {
      // Its ID number still under the old key: the change came first.
      const bool before_reseal =
          testing::CountRows(**rows_pool,
                             absl::StrCat("members WHERE id = ", id, " AND ",
                                          SealedUnderClause("id_number_cipher",
                                                            old_kid))) == 1;
      std::lock_guard<std::mutex> lock(mu);
      last_mobile[id] = mobile;
      if (before_reseal) ++changed_before_reseal;
    }
    return code;
  });
  // The same file of 3,000 through both replicas at once.
  const std::string csv = Csv(unit_.id(), 50000, 3000);
  absl::StatusOr<import::MemberCsvResult> via_a, via_b;
  std::thread import_a([&] { via_a = Import(replicas[0], csv); });
  std::thread import_b([&] { via_b = Import(replicas[1], csv); });
  import_a.join();
  import_b.join();
  const bool resealed =
      Eventually([&] { return SealedUnder(old_kid) == 0; }, absl::Seconds(90));
  absl::SleepFor(absl::Seconds(1));
  load.Stop();

  ASSERT_TRUE(via_a.ok()) << via_a.status();
  ASSERT_TRUE(via_b.ok()) << via_b.status();
  EXPECT_TRUE(resealed) << SealedUnder(old_kid) << " rows still under "
                        << old_kid;
  const int64_t registered = load.done(0) + load.done(1);
  const int64_t updated = load.done(2) + load.done(3);
  EXPECT_EQ(via_a->failed + via_b->failed, 0);
  EXPECT_EQ(via_a->created + via_b->created, 3000);
  EXPECT_EQ(via_a->unchanged + via_b->unchanged, 3000);
  const int64_t members = CountRows("members");
  EXPECT_EQ(members, kOld + 3000 + registered);
  // One event per member and per acknowledged change.
  EXPECT_EQ(CountRows("member_events"), members + updated);
  // ABORTED: a deadlock between a change and a re-seal, retried as told.
  EXPECT_TRUE(load.UnexpectedCodes(absl::InfinitePast(), absl::InfiniteFuture(),
                                   {grpc::StatusCode::ABORTED})
                  .empty())
      << "attempts: "
      << absl::StrJoin(load.CodeCounts(), ", ", absl::PairFormatter(" "));

  // Every changed member reads back with its last acknowledged mobile, with
  // the old key gone from both replicas' files: a re-seal that read a row
  // before its change did not write the old mobile back.
  data_keys_.encryption.keys.erase(old_kid);
  data_keys_.encryption.retired.clear();
  replica->Stop();
  RestartServer();
  // Changes met rows the re-seal had not reached yet.
  EXPECT_GT(changed_before_reseal, 0) << "the load came after the re-seal";
  member::testing::Caller city = CityAdmin();
  int checked = 0;
  for (const auto& [id, mobile] : last_mobile) {
    absl::StatusOr<v1::Member> m = city.Get(id, /*reveal=*/true);
    ASSERT_TRUE(m.ok()) << id << ": " << m.status();
    EXPECT_EQ(m->mobile(), mobile) << "member " << id;
    ++checked;
  }
  std::printf(
      "replicas: two member-svc re-sealed %d rows while %lld registrations, "
      "%lld mobile changes (%lld to rows not yet re-sealed) and a 3,000-row "
      "file imported through both (%d + %d created) went in; %d changed "
      "members read back as last written; latency p50 %.1f ms, p99 %.1f "
      "ms\n",
      kOld, static_cast<long long>(registered), static_cast<long long>(updated),
      static_cast<long long>(changed_before_reseal), via_a->created,
      via_b->created, checked, absl::ToDoubleMilliseconds(load.Percentile(0.5)),
      absl::ToDoubleMilliseconds(load.Percentile(0.99)));
  EXPECT_GT(updated, 0);
}

}  // namespace
}  // namespace unioncard::testing
