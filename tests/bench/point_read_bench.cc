// Point reads (issue 16): GetMember over gRPC against the database's own
// rate for the same row — a prepared `SELECT * FROM members WHERE id = ?`
// on connections held open — with the same number of client threads, in
// the same run, in the same process; and a gRPC health check on the same
// server, the floor of any call. Goal: GetMember ≥ 0.5 × the raw select.
//
//   point_read_bench [--members=20000] [--clients=8] [--seconds=5] [--runs=3]
//
// Uses UNIONCARD_TEST_MYSQL_* when set, else starts a private MariaDB.
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <random>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/client.h"
#include "common/log/json_log.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "member/v1/member.grpc.pb.h"
#include "tests/bench/bench_support.h"

ABSL_FLAG(int, members, 20000, "members to read from");
ABSL_FLAG(int, clients, 8, "concurrent clients in every phase");
ABSL_FLAG(int, seconds, 5, "length of each phase");
ABSL_FLAG(int, runs, 3, "repetitions (medians are reported)");
ABSL_FLAG(bool, only_get_member, false,
          "measure GetMember alone (to profile it with perf)");

namespace unioncard {
namespace {

using bench::Check;

// Calls per second of `call(thread, member id)` from `clients` threads.
double Rate(int clients, int seconds, int members,
            const std::function<bool(int, int64_t)>& call,
            std::atomic<int64_t>& errors) {
  std::atomic<bool> stop{false};
  std::atomic<int64_t> done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 random(t + 1);
      int64_t mine = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        const int64_t id = 1 + static_cast<int64_t>(random() % members);
        if (call(t, id)) {
          ++mine;
        } else {
          ++errors;
        }
      }
      done += mine;
    });
  }
  absl::SleepFor(absl::Seconds(seconds));
  stop = true;
  for (auto& th : threads) th.join();
  return done.load() / static_cast<double>(seconds);
}

int Main() {
  log::SetMinimumLevel(log::Level::kWarning);
  std::unique_ptr<testing::MariaDbServer> holder;
  const db::DbOptions server = bench::BenchServer(holder);
  const bench::GeneratedMembers generated =
      bench::GenerateMembers(absl::GetFlag(FLAGS_members));
  // Ids 1..members in the fresh schema: the generator spreads members over
  // the counties by their share, so a few fewer than asked may be made.
  const int members = static_cast<int>(generated.rows.size());
  const int clients = absl::GetFlag(FLAGS_clients);
  const int seconds = absl::GetFlag(FLAGS_seconds);

  auth::SigningKey key = auth::GenerateSigningKey("bench");
  db::DbOptions schema = bench::FreshSchema(server, "bench_point_read");
  auto member_svc = bench::StartMemberSvc(schema, key);
  auth::Principal admin{"bench", auth::Role::kCityAdmin, "city", "/city/", {},
                        {}};
  const std::string token = auth::TokenSigner(key).Issue(admin, absl::Hours(2));
  bench::LoadMembers(*member_svc, token, generated);

  // The baseline: one open connection and one prepared statement a thread.
  schema.pool_size = clients + 1;  // one more for the counters
  auto pool = db::ConnectionPool::Create(schema);
  Check(pool.status(), "the baseline's connections");
  std::vector<db::Lease> leases;
  std::vector<std::unique_ptr<sql::PreparedStatement>> selects;
  for (int t = 0; t < clients; ++t) {
    auto lease = (*pool)->Acquire();
    Check(lease.status(), "a baseline connection");
    selects.emplace_back(
        (**lease).prepareStatement("SELECT * FROM members WHERE id = ?"));
    leases.push_back(*std::move(lease));
  }
  auto raw = [&](int t, int64_t id) {
    selects[t]->setInt64(1, id);
    std::unique_ptr<sql::ResultSet> row(selects[t]->executeQuery());
    return row->next();
  };

  auto channel =
      rpc::MakeChannel(absl::StrCat("127.0.0.1:", member_svc->port()));
  std::vector<std::unique_ptr<member::v1::MemberService::Stub>> stubs;
  std::vector<std::unique_ptr<grpc::health::v1::Health::Stub>> health;
  for (int t = 0; t < clients; ++t) {
    stubs.push_back(member::v1::MemberService::NewStub(channel));
    health.push_back(grpc::health::v1::Health::NewStub(channel));
  }
  auto get_member = [&](int t, int64_t id) {
    return bench::GetMember(*stubs[t], token, id);
  };
  auto health_check = [&](int t, int64_t) {
    auto context = rpc::OutboundContext(absl::Seconds(10));
    grpc::health::v1::HealthCheckResponse out;
    return health[t]
        ->Check(context.get(), grpc::health::v1::HealthCheckRequest(), &out)
        .ok();
  };

  // The server's own count of statements and of pings (COM_PING is an
  // admin command), to say what one GetMember costs the database.
  auto server_counters = [&] {
    std::pair<int64_t, int64_t> counts{0, 0};
    auto lease = (*pool)->Acquire();
    Check(lease.status(), "a connection for the counters");
    std::unique_ptr<sql::Statement> statement((**lease).createStatement());
    std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(
        "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', "
        "'Com_admin_commands')"));
    while (rows->next()) {
      const int64_t value = std::stoll(std::string(rows->getString(2)));
      if (rows->getString(1) == "Questions") {
        counts.first = value;
      } else {
        counts.second = value;
      }
    }
    return counts;
  };
  {
    const auto before = server_counters();
    std::atomic<int64_t> sample_errors{0};
    int calls = 0;
    for (int64_t id = 1; id <= 1000; ++id) calls += get_member(0, id) ? 1 : 0;
    const auto after = server_counters();
    std::printf(
        "per GetMember: %.2f statements and %.2f pings at the database (%d "
        "calls; the counters' own query included)\n",
        (after.first - before.first - 1) / static_cast<double>(calls),
        (after.second - before.second) / static_cast<double>(calls), calls);
  }

  std::vector<double> raw_qps, get_qps, health_qps, ratio;
  std::atomic<int64_t> errors{0};
  for (int run = 1; run <= absl::GetFlag(FLAGS_runs); ++run) {
    const bool only = absl::GetFlag(FLAGS_only_get_member);
    const double r = only ? 1 : Rate(clients, seconds, members, raw, errors);
    const double g = Rate(clients, seconds, members, get_member, errors);
    const double h =
        only ? 1 : Rate(clients, seconds, members, health_check, errors);
    std::printf(
        "run %d: raw select %.0f/s | GetMember %.0f/s | health check %.0f/s "
        "| GetMember ÷ raw %.3f\n",
        run, r, g, h, g / r);
    raw_qps.push_back(r);
    get_qps.push_back(g);
    health_qps.push_back(h);
    ratio.push_back(g / r);
  }
  const double m = bench::Median(ratio);
  std::printf(
      "median of %zu runs, %d clients, %d members: raw point select %.0f/s, "
      "GetMember %.0f/s, health check %.0f/s; GetMember ÷ raw %.3f (goal >= "
      "0.5: %s)\n",
      ratio.size(), clients, members, bench::Median(raw_qps),
      bench::Median(get_qps), bench::Median(health_qps), m,
      m >= 0.5 ? "met" : "NOT met");
  if (!absl::GetFlag(FLAGS_only_get_member)) {  // a profiling run: no figures
    bench::Figure("get_member_vs_point_select", bench::Median(get_qps), "req/s",
                  bench::Median(raw_qps), "ratio >= 0.5", m >= 0.5);
    bench::Figure("grpc_health_check", bench::Median(health_qps), "req/s", 0,
                  "the floor of a call", true);
  }
  member_svc->Stop();
  if (errors.load() > 0) {
    std::printf("errors: %lld calls failed\n",
                static_cast<long long>(errors.load()));
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace unioncard

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return unioncard::Main();
}
