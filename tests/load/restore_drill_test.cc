// The restore drill (issue 17; README "Backup and restore runbook"), under
// traffic: deploy/local/backup.sh snapshots member-svc's and card-svc's
// schemas while members are registered and payouts made, restore.sh loads
// the snapshot into a fresh MariaDB, and member-svc and card-svc start on
// it (--migrations=verify) beside the same bank. What the drill shows:
//  - the snapshot is one instant across both schemas: every member has its
//    feed event, every card its member;
//  - nothing acknowledged before the backup began is missing (the recovery
//    point), and nothing is there that no caller asked for;
//  - the day's reconciliation against the bank finds the money the bank
//    booked after the recovery point — and nothing else: no payout missing
//    at the bank, none twice, no amount or card different. That list is
//    what an operator re-enters after a restore.
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "card-svc/test/api/card_service_env.h"
#include "common/grpc/api_types.h"
#include "common/testing/child_process.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"
#include "tests/load/load_driver.h"
#include "tests/load/load_people.h"

namespace unioncard::testing {
namespace {

namespace v1 = card::v1;

class RestoreDrillTest : public card::testing::CardServiceEnv {
 protected:
  void SetUp() override {
    CardServiceEnv::SetUp();
    if (HasFatalFailure()) return;
    dir_ = ::testing::TempDir() + "/restore-drill-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    card_bank_port_ = PickFreePort();
    StartBank({}, card_bank_port_);
    auto server = card::StartCardServer(CardConfig(card_bank_port_));
    ASSERT_TRUE(server.ok()) << server.status();
    card_server_ = *std::move(server);
    card_address_ = absl::StrCat("127.0.0.1:", card_server_->port());
  }
  void TearDown() override {
    restored_card_.reset();
    CardServiceEnv::TearDown();
    restored_db_.reset();
    RemoveAllButLogs(dir_);
  }

  // Runs one of deploy/local's scripts; its exit status, its output in
  // `output`.
  int RunScript(const std::string& script, const std::vector<std::string>& args,
                const std::vector<std::pair<std::string, std::string>>& env,
                std::string* output) {
    const std::string log = absl::StrCat(dir_, "/", script, ".log");
    std::vector<std::string> argv = {UNIONCARD_SOURCE_DIR "/deploy/local/" +
                                     script};
    argv.insert(argv.end(), args.begin(), args.end());
    auto process = ChildProcess::Start("/bin/bash", argv, env, log);
    if (!process.ok()) return -1;
    absl::StatusOr<int> status = (*process)->Wait(absl::Minutes(3));
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    *output = text.str();
    return status.ok() ? *status : -1;
  }

  static std::vector<std::string> Connection(const db::DbOptions& db) {
    return {"-h", db.host, "-P", std::to_string(db.port), "-u", db.user};
  }

  std::string dir_;
  int card_bank_port_ = 0;
  std::unique_ptr<MariaDbServer> restored_db_;
  std::unique_ptr<card::RunningCardSvc> restored_card_;
};

TEST_F(RestoreDrillTest, BackupUnderTrafficRestoresToOneInstantAndReconciles) {
  // Twelve members with activated cards, the payees.
  auto unit = CityAdmin().CreateUnion("botou", "泊头恢复演练工会");
  ASSERT_TRUE(unit.ok()) << unit.status();
  std::vector<int64_t> payees;
  for (int i = 1; i <= 12; ++i) payees.push_back(ApprovedMember(*unit, i));
  auto cards = CountyCards("botou").CreateBatch(unit->id(), payees);
  ASSERT_TRUE(cards.ok()) << cards.status();
  ASSERT_TRUE(
      Eventually([&] { return CardRows("cards WHERE state = 4") == 12; },
                 absl::Seconds(60)));

  // Traffic: workers 0–1 register members; worker 2 makes payout batches of
  // three (one clerk makes, another approves), recording when each
  // approval was acknowledged.
  std::mutex mu;
  std::map<int64_t, absl::Time> approved_at;  // batch → acknowledged
  LoadDriver load;
  load.Start(3, [&](int worker, int64_t n) {
    if (worker < 2) {
      auto stub = member::v1::MemberService::NewStub(channel_);
      auto context = rpc::OutboundContext(absl::Seconds(10));
      rpc::SetBearerToken(
          *context, auth::TokenSigner(key_).Issue({"staff@botou",
                                                   auth::Role::kCountyStaff,
                                                   "botou",
                                                   "/city/botou/",
                                                   {},
                                                   {}},
                                                  absl::Minutes(10)));
      member::v1::RegisterMemberRequest r =
          LoadPerson(unit->id(), 1000 + 100000 * worker + n);
      r.set_request_id(absl::StrCat("drill-register-", worker, "-", n));
      member::v1::Member m;
      return stub->RegisterMember(context.get(), r, &m).error_code();
    }
    absl::SleepFor(absl::Milliseconds(30));
    v1::CreatePayoutBatchRequest create;
    create.set_request_id(absl::StrCat("drill-payout-", n));
    create.set_programme_id("love-card-relief");
    create.set_title(absl::StrCat("恢复演练救助 ", n));
    for (int k = 0; k < 3; ++k) {
      v1::PayoutLine* line = create.add_items();
      line->set_member_id(payees[(3 * n + k) % payees.size()]);
      line->set_amount_fen(10000 + n);
      line->set_reason("困难职工救助");
    }
    auto batch = CountyCards("botou", "clerk-sun")
                     .Call(&v1::PayoutService::Stub::CreatePayoutBatch, create);
    if (!batch.ok())
      return static_cast<grpc::StatusCode>(batch.status().code());
    if (batch->state() == v1::PAYOUT_BATCH_STATE_AWAITING_APPROVAL) {
      v1::ApprovePayoutBatchRequest approve;
      approve.set_batch_id(batch->id());
      auto approved =
          CountyCards("botou", "head-zhou")
              .Call(&v1::PayoutService::Stub::ApprovePayoutBatch, approve);
      if (!approved.ok()) {
        return static_cast<grpc::StatusCode>(approved.status().code());
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    approved_at.emplace(batch->id(), absl::Now());
    return grpc::StatusCode::OK;
  });
  absl::SleepFor(absl::Seconds(2));
  // One batch made before the backup and approved only after it.
  v1::CreatePayoutBatchRequest straddling;
  straddling.set_request_id("drill-straddling");
  straddling.set_programme_id("love-card-relief");
  straddling.set_title("恢复演练救助 跨越备份");
  for (int64_t payee : payees) {
    v1::PayoutLine* line = straddling.add_items();
    line->set_member_id(payee);
    line->set_amount_fen(20000);
    line->set_reason("困难职工救助");
  }
  auto straddling_batch =
      CountyCards("botou", "clerk-sun")
          .Call(&v1::PayoutService::Stub::CreatePayoutBatch, straddling);
  ASSERT_TRUE(straddling_batch.ok()) << straddling_batch.status();

  // The backup, while the traffic runs.
  const db::DbOptions source = db_->options();
  const std::string backup = dir_ + "/uc.sql.gz";
  const absl::Time backup_began = absl::Now();
  const int64_t registered_before = load.done(0) + load.done(1);
  std::string backup_output;
  const int backed_up = RunScript(
      "backup.sh",
      [&] {
        std::vector<std::string> a = {backup};
        for (const std::string& s : Connection(source)) a.push_back(s);
        return a;
      }(),
      {{"MYSQL_PWD", source.password},
       {"UNIONCARD_SCHEMAS",
        absl::StrCat(source.database, " ", card_db_.options().database)}},
      &backup_output);
  const absl::Time backup_ended = absl::Now();
  ASSERT_EQ(backed_up, 0) << backup_output;
  {
    v1::ApprovePayoutBatchRequest approve;
    approve.set_batch_id(straddling_batch->id());
    ASSERT_TRUE(CountyCards("botou", "head-zhou")
                    .Call(&v1::PayoutService::Stub::ApprovePayoutBatch, approve)
                    .ok());
    std::lock_guard<std::mutex> lock(mu);
    approved_at.emplace(straddling_batch->id(), absl::Now());
  }
  absl::SleepFor(absl::Seconds(1));
  load.Stop();
  const int64_t registered = load.done(0) + load.done(1);
  ASSERT_TRUE(Eventually(
      [&] {
        return CardRows("payout_items WHERE state IN (1, 2, 3)") == 0 &&
               bank_->notifications_pending() == 0;
      },
      absl::Seconds(60)));
  // Which batch each payout key belongs to, from the live schema.
  std::map<std::string, int64_t> batch_of;
  auto keys = QueryRows(card_db_.options(),
                        "SELECT idempotency_key, batch_id FROM payout_items");
  ASSERT_TRUE(keys.ok()) << keys.status();
  for (const auto& row : *keys) batch_of[row[0]] = std::stoll(row[1]);

  // The old servers go; a fresh MariaDB gets the backup.
  card_server_->Stop();
  card_server_.reset();
  server_->Stop();
  server_.reset();
  auto fresh = MariaDbServer::Start();
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  restored_db_ = *std::move(fresh);
  db::DbOptions target = restored_db_->AdminOptions();
  std::string restore_output;
  const absl::Time restore_began = absl::Now();
  std::vector<std::string> restore_args = {backup};
  for (const std::string& s : Connection(target)) restore_args.push_back(s);
  ASSERT_EQ(RunScript("restore.sh", restore_args,
                      {{"MYSQL_PWD", target.password}}, &restore_output),
            0)
      << restore_output;
  const absl::Time restored = absl::Now();

  // Both services on the restored schemas, refusing a schema that does not
  // match their code; card-svc talks to the same bank as before.
  member::MemberServerConfig member_config = ServerConfig();
  member_config.db = target;
  member_config.db.database = source.database;
  member_config.db.schema_changes = db::DbOptions::SchemaChanges::kVerify;
  auto member_server = member::StartMemberServer(std::move(member_config));
  ASSERT_TRUE(member_server.ok()) << member_server.status();
  server_ = *std::move(member_server);
  channel_ = rpc::MakeChannel(absl::StrCat("127.0.0.1:", server_->port()));
  card::CardServerConfig card_config = CardConfig(card_bank_port_);
  card_config.db = target;
  card_config.db.database = card_db_.options().database;
  card_config.db.schema_changes = db::DbOptions::SchemaChanges::kVerify;
  // The payouts that were at the bank at the snapshot had their results
  // reported to the old card-svc: found on the bank's statement instead
  // (10 minutes after sending in production).
  card_config.payout_result_wait = absl::Seconds(1);
  auto card_server = card::StartCardServer(std::move(card_config));
  ASSERT_TRUE(card_server.ok()) << card_server.status();
  restored_card_ = *std::move(card_server);
  card_address_ = absl::StrCat("127.0.0.1:", restored_card_->port());

  auto restored_rows = [&](const std::string& database,
                           const std::string& from_where) {
    db::DbOptions o = target;
    o.database = database;
    return testing::CountRows(o, from_where);
  };
  const std::string& members_db = source.database;
  const std::string& cards_db = card_db_.options().database;
  auto restored_query = [&](const std::string& database,
                            const std::string& sql) {
    db::DbOptions o = target;
    o.database = database;
    return QueryRows(o, sql);
  };
  // Batches made before the snapshot and approved after it are back
  // awaiting approval: the checker approves them again (the runbook's
  // step), the bank knows their keys and pays nothing twice.
  auto awaiting =
      restored_query(cards_db, "SELECT id FROM payout_batches WHERE state = 1");
  ASSERT_TRUE(awaiting.ok()) << awaiting.status();
  EXPECT_GE(awaiting->size(), 1u) << "the straddling batch";
  for (const auto& row : *awaiting) {
    v1::ApprovePayoutBatchRequest approve;
    approve.set_batch_id(std::stoll(row[0]));
    auto approved =
        CountyCards("botou", "head-zhou")
            .Call(&v1::PayoutService::Stub::ApprovePayoutBatch, approve);
    ASSERT_TRUE(approved.ok()) << approved.status();
  }
  // Payouts at the bank at the snapshot, or sent again, are settled from
  // the bank's statement (their reports went to the old card-svc).
  ASSERT_TRUE(Eventually(
      [&] {
        return restored_rows(cards_db,
                             "payout_items WHERE state IN (1, 2, 3)") == 0;
      },
      absl::Seconds(60)));

  // One instant across both schemas.
  const int64_t members = restored_rows(members_db, "members");
  // One event per registration, and the payees' verification and approval.
  EXPECT_EQ(restored_rows(members_db, "member_events"), members + 2 * 12);
  EXPECT_EQ(
      restored_rows(cards_db, absl::StrCat("cards c LEFT JOIN `", members_db,
                                           "`.members m ON m.id = c.member_id "
                                           "WHERE m.id IS NULL")),
      0);
  // card-svc's place in member-svc's feed is not past the feed's end: the
  // snapshot caught the follower and what it follows at one instant.
  auto cursor = restored_query(cards_db, "SELECT position FROM feed_cursors");
  auto feed_end =
      restored_query(members_db, "SELECT MAX(sequence) FROM member_events");
  ASSERT_TRUE(cursor.ok() && feed_end.ok());
  ASSERT_EQ(cursor->size(), 1u);
  EXPECT_LE(std::stoll((*cursor)[0][0]), std::stoll((*feed_end)[0][0]));
  // The recovery point: everyone acknowledged before the backup began is
  // there; no one is there whom no caller registered.
  EXPECT_GE(members, 12 + registered_before);
  EXPECT_LE(members, 12 + registered);

  // The day's reconciliation on the restored card-svc.
  v1::ReconcileDayRequest day;
  day.set_date(
      absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), rpc::ChinaTime())));
  auto reconciliation =
      CityCards().Call(&v1::PayoutService::Stub::ReconcileDay, day);
  ASSERT_TRUE(reconciliation.ok()) << reconciliation.status();
  int64_t unknown_fen = 0;
  int unknown = 0, acknowledged_before_backup = 0;
  std::set<int64_t> lost_batches;
  for (const auto& d : reconciliation->differences()) {
    EXPECT_EQ(d.kind(), v1::ReconciliationDifference::KIND_UNKNOWN_AT_BANK)
        << d.ShortDebugString();
    if (d.kind() != v1::ReconciliationDifference::KIND_UNKNOWN_AT_BANK)
      continue;
    ++unknown;
    unknown_fen += d.bank_fen();
    const auto batch = batch_of.find(d.idempotency_key());
    ASSERT_NE(batch, batch_of.end()) << d.idempotency_key();
    lost_batches.insert(batch->second);
    // Only batches the snapshot does not hold at all: made after it.
    EXPECT_EQ(restored_rows(cards_db,
                            absl::StrCat("payout_items WHERE idempotency_key "
                                         "= '",
                                         d.idempotency_key(), "'")),
              0)
        << d.idempotency_key();
    const auto approval = approved_at.find(batch->second);
    if (approval != approved_at.end() && approval->second < backup_began) {
      ++acknowledged_before_backup;
    }
  }
  EXPECT_EQ(acknowledged_before_backup, 0)
      << "a payout approved before the backup began is missing from it";
  EXPECT_EQ(reconciliation->ledger_total_fen() + unknown_fen,
            reconciliation->bank_total_fen());
  EXPECT_EQ(reconciliation->matched(),
            restored_rows(cards_db, "payout_ledger"));
  EXPECT_EQ(reconciliation->matched() + unknown, bank_->payouts_booked());
  EXPECT_GT(reconciliation->matched(), 0);

  std::printf(
      "restore drill: backup under traffic in %.2f s (%s), restore in %.2f s; "
      "members: %lld restored, %lld acknowledged before the backup began, "
      "%lld by the end; payouts: %zu batches approved again after the "
      "restore, %d matched the bank, %d (of %zu batches made after the "
      "recovery point) booked by the bank and not ours, none approved before "
      "it; %d approvals in all\n",
      absl::ToDoubleSeconds(backup_ended - backup_began),
      backup_output.substr(0, backup_output.find('\n')).c_str(),
      absl::ToDoubleSeconds(restored - restore_began),
      static_cast<long long>(members),
      static_cast<long long>(12 + registered_before),
      static_cast<long long>(12 + registered), awaiting->size(),
      reconciliation->matched(), unknown, lost_batches.size(),
      static_cast<int>(approved_at.size()));
}

}  // namespace
}  // namespace unioncard::testing
