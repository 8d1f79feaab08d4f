// The soak (issue 17): mixed traffic against member-svc and card-svc (with
// bank-sim) for UNIONCARD_SOAK_SECONDS (60 by default, the CI variant; the
// README's figures come from a 600 s run): registrations, reviews, reads,
// lists, card batches and out-of-scope lookups (an intended refusal).
// Passes when no call failed except the intended refusals and memory, open
// files and database connections stayed flat after warm-up; prints p50/p99
// per kind of call.
#include <dirent.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "card-svc/test/api/card_service_env.h"
#include "common/grpc/status_bridge.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"
#include "tests/load/load_driver.h"
#include "tests/load/load_people.h"

namespace unioncard::testing {
namespace {

namespace v1 = member::v1;

int64_t RssKiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    int64_t kib = 0;
    if (line.rfind("VmRSS:", 0) == 0 &&
        absl::SimpleAtoi(
            absl::StripAsciiWhitespace(line.substr(6, line.size() - 6 - 3)),
            &kib)) {
      return kib;
    }
  }
  return -1;
}

int OpenFiles() {
  int n = 0;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (readdir(dir) != nullptr) ++n;
    closedir(dir);
  }
  return n - 2;  // . and ..
}

struct Sample {
  absl::Duration at;
  int64_t rss_kib;
  int files;
  int64_t db_connections;
};

class SoakTest : public card::testing::CardServiceEnv {};

TEST_F(SoakTest, MixedTrafficStaysErrorFreeAndFlat) {
  int seconds = 60;
  if (const char* s = std::getenv("UNIONCARD_SOAK_SECONDS")) {
    ASSERT_TRUE(absl::SimpleAtoi(s, &seconds) && seconds >= 10) << s;
  }
  StartCardSvc();
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
        auto verified = county.Review({id}, v1::VERIFY);
        if (!verified.ok())
          return rpc::ToGrpcStatus(verified.status()).error_code();
        auto done = city.Review({id}, v1::APPROVE);
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
        {absl::Now() - start, RssKiB(), OpenFiles(),
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
        "soak:   t=%3.0f s  RSS %6.1f MiB  open files %4d  MariaDB "
        "connections %lld\n",
        absl::ToDoubleSeconds(s.at), s.rss_kib / 1024.0, s.files,
        static_cast<long long>(s.db_connections));
  }
  // Every call succeeded (the refusals were the intended answer).
  EXPECT_EQ(load.CodeCounts().size(), 1u);
  EXPECT_GT(load.total_done(), 100);
  EXPECT_GT(refusals.load(), 0);
  // Flat after warm-up: from the first quarter to the end.
  ASSERT_GE(samples.size(), 2u);
  const Sample& warm = samples[samples.size() / 4];
  const Sample& end = samples.back();
  EXPECT_LT(end.rss_kib - warm.rss_kib, 64 * 1024)
      << "memory grew from " << warm.rss_kib << " KiB to " << end.rss_kib;
  EXPECT_LE(end.files - warm.files, 16);
  EXPECT_LE(end.db_connections - warm.db_connections, 4);
}

}  // namespace
}  // namespace unioncard::testing
