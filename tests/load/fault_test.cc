// Faults under load (issue 17): the database killed while members are
// being registered, and member-svc killed in the middle of an import. The
// load driver (load_driver.h) is the record of what callers were told;
// after each fault nothing acknowledged is missing, nothing is there twice,
// the change feed has one event per member, callers saw UNAVAILABLE or
// DEADLINE_EXCEEDED while the fault lasted (never INTERNAL), and the
// recovery time is printed.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "card-svc/test/api/card_service_env.h"
#include "common/auth/token.h"
#include "common/crypto/keyring.h"
#include "common/grpc/client.h"
#include "common/import/member_csv_import.h"
#include "common/testing/child_process.h"
#include "common/testing/eventually.h"
#include "common/testing/mariadb_server.h"
#include "common/testing/service_process.h"
#include "gtest/gtest.h"
#include "member-svc/test/api/member_test_env.h"
#include "tests/load/load_driver.h"
#include "tests/load/load_people.h"

namespace unioncard::testing {
namespace {

using member::testing::Caller;
namespace v1 = member::v1;

std::string Describe(const std::map<std::string, int64_t>& counts) {
  std::vector<std::string> parts;
  for (const auto& [code, n] : counts)
    parts.push_back(absl::StrCat(code, " ", n));
  return absl::StrJoin(parts, ", ");
}

// member-svc in this process on a MariaDB of the test's own, which the
// test kills with SIGKILL and restarts.
class DatabaseFaultTest : public member::testing::MemberServiceEnv {
 protected:
  absl::StatusOr<std::unique_ptr<TestDatabase>> NewDatabase() override {
    auto server = MariaDbServer::Start();
    if (!server.ok()) return server.status();
    mariadb_ = *std::move(server);
    return TestDatabase::CreateOn(mariadb_->AdminOptions());
  }
  void TearDown() override {
    MemberServiceEnv::TearDown();
    db_.reset();
    mariadb_.reset();
  }
  std::unique_ptr<MariaDbServer> mariadb_;
};

TEST_F(DatabaseFaultTest,
       MariaDbKilledUnderRegistrationsLosesAndDoublesNothing) {
  auto unit = CityAdmin().CreateUnion("xinhua", "新华区物流园工会");
  ASSERT_TRUE(unit.ok()) << unit.status();
  Caller county = CountyStaff("xinhua");
  constexpr int kWorkers = 4;
  LoadDriver load;
  load.Start(kWorkers, [&](int worker, int64_t n) {
    v1::RegisterMemberRequest r = LoadPerson(unit->id(), worker * 100000 + n);
    // The same request id on every retry: a retry after a lost answer
    // returns the first result instead of registering twice.
    r.set_request_id(absl::StrCat("load-", worker, "-", n));
    auto context = county.Context();
    v1::Member m;
    return county.members().RegisterMember(context.get(), r, &m).error_code();
  });
  absl::SleepFor(absl::Seconds(2));
  const int64_t before = load.total_done();
  const absl::Time killed = absl::Now();
  ASSERT_TRUE(mariadb_->Kill().ok());
  absl::SleepFor(absl::Seconds(3));
  const int64_t during = load.total_done() - before;
  const absl::Time restarting = absl::Now();
  ASSERT_TRUE(mariadb_->Restart().ok());
  const absl::Time restarted = absl::Now();
  absl::SleepFor(absl::Seconds(3));
  load.Stop();

  const absl::Time recovered = load.FirstSuccessAfter(restarted);
  const int64_t members = CountRows("members");
  std::printf(
      "fault: MariaDB SIGKILL under %d registering clients: %lld registered "
      "(%lld before the kill, %lld while down); attempts %s; MariaDB "
      "restart took %.1f s, first registration %.2f s after it\n",
      kWorkers, static_cast<long long>(load.total_done()),
      static_cast<long long>(before), static_cast<long long>(during),
      Describe(load.CodeCounts()).c_str(),
      absl::ToDoubleSeconds(restarted - restarting),
      absl::ToDoubleSeconds(recovered - restarted));
  EXPECT_GT(before, 0);
  EXPECT_LT(recovered, absl::InfiniteFuture()) << "never recovered";
  // What the callers were told is what is there: nothing lost, nothing twice.
  EXPECT_EQ(members, load.total_done());
  EXPECT_EQ(CountRows("member_events"), members);
  // While it was down, callers were told to retry — never INTERNAL.
  EXPECT_GT(load.UnexpectedCodes(killed, restarted, {}).size(), 0u)
      << "the kill did not reach the callers";
  EXPECT_TRUE(load.UnexpectedCodes(absl::InfinitePast(), absl::InfiniteFuture(),
                                   {grpc::StatusCode::UNAVAILABLE,
                                    grpc::StatusCode::DEADLINE_EXCEEDED})
                  .empty())
      << Describe(load.CodeCounts());
}

// member-svc as its own process (the binary), killed with SIGKILL while a
// clerk's file streams in, restarted, and the same file imported again —
// as a clerk would after "the connection dropped".
class MemberSvcCrashTest : public member::testing::MemberServiceEnv {
 protected:
  void SetUp() override {
    MemberServiceEnv::SetUp();  // the schema; member-svc runs as a process
    if (HasFatalFailure()) return;
    server_->Stop();
    server_.reset();
    dir_ = ::testing::TempDir() + "/member-crash-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    port_ = PickFreePort();
    channel_ = rpc::MakeChannel(absl::StrCat("127.0.0.1:", port_));
  }
  void TearDown() override {
    process_.reset();
    RemoveAllButLogs(dir_);
    MemberServiceEnv::TearDown();
  }

  void StartMemberSvc() {
    auto process = StartServiceProcess(MemberProcess(dir_, port_));
    ASSERT_TRUE(process.ok()) << process.status();
    process_ = *std::move(process);
  }

  std::string Token(auth::Role role, const std::string& org,
                    const std::string& path) {
    auth::Principal p{
        absl::StrCat(auth::RoleName(role), "@", org), role, org, path, {}, {}};
    return auth::TokenSigner(key_).Issue(p, absl::Hours(1));
  }

  int64_t Rows(const std::string& from_where) { return CountRows(from_where); }

  std::string dir_;
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

TEST_F(MemberSvcCrashTest, KilledMidImportThenTheSameFileImportsEveryoneOnce) {
  StartMemberSvc();
  // A grassroots union of xinhua and a file of 20,000 of its members (a
  // second or more to import, so the kill lands in the middle).
  v1::CreateGrassrootsUnionRequest create;
  create.set_parent_id("xinhua");
  create.set_id("xinhua-port");
  create.set_name("新华区港务工会");
  v1::OrgUnit unit;
  {
    auto context = rpc::OutboundContext(absl::Seconds(10));
    rpc::SetBearerToken(
        *context, Token(auth::Role::kCountyStaff, "xinhua", "/city/xinhua/"));
    grpc::Status s = v1::OrgService::NewStub(channel_)->CreateGrassrootsUnion(
        context.get(), create, &unit);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  constexpr int kRows = 20000;
  std::string csv = "name,id_number,mobile,join_date\n";
  for (int n = 0; n < kRows; ++n) {
    const v1::RegisterMemberRequest p = LoadPerson(unit.id(), n);
    absl::StrAppend(&csv, p.name(), ",", p.id_number(), ",", p.mobile(), ",",
                    p.join_date(), "\n");
  }
  import::MemberCsvOptions options;
  options.default_org_id = unit.id();
  options.token = Token(auth::Role::kCountyStaff, "xinhua", "/city/xinhua/");
  options.source_name = "港务工会会员.csv";
  options.rows_per_message = 100;
  options.deadline = absl::Minutes(2);

  absl::StatusOr<import::MemberCsvResult> first;
  std::thread importing([&] {
    auto stub = v1::MemberService::NewStub(channel_);
    first = import::ImportMemberCsv(*stub, csv, options);
  });
  // Killed once some rows are in and before all are.
  ASSERT_TRUE(
      Eventually([&] { return Rows("members") >= 500; }, absl::Seconds(60)));
  ASSERT_TRUE(KillServiceProcess(process_).ok());
  const absl::Time killed = absl::Now();
  importing.join();
  EXPECT_FALSE(first.ok()) << "the import finished before the kill";
  if (!first.ok()) {
    EXPECT_EQ(first.status().code(), absl::StatusCode::kUnavailable)
        << first.status();
  }
  StartMemberSvc();
  const absl::Duration restart = absl::Now() - killed;
  // Counted once member-svc is back: a commit it sent just before dying
  // may still have landed after the client saw the stream break.
  const int64_t kept = Rows("members");

  auto stub = v1::MemberService::NewStub(channel_);
  absl::StatusOr<import::MemberCsvResult> again =
      import::ImportMemberCsv(*stub, csv, options);
  ASSERT_TRUE(again.ok()) << again.status();
  std::printf(
      "fault: member-svc SIGKILL mid-import: %lld of %d rows were in; after "
      "a restart (%.1f s to serving) the same file: %d created, %d "
      "unchanged, %d failed\n",
      static_cast<long long>(kept), kRows, absl::ToDoubleSeconds(restart),
      again->created, again->unchanged, again->failed);
  EXPECT_EQ(again->failed, 0);
  EXPECT_EQ(again->created + again->unchanged, kRows);
  EXPECT_EQ(again->unchanged, kept);
  EXPECT_EQ(Rows("members"), kRows);
  EXPECT_EQ(Rows("member_events"), kRows);
}

// The partner bank stops answering, longer than card-svc's 10 s deadline
// for a bank call, then its server goes away (connections dropped) and
// comes back on the same address.
class BankFaultTest : public card::testing::CardServiceEnv {};

TEST_F(BankFaultTest, HungThenDroppedBankIssuesEveryCardOnceAfterwards) {
  StartCardSvc();
  auto unit = CityAdmin().CreateUnion("xinhua", "新华区邮政工会");
  ASSERT_TRUE(unit.ok()) << unit.status();
  constexpr int kMembers = 30;
  std::vector<int64_t> members;
  for (int n = 1; n <= kMembers; ++n)
    members.push_back(ApprovedMember(*unit, n));

  bank_->SetHung(true);
  const absl::Time hung = absl::Now();
  auto batch = CountyCards("xinhua").CreateBatch(unit->id(), members);
  ASSERT_TRUE(batch.ok()) << batch.status();
  // card-svc keeps answering its own callers while the bank does not.
  absl::Duration slowest_read;
  while (absl::Now() - hung < absl::Seconds(12)) {
    const absl::Time start = absl::Now();
    auto b = CityCards().GetBatch(batch->id());
    slowest_read = std::max(slowest_read, absl::Now() - start);
    ASSERT_TRUE(b.ok()) << b.status();
    EXPECT_EQ(b->issued(), 0);
    absl::SleepFor(absl::Milliseconds(500));
  }
  // Then the bank's server goes away, and the bank answers again.
  const int bank_port = bank_runner_->port();
  StopBankServer();
  bank_->SetHung(false);
  absl::SleepFor(absl::Seconds(2));
  StartBankServer(bank_port);
  const absl::Time back = absl::Now();
  ASSERT_TRUE(Eventually(
      [&] {
        auto b = CityCards().GetBatch(batch->id());
        return b.ok() && b->activated() == kMembers;
      },
      absl::Seconds(60)))
      << "the cards were not issued after the bank came back";
  std::printf(
      "fault: bank hung 12 s then dropped 2 s: card-svc's slowest read "
      "meanwhile %.0f ms; all %d cards activated %.1f s after the bank "
      "came back\n",
      absl::ToDoubleMilliseconds(slowest_read), kMembers,
      absl::ToDoubleSeconds(absl::Now() - back));
  EXPECT_LT(slowest_read, absl::Seconds(2));
  // One card per member, one history row per change, one application each.
  EXPECT_EQ(CardRows("cards"), kMembers);
  EXPECT_EQ(CardRows("card_history"), kMembers * 4);
  EXPECT_EQ(bank_->applications(), kMembers);
}

}  // namespace
}  // namespace unioncard::testing
