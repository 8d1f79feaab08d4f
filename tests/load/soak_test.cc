// The soak (issue 17): mixed traffic against member-svc and card-svc (with
// bank-sim) for UNIONCARD_SOAK_SECONDS (60 by default, the CI variant; the
// README's figures come from a 600 s run): registrations, reviews, reads,
// lists, card batches and out-of-scope lookups (an intended refusal).
// Passes when no call failed except the intended refusals and memory, open
// files and database connections stayed flat after warm-up; prints p50/p99
// per kind of call.
#include <dirent.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "card-svc/test/api/card_service_env.h"
#include "common/grpc/status_bridge.h"
#include "common/testing/mariadb_server.h"
#include "common/testing/process_memory.h"
#include "common/testing/service_process.h"
#include "gtest/gtest.h"
#include "tests/load/load_driver.h"
#include "tests/load/load_people.h"

namespace unioncard::testing {
namespace {

namespace v1 = member::v1;

int OpenFiles(pid_t pid) {
  int n = 0;
  if (DIR* dir = opendir(absl::StrCat("/proc/", pid, "/fd").c_str())) {
    while (readdir(dir) != nullptr) ++n;
    closedir(dir);
  }
  return n - 2;  // . and ..
}

// One look at a process.
struct Usage {
  int64_t rss_kib;
  int files;
};

// What a service may grow after warm-up in a soak, per run.
constexpr int64_t kRssGrowthKiB = 16 * 1024;

struct Sample {
  absl::Duration at;
  Usage member_svc, card_svc, driver;  // the driver: this process, bank-sim
  int64_t db_connections;
};

// member-svc and card-svc run as processes of their own (the binaries, as
// deployed), so each one's memory and open files are its own; bank-sim and
// the load driver run in this process.
class SoakTest : public card::testing::CardServiceEnv {
 protected:
  void SetUp() override {
    CardServiceEnv::SetUp();
    if (HasFatalFailure()) return;
    server_->Stop();
    server_.reset();
    dir_ = ::testing::TempDir() + "/soak-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    const ServiceProcessOptions member = MemberProcess(dir_, PickFreePort());
    auto member_svc = StartServiceProcess(member);
    ASSERT_TRUE(member_svc.ok()) << member_svc.status();
    member_svc_ = *std::move(member_svc);
    member_address_ = absl::StrCat("127.0.0.1:", member.port);
    channel_ = rpc::MakeChannel(member_address_);

    const int card_bank_port = PickFreePort();
    StartBank({}, card_bank_port);
    const int card_port = PickFreePort();
    auto card_svc =
        StartServiceProcess(CardProcess(dir_, card_port, card_bank_port));
    ASSERT_TRUE(card_svc.ok()) << card_svc.status();
    card_svc_ = *std::move(card_svc);
    card_address_ = absl::StrCat("127.0.0.1:", card_port);
  }
  void TearDown() override {
    card_svc_.reset();
    member_svc_.reset();
    CardServiceEnv::TearDown();
    RemoveAllButLogs(dir_);  // logscan reads the services' logs
  }

  static Usage Of(pid_t pid) {
    return {ReadProcessMemory(pid).rss_kib, OpenFiles(pid)};
  }

  std::string dir_;
  std::unique_ptr<ChildProcess> member_svc_, card_svc_;
};

TEST_F(SoakTest, MixedTrafficStaysErrorFreeAndFlat) {
  int seconds = 60;
  if (const char* s = std::getenv("UNIONCARD_SOAK_SECONDS")) {
    ASSERT_TRUE(absl::SimpleAtoi(s, &seconds) && seconds >= 10) << s;
  }
  auto unit = CityAdmin().CreateUnion("xinhua", "新华区长跑工会");
  ASSERT_TRUE(unit.ok()) << unit.status();

  enum Kind { kRegister, kReview, kRead, kList, kCards, kRefused, kKinds };
  const char* const names[kKinds] = {
      "RegisterMember", "ReviewMembers x2", "GetMember",
      "ListMembers",    "card batch",       "out-of-scope GetMember"};
  // Worker w does kind kKindOf[w].
  const std::vector<Kind> kind_of = {kRegister, kRegister, kReview, kRead,
                                     kList,     kCards,    kRefused};
  std::mutex mu;
  std::vector<int64_t> registered, approved;  // member ids
  size_t reviewed = 0, carded = 0;
  std::atomic<int64_t> refusals{0};
  member::testing::Caller county = CountyStaff("xinhua");
  member::testing::Caller other_county = CountyStaff("cangxian");
  member::testing::Caller city = CityAdmin();
  card::testing::CardCaller cards = CountyCards("xinhua");

  auto any_member = [&]() -> int64_t {
    std::lock_guard<std::mutex> lock(mu);
    if (registered.empty()) return 0;
    return registered[std::rand() % registered.size()];
  };
  LoadDriver load;
  load.Start(static_cast<int>(kind_of.size()), [&](int worker, int64_t n) {
    switch (kind_of[worker]) {
      case kRegister: {
        v1::RegisterMemberRequest r =
            LoadPerson(unit->id(), worker * 1000000 + n);
        r.set_request_id(absl::StrCat("soak-", worker, "-", n));
        auto m = county.Register(r);
        if (m.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          registered.push_back(m->id());
        }
        return rpc::ToGrpcStatus(m.status()).error_code();
      }
      case kReview: {
        int64_t id = 0;
        {
          std::lock_guard<std::mutex> lock(mu);
          if (reviewed < registered.size()) id = registered[reviewed];
        }
        if (id == 0) return LoadDriver::kIdle;  // nothing to review yet
        auto verified = county.Review({id}, v1::REVIEW_ACTION_VERIFY);
        if (!verified.ok())
          return rpc::ToGrpcStatus(verified.status()).error_code();
        auto done = city.Review({id}, v1::REVIEW_ACTION_APPROVE);
        if (!done.ok()) return rpc::ToGrpcStatus(done.status()).error_code();
        std::lock_guard<std::mutex> lock(mu);
        ++reviewed;
        approved.push_back(id);
        return grpc::StatusCode::OK;
      }
      case kRead: {
        const int64_t id = any_member();
        if (id == 0) return LoadDriver::kIdle;
        return rpc::ToGrpcStatus(county.Get(id).status()).error_code();
      }
      case kList: {
        v1::ListMembersRequest list;
        list.set_org_id(unit->id());
        list.set_page_size(50);
        v1::ListMembersResponse page;
        auto context = county.Context();
        return county.members()
            .ListMembers(context.get(), list, &page)
            .error_code();
      }
      case kCards: {
        std::vector<int64_t> batch;
        {
          std::lock_guard<std::mutex> lock(mu);
          if (approved.size() - carded >= 10) {
            batch.assign(approved.begin() + carded, approved.end());
          }
        }
        if (batch.empty()) return LoadDriver::kIdle;
        auto b = cards.CreateBatch(unit->id(), batch,
                                   absl::StrCat("soak-batch-", n));
        if (b.ok()) {
          std::lock_guard<std::mutex> lock(mu);
          carded += batch.size();
        }
        return rpc::ToGrpcStatus(b.status()).error_code();
      }
      case kRefused: {
        const int64_t id = any_member();
        if (id == 0) return LoadDriver::kIdle;
        // Another county asks: "unknown", by design (docs/rules.md §2.2).
        const absl::StatusCode got = other_county.Get(id).status().code();
        if (got != absl::StatusCode::kNotFound) {
          return rpc::ToGrpcStatus(absl::Status(got, "")).error_code();
        }
        ++refusals;
        return grpc::StatusCode::OK;
      }
      default:
        return grpc::StatusCode::OK;
    }
  });

  std::vector<Sample> samples;
  const absl::Time start = absl::Now();
  while (absl::Now() - start < absl::Seconds(seconds)) {
    absl::SleepFor(absl::Seconds(5));
    samples.push_back(
        {absl::Now() - start, Of(member_svc_->pid()), Of(card_svc_->pid()),
         Of(getpid()),
         // This test's own schemas: the server is shared with other tests.
         CountRows(absl::StrCat("information_schema.PROCESSLIST WHERE DB IN ('",
                                db_->options().database, "', '",
                                card_db_.options().database, "')"))});
  }
  load.Stop();

  std::printf(
      "soak: %d s, %zu clients, %lld calls done (%s), %lld intended "
      "refusals\n",
      seconds, kind_of.size(), static_cast<long long>(load.total_done()),
      [&] {
        std::string s;
        for (const auto& [code, n] : load.CodeCounts()) {
          absl::StrAppend(&s, s.empty() ? "" : ", ", code, " ", n);
        }
        return s;
      }()
          .c_str(),
      static_cast<long long>(refusals.load()));
  for (int k = 0; k < kKinds; ++k) {
    auto of_kind = [&](int w) { return kind_of[w] == k; };
    std::printf("soak:   %-24s p50 %6.2f ms  p99 %7.2f ms\n", names[k],
                absl::ToDoubleMilliseconds(load.Percentile(0.5, of_kind)),
                absl::ToDoubleMilliseconds(load.Percentile(0.99, of_kind)));
  }
  for (const Sample& s : samples) {
    std::printf(
        "soak:   t=%3.0f s  RSS member-svc %6.1f MiB, card-svc %6.1f MiB, "
        "driver %6.1f MiB  open files %d / %d  MariaDB connections %lld\n",
        absl::ToDoubleSeconds(s.at), s.member_svc.rss_kib / 1024.0,
        s.card_svc.rss_kib / 1024.0, s.driver.rss_kib / 1024.0,
        s.member_svc.files, s.card_svc.files,
        static_cast<long long>(s.db_connections));
  }
  // Every call succeeded (the refusals were the intended answer).
  EXPECT_EQ(load.CodeCounts().size(), 1u);
  EXPECT_GT(load.total_done(), 100);
  EXPECT_GT(refusals.load(), 0);
  // Flat after warm-up: from the first quarter to the end, per service.
  ASSERT_GE(samples.size(), 2u);
  const Sample& warm = samples[samples.size() / 4];
  const Sample& end = samples.back();
  for (const auto& [name, of] :
       std::vector<std::pair<std::string, Usage Sample::*>>{
           {"member-svc", &Sample::member_svc},
           {"card-svc", &Sample::card_svc}}) {
    EXPECT_GT((warm.*of).rss_kib, 0) << name << " was not measured";
    EXPECT_GT((end.*of).rss_kib, 0) << name << " was not running at the end";
    EXPECT_LT((end.*of).rss_kib - (warm.*of).rss_kib, kRssGrowthKiB)
        << name << "'s memory grew from " << (warm.*of).rss_kib << " KiB to "
        << (end.*of).rss_kib;
    EXPECT_LE((end.*of).files - (warm.*of).files, 8) << name;
  }
  EXPECT_LE(end.db_connections - warm.db_connections, 4);
}

}  // namespace
}  // namespace unioncard::testing
