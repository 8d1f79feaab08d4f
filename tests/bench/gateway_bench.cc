// Gateway benchmark (issue 12): GET /v1/members/{id} through the gateway
// (session check, token minting, JSON transcoding, HTTP) against the same
// GetMember straight over gRPC, same client concurrency, same run, same
// member-svc. Also the cost of one login (argon2id) with its parameters.
//
//   gateway_bench [--members=2000] [--clients=8] [--seconds=5] [--runs=3]
//
// Goal: gateway QPS ≥ 0.5 × direct QPS, added p50 ≤ 1 ms. Then the gateway
// binary, as its own process on the same data, takes the logins and one
// phase of the same reads: its memory (issue 16's ≤ 256 MiB). Uses
// UNIONCARD_TEST_MYSQL_* when set, else starts a private MariaDB.
#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/client.h"
#include "common/log/json_log.h"
#include "common/testing/child_process.h"
#include "common/testing/process_memory.h"
#include "gateway/src/gateway.h"
#include "member/v1/member.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "tests/bench/bench_support.h"

ABSL_FLAG(int, members, 2000, "members to read from");
ABSL_FLAG(int, clients, 8, "concurrent clients in both phases");
ABSL_FLAG(int, seconds, 5, "length of each phase");
ABSL_FLAG(int, runs, 3, "repetitions (medians are reported)");

namespace unioncard {
namespace {

using bench::Check;

struct Phase {
  double qps = 0;
  double p50_ms = 0;
  int64_t errors = 0;
};

// Runs `call(thread, id)` from `clients` threads for `seconds`.
Phase Drive(int clients, int seconds, int members,
            const std::function<bool(int, int64_t)>& call) {
  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> latencies(clients);
  std::atomic<int64_t> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 random(t + 1);
      while (!stop.load()) {
        const int64_t id = 1 + static_cast<int64_t>(random() % members);
        const absl::Time start = absl::Now();
        if (!call(t, id)) ++errors;
        latencies[t].push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
      }
    });
  }
  absl::SleepFor(absl::Seconds(seconds));
  stop = true;
  for (auto& th : threads) th.join();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  return {all.size() / static_cast<double>(seconds), bench::Median(all),
          errors.load()};
}

int Main() {
  log::SetMinimumLevel(log::Level::kWarning);
  std::unique_ptr<testing::MariaDbServer> holder;
  db::DbOptions server = bench::BenchServer(holder);
  const int members = absl::GetFlag(FLAGS_members);
  const int clients = absl::GetFlag(FLAGS_clients);
  const int seconds = absl::GetFlag(FLAGS_seconds);

  auth::SigningKey key = auth::GenerateSigningKey("bench");
  auto member_svc = bench::StartMemberSvc(
      bench::FreshSchema(server, "bench_gw_members"), key);
  auth::Principal admin{"bench", auth::Role::kCityAdmin, "city", "/city/", {},
                        {}};
  const std::string token = auth::TokenSigner(key).Issue(admin, absl::Hours(2));
  bench::LoadMembers(*member_svc, token, bench::GenerateMembers(members));
  const std::string member_address =
      absl::StrCat("127.0.0.1:", member_svc->port());

  gateway::GatewayConfig config;
  config.db = bench::FreshSchema(server, "bench_gw");
  config.db.pool_size = clients + 2;
  config.signing_key = key;
  config.upstreams = {{"unioncard.member.v1", member_address}};
  config.http.port = 0;
  config.http.worker_threads = clients + 4;
  // The limiter stays on but out of the way: this measures the path.
  config.http.requests_per_second = 1e9;
  config.http.burst = 1e9;
  auto gw = gateway::Gateway::Start(config);
  Check(gw.status(), "starting the gateway");

  // The city admin, signed in (its one-time password changed).
  auto pool = db::ConnectionPool::Create(config.db);
  Check(pool.status(), "gateway database");
  gateway::AccountStore accounts(pool->get());
  gateway::PasswordHasher hasher(config.password_hashing);
  auto made = gateway::AccountAdmin::Bootstrap(accounts, hasher, "bench", "b");
  Check(made.status(), "bootstrap");
  httplib::Client login_client("127.0.0.1", (*gw)->port());
  auto login = [&](const std::string& password) {
    return login_client.Post(
        "/v1/session",
        nlohmann::json{{"username", "bench"}, {"password", password}}.dump(),
        "application/json");
  };
  auto first = login(made->temporary_password);
  const std::string cookie0 =
      first->get_header_value("Set-Cookie").substr(0, 75);
  const std::string csrf0 = nlohmann::json::parse(first->body)["csrf_token"];
  httplib::Headers h0{{"Cookie", cookie0.substr(0, cookie0.find(';'))},
                      {"X-CSRF-Token", csrf0}};
  const std::string password = "Canal-Lantern-47-Orchid";
  auto changed = login_client.Post(
      "/v1/session:change-password", h0,
      nlohmann::json{{"old_password", made->temporary_password},
                     {"new_password", password}}
          .dump(),
      "application/json");
  if (!changed || changed->status != 200) {
    std::fprintf(stderr, "password change failed\n");
    return 1;
  }
  // Login cost: argon2id verify + session row, median of 5.
  std::vector<double> login_ms;
  std::string cookie;
  for (int i = 0; i < 5; ++i) {
    const absl::Time start = absl::Now();
    auto r = login(password);
    login_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
    std::string set = r->get_header_value("Set-Cookie");
    cookie = set.substr(0, set.find(';'));
  }

  auto channel = rpc::MakeChannel(member_address);
  std::vector<std::unique_ptr<member::v1::MemberService::Stub>> stubs;
  std::vector<std::unique_ptr<httplib::Client>> http;
  for (int t = 0; t < clients; ++t) {
    stubs.push_back(member::v1::MemberService::NewStub(channel));
    http.push_back(
        std::make_unique<httplib::Client>("127.0.0.1", (*gw)->port()));
    http.back()->set_keep_alive(true);
    http.back()->set_tcp_nodelay(true);
  }
  const httplib::Headers headers{{"Cookie", cookie}};
  auto direct = [&](int t, int64_t id) {
    return bench::GetMember(*stubs[t], token, id);
  };
  auto through_gateway = [&](int t, int64_t id) {
    auto r = http[t]->Get(absl::StrCat("/v1/members/", id), headers);
    return r && r->status == 200;
  };

  std::vector<double> d_qps, g_qps, d_p50, g_p50, ratio, added;
  int64_t errors = 0;
  for (int run = 1; run <= absl::GetFlag(FLAGS_runs); ++run) {
    Phase d = Drive(clients, seconds, members, direct);
    Phase g = Drive(clients, seconds, members, through_gateway);
    errors += d.errors + g.errors;
    std::printf(
        "run %d: direct %.0f/s p50 %.3f ms | gateway %.0f/s p50 %.3f ms | "
        "ratio %.3f, added p50 %.3f ms, errors %lld\n",
        run, d.qps, d.p50_ms, g.qps, g.p50_ms, g.qps / d.qps,
        g.p50_ms - d.p50_ms, static_cast<long long>(d.errors + g.errors));
    d_qps.push_back(d.qps);
    g_qps.push_back(g.qps);
    d_p50.push_back(d.p50_ms);
    g_p50.push_back(g.p50_ms);
    ratio.push_back(g.qps / d.qps);
    added.push_back(g.p50_ms - d.p50_ms);
  }
  const double r = bench::Median(ratio), a = bench::Median(added);
  std::printf(
      "median of %zu runs, %d clients, %d members: direct GetMember %.0f/s "
      "(p50 %.3f ms), gateway GET /v1/members/{id} %.0f/s (p50 %.3f ms); "
      "ratio %.3f (goal >= 0.5: %s), added p50 %.3f ms (goal <= 1 ms: %s)\n",
      ratio.size(), clients, members, bench::Median(d_qps),
      bench::Median(d_p50), bench::Median(g_qps), bench::Median(g_p50), r,
      r >= 0.5 ? "met" : "NOT met", a, a <= 1.0 ? "met" : "NOT met");
  bench::Figure("gateway_get_member_vs_grpc", bench::Median(g_qps), "req/s",
                bench::Median(d_qps), "ratio >= 0.5", r >= 0.5);
  bench::Figure("gateway_added_p50", a, "ms", 0, "<= 1 ms", a <= 1.0);
  std::printf(
      "login (argon2id ops_limit=%llu, mem_limit=%zu MiB, plus the session "
      "row): median %.1f ms of 5\n",
      config.password_hashing.ops_limit,
      config.password_hashing.mem_limit_bytes >> 20, bench::Median(login_ms));
  if (errors > 0) {
    std::printf("errors: %lld calls failed\n", static_cast<long long>(errors));
  }
  (*gw)->Stop();

  // The binary as deployed: the same schema (accounts, sessions) and
  // member-svc; five logins, then one phase of reads.
  const std::string dir = bench::ServiceDir("gateway", key);
  std::ofstream(dir + "/signing.json") << auth::SigningKeyToJson(key);
  const int port = testing::PickFreePort();
  auto process = testing::ChildProcess::Start(
      GATEWAY_PATH,
      {absl::StrCat("--http_port=", port),
       absl::StrCat("--signing_key=file:", dir, "/signing.json"),
       absl::StrCat("--member_svc=", member_address),
       // As in-process: the limiter on, out of the way.
       "--session_requests_per_second=1e9", "--session_burst=1e9",
       absl::StrCat("--mysql_host=", config.db.host),
       absl::StrCat("--mysql_port=", config.db.port),
       absl::StrCat("--mysql_user=", config.db.user),
       "--mysql_password=env:GATEWAY_BENCH_DB_PASSWORD",
       absl::StrCat("--mysql_database=", config.db.database)},
      {{"GATEWAY_BENCH_DB_PASSWORD", config.db.password}},
      dir + "/gateway.log");
  Check(process.status(), "start the gateway binary");
  httplib::Client deployed("127.0.0.1", port);
  const absl::Time ready_by = absl::Now() + absl::Seconds(30);
  for (auto r = deployed.Get("/healthz"); !r || r->status != 200;
       r = deployed.Get("/healthz")) {
    Check(absl::Now() < ready_by
              ? absl::OkStatus()
              : absl::DeadlineExceededError("see " + dir + "/gateway.log"),
          "the gateway binary answering /healthz");
    absl::SleepFor(absl::Milliseconds(100));
  }
  std::string deployed_cookie;
  for (int i = 0; i < 5; ++i) {
    auto r = deployed.Post(
        "/v1/session",
        nlohmann::json{{"username", "bench"}, {"password", password}}.dump(),
        "application/json");
    Check(r && r->status == 200 ? absl::OkStatus()
                                : absl::UnauthenticatedError("login"),
          "login to the gateway binary");
    std::string set = r->get_header_value("Set-Cookie");
    deployed_cookie = set.substr(0, set.find(';'));
  }
  std::vector<std::unique_ptr<httplib::Client>> to_process;
  for (int t = 0; t < clients; ++t) {
    to_process.push_back(std::make_unique<httplib::Client>("127.0.0.1", port));
    to_process.back()->set_keep_alive(true);
  }
  const httplib::Headers deployed_headers{{"Cookie", deployed_cookie}};
  Phase p = Drive(clients, seconds, members, [&](int t, int64_t id) {
    auto r =
        to_process[t]->Get(absl::StrCat("/v1/members/", id), deployed_headers);
    return r && r->status == 200;
  });
  errors += p.errors;
  std::printf("gateway binary: %.0f/s p50 %.3f ms, errors %lld\n", p.qps,
              p.p50_ms, static_cast<long long>(p.errors));
  bench::ServiceMemoryFigure(
      "gateway",
      absl::StrCat("5 logins and ", seconds, " s of GET /v1/members/{id} from ",
                   clients, " clients"),
      testing::ReadProcessMemory((*process)->pid()));
  to_process.clear();
  process->reset();
  std::filesystem::remove_all(dir);
  member_svc->Stop();
  return errors == 0 ? 0 : 1;
}

}  // namespace
}  // namespace unioncard

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return unioncard::Main();
}
