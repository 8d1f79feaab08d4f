// Point reads (issue 16): GetMember over gRPC against the database's own
// rate for the same row — a prepared `SELECT * FROM members WHERE id = ?`
// on connections held open — with the same number of client threads, in
// the same run, in the same process; and a gRPC health check on the same
// server, the floor of any call. Goal: GetMember ≥ 0.5 × the raw select.
//
// Then the same pair as issue 16 first measured it, with clients that cost
// the machine little: h2load (nghttp2's HTTP/2 load generator) sending
// GetMember of one member as a prepared gRPC frame, and mariadb-slap
// running the point select of the same row, each from `clients`
// connections with one request at a time on each. On 2 cores the
// in-process C++ clients above take much of the CPU the server would use.
//
//   point_read_bench [--members=20000] [--clients=8] [--seconds=5] [--runs=3]
//                    [--tool_requests=60000]
//
// Uses UNIONCARD_TEST_MYSQL_* when set, else starts a private MariaDB.
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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
ABSL_FLAG(int, tool_requests, 60000,
          "requests h2load and mariadb-slap each send per run (0: skip them)");
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

// What `command` printed on stdout; exits the benchmark, naming `tool` (not
// the command line: it holds the token), if it fails.
std::string Output(const std::string& tool, const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  Check(pipe != nullptr ? absl::OkStatus() : absl::InternalError(tool),
        "popen");
  std::string out;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
    out.append(buffer, n);
  }
  const int status = pclose(pipe);
  Check(status == 0
            ? absl::OkStatus()
            : absl::InternalError(absl::StrCat(tool, " failed:\n", out)),
        "running a load tool");
  return out;
}

// The first line of `text` that starts with `prefix` (after spaces).
std::string LineStarting(const std::string& text, const std::string& prefix) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripLeadingAsciiWhitespace(line);
    if (absl::StartsWith(line, prefix)) return std::string(line);
  }
  Check(absl::InternalError(absl::StrCat("no \"", prefix, "\" in:\n", text)),
        "reading a load tool's report");
  return "";
}

// member-svc's own count of GetMembers answered OK, from its /metrics.
int64_t GetMembersAnsweredOk(int metrics_port) {
  const std::string prefix =
      "grpc_server_handled_total{grpc_service=\"unioncard.member.v1."
      "MemberService\",grpc_method=\"GetMember\",grpc_code=\"OK\"} ";
  const std::string metrics = Output(
      "curl",
      absl::StrCat("curl -sf http://127.0.0.1:", metrics_port, "/metrics"));
  int64_t n = 0;
  for (absl::string_view line : absl::StrSplit(metrics, '\n')) {
    if (absl::StartsWith(line, prefix)) {
      Check(absl::SimpleAtoi(line.substr(prefix.size()), &n)
                ? absl::OkStatus()
                : absl::InternalError(std::string(line)),
            "reading /metrics");
    }
  }
  return n;
}

struct ToolRun {
  double get_member = 0;    // h2load, req/s
  double health_check = 0;  // h2load, req/s: the floor of any call
  double select = 0;        // mariadb-slap, queries/s
};

// h2load's "finished in 2.35s, 17021.28 req/s, 5.36MB/s", and its request
// counts, for `requests` POSTs of `body_file` to `path` from `clients`
// connections, one request at a time on each.
double H2loadRate(int port, const std::string& path,
                  const std::string& body_file, const std::string& token,
                  int clients, int requests, long long* succeeded) {
  const std::string out = Output(
      "h2load",
      absl::StrCat(
          "h2load -n ", requests, " -c ", clients, " -m 1 -t 1 -d ", body_file,
          " -H 'content-type: application/grpc' -H 'te: trailers'",
          token.empty()
              ? ""
              : absl::StrCat(" -H 'authorization: Bearer ", token, "'"),
          " http://127.0.0.1:", port, path));
  const std::string finished = LineStarting(out, "finished in ");
  double rate = 0;
  Check(
      std::sscanf(finished.c_str(), "finished in %*[^,], %lf req/s", &rate) == 1
          ? absl::OkStatus()
          : absl::InternalError(finished),
      "h2load's rate");
  long long total = 0;
  *succeeded = -1;
  const std::string counts = LineStarting(out, "requests: ");
  std::sscanf(counts.c_str(),
              "requests: %lld total, %*[0-9] started, %*[0-9] done, %lld "
              "succeeded",
              &total, succeeded);
  return rate;
}

// An empty message as a gRPC frame (no compression, length 0).
std::string EmptyFrameFile() {
  const std::string path = (std::filesystem::temp_directory_path() /
                            absl::StrCat("empty-", getpid(), ".grpc"))
                               .string();
  std::ofstream(path, std::ios::binary) << std::string(5, '\0');
  return path;
}

// One run of each tool on member `id`: h2load's GetMembers must all have
// been answered OK by member-svc (h2load counts HTTP answers, and a gRPC
// error is an HTTP 200 with a grpc-status trailer), so member-svc's count
// has to grow by every one it says succeeded.
ToolRun RunTools(const db::DbOptions& schema, int grpc_port, int metrics_port,
                 const std::string& token, int64_t id, int clients,
                 int requests, const std::string& body_file) {
  ToolRun run;
  const int64_t ok_before = GetMembersAnsweredOk(metrics_port);
  long long succeeded = -1;
  run.get_member =
      H2loadRate(grpc_port, "/unioncard.member.v1.MemberService/GetMember",
                 body_file, token, clients, requests, &succeeded);
  const int64_t answered_ok = GetMembersAnsweredOk(metrics_port) - ok_before;
  Check(succeeded == requests && answered_ok == requests
            ? absl::OkStatus()
            : absl::InternalError(absl::StrCat(
                  "h2load: ", succeeded, " of ", requests,
                  " succeeded; member-svc answered ", answered_ok, " OK")),
        "every GetMember of h2load answered OK");
  const std::string empty = EmptyFrameFile();
  run.health_check = H2loadRate(grpc_port, "/grpc.health.v1.Health/Check",
                                empty, "", clients, requests, &succeeded);
  std::remove(empty.c_str());
  Check(succeeded == requests ? absl::OkStatus()
                              : absl::InternalError("health checks failed"),
        "h2load's health checks");

  // mariadb-slap splits --number-of-queries among its clients.
  // The password through the environment, never the command line.
  setenv("MYSQL_PWD", schema.password.c_str(), 1);
  const std::string slap = Output(
      "mariadb-slap",
      absl::StrCat("mariadb-slap --host=", schema.host, " --port=", schema.port,
                   " --user=", schema.user, " --create-schema=",
                   schema.database, " --concurrency=", clients,
                   " --no-drop --iterations=1 --number-of-queries=", requests,
                   " --query='SELECT * FROM members WHERE id = ", id, "'"));
  // "Average number of seconds to run all queries: 1.234 seconds"
  const std::string average =
      LineStarting(slap, "Average number of seconds to run all queries:");
  double seconds = 0;
  Check(std::sscanf(average.c_str(),
                    "Average number of seconds to run all queries: %lf",
                    &seconds) == 1 &&
                seconds > 0
            ? absl::OkStatus()
            : absl::InternalError(average),
        "mariadb-slap's time");
  run.select = requests / seconds;
  return run;
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
  const int metrics_port = testing::PickFreePort();
  auto member_svc = bench::StartMemberSvc(schema, key, metrics_port);
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

  // The server's own count of statements, of prepares and of pings
  // (COM_PING is an admin command), to say what one GetMember costs the
  // database.
  auto server_counters = [&] {
    std::map<std::string, int64_t> counts;
    auto lease = (*pool)->Acquire();
    Check(lease.status(), "a connection for the counters");
    std::unique_ptr<sql::Statement> statement((**lease).createStatement());
    std::unique_ptr<sql::ResultSet> rows(statement->executeQuery(
        "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', "
        "'Com_stmt_prepare', 'Com_admin_commands')"));
    while (rows->next()) {
      counts[rows->getString(1)] = std::stoll(std::string(rows->getString(2)));
    }
    return counts;
  };
  {
    auto before = server_counters();
    std::atomic<int64_t> sample_errors{0};
    int calls = 0;
    for (int64_t id = 1; id <= 1000; ++id) calls += get_member(0, id) ? 1 : 0;
    auto after = server_counters();
    auto per_call = [&](const std::string& counter, int own) {
      return (after[counter] - before[counter] - own) /
             static_cast<double>(calls);
    };
    std::printf(
        "per GetMember: %.2f statements, %.2f prepares and %.2f pings at the "
        "database (%d calls; the counters' own query taken off)\n",
        per_call("Questions", 1), per_call("Com_stmt_prepare", 0),
        per_call("Com_admin_commands", 0), calls);
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

  const int requests = absl::GetFlag(FLAGS_tool_requests);
  if (requests > 0 && !absl::GetFlag(FLAGS_only_get_member)) {
    // One member, as a length-prefixed gRPC message: no compression, the
    // length in 4 bytes big-endian, then the request.
    const int64_t id = members / 2;
    member::v1::GetMemberRequest request;
    request.set_id(id);
    const std::string message = request.SerializeAsString();
    std::string frame(5, '\0');
    for (int i = 0; i < 4; ++i) {
      frame[1 + i] = static_cast<char>((message.size() >> (24 - 8 * i)) & 0xff);
    }
    frame += message;
    const std::string body_file =
        (std::filesystem::temp_directory_path() /
         absl::StrCat("get-member-", getpid(), ".grpc"))
            .string();
    std::ofstream(body_file, std::ios::binary) << frame;
    std::vector<double> tool_get, tool_health, tool_select, tool_ratio;
    for (int run = 1; run <= absl::GetFlag(FLAGS_runs); ++run) {
      const ToolRun t = RunTools(schema, member_svc->port(), metrics_port,
                                 token, id, clients, requests, body_file);
      std::printf(
          "tools run %d: mariadb-slap point select %.0f/s | h2load GetMember "
          "%.0f/s | h2load health check %.0f/s | GetMember ÷ select %.3f, "
          "health check ÷ select %.3f\n",
          run, t.select, t.get_member, t.health_check, t.get_member / t.select,
          t.health_check / t.select);
      tool_get.push_back(t.get_member);
      tool_health.push_back(t.health_check);
      tool_select.push_back(t.select);
      tool_ratio.push_back(t.get_member / t.select);
    }
    std::remove(body_file.c_str());
    const double tm = bench::Median(tool_ratio);
    std::printf(
        "median of %zu runs, %d connections each: mariadb-slap point select "
        "%.0f/s, h2load GetMember %.0f/s, h2load health check %.0f/s; "
        "GetMember ÷ select %.3f (goal >= 0.5: %s)\n",
        tool_ratio.size(), clients, bench::Median(tool_select),
        bench::Median(tool_get), bench::Median(tool_health), tm,
        tm >= 0.5 ? "met" : "NOT met");
    bench::Figure("get_member_vs_point_select_load_tools",
                  bench::Median(tool_get), "req/s", bench::Median(tool_select),
                  "ratio >= 0.5", tm >= 0.5);
    bench::Figure("grpc_health_check_load_tools", bench::Median(tool_health),
                  "req/s", bench::Median(tool_select), "the floor of a call",
                  true);
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
