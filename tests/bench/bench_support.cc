#include "tests/bench/bench_support.h"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/import/member_import_call.h"
#include "member-svc/test/api/generated_rows.h"
#include "nlohmann/json.hpp"

namespace unioncard::bench {

namespace v1 = member::v1;

void Check(const absl::Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
}

db::DbOptions BenchServer(std::unique_ptr<testing::MariaDbServer>& holder) {
  db::DbOptions server;
  if (const char* port = std::getenv("UNIONCARD_TEST_MYSQL_PORT")) {
    server.port = std::atoi(port);
    server.user = std::getenv("UNIONCARD_TEST_MYSQL_USER");
    server.password = std::getenv("UNIONCARD_TEST_MYSQL_PASSWORD");
  } else {
    auto started = testing::MariaDbServer::Start();
    Check(started.status(), "start MariaDB");
    holder = *std::move(started);
    server = holder->AdminOptions();
  }
  server.pool_size = 4;
  return server;
}

db::DbOptions FreshSchema(const db::DbOptions& server,
                          const std::string& name) {
  auto admin = db::ConnectionPool::Create(server);
  Check(admin.status(), "connect");
  Check((*admin)->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> s(c.createStatement());
    s->execute("DROP DATABASE IF EXISTS " + name);
    s->execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
    return absl::OkStatus();
  }),
        "create schema");
  db::DbOptions options = server;
  options.database = name;
  return options;
}

std::vector<reference::CountyPlan> CangzhouPlan() {
  auto plan = reference::ReadCountyPlanFile(
      UNIONCARD_SOURCE_DIR "/deploy/reference/cangzhou_plan_2016_2018.csv");
  Check(plan.status(), "reference plan");
  return *plan;
}

GeneratedMembers GenerateMembers(int64_t members) {
  datagen::GeneratorOptions options;
  options.scale = static_cast<double>(members) / 1444534.0;
  datagen::MemberGenerator generator(CangzhouPlan(), options);
  GeneratedMembers data;
  generator.Generate(
      [&](const datagen::GrassrootsUnion& u) { data.unions.push_back(u); },
      [&](const datagen::GeneratedMember& m) {
        data.rows.push_back(member::testing::ToImportRow(
            m, static_cast<int>(data.rows.size()) + 2));
      });
  return data;
}

std::unique_ptr<rpc::ServiceHost> StartMemberSvc(const db::DbOptions& options,
                                                 const auth::SigningKey& key,
                                                 int metrics_port) {
  member::MemberServerConfig config{
      options,
      {crypto::Keyring::Generate("e1"), crypto::Keyring::Generate("b1")},
      auth::TokenVerifier(
          std::map<std::string, std::string>{{key.kid, key.public_key}}),
      CangzhouPlan(),
      "沧州市总工会",
      {},
      {},
      {}};
  config.server.listen_address = "127.0.0.1:0";
  config.server.metrics_port = metrics_port;
  auto server = member::StartMemberServer(std::move(config));
  Check(server.status(), "start member-svc");
  return *std::move(server);
}

void LoadMembers(rpc::ServiceHost& server, const std::string& token,
                 const GeneratedMembers& data, int rows_per_message) {
  LoadMembers(server.port(), token, data, rows_per_message);
}

void LoadMembers(int port, const std::string& token,
                 const GeneratedMembers& data, int rows_per_message) {
  auto channel = rpc::MakeChannel(absl::StrCat("127.0.0.1:", port));
  auto orgs = v1::OrgService::NewStub(channel);
  for (const auto& u : data.unions) {
    v1::CreateGrassrootsUnionRequest r;
    r.set_parent_id(u.county_code);
    r.set_id(u.code);
    r.set_name(u.name);
    v1::OrgUnit out;
    auto context = rpc::OutboundContext(absl::Seconds(10));
    rpc::SetBearerToken(*context, token);
    Check(rpc::FromGrpcStatus(
              orgs->CreateGrassrootsUnion(context.get(), r, &out)),
          "create union");
  }
  auto members = v1::MemberService::NewStub(channel);
  auto context = rpc::OutboundContext(absl::Hours(2));
  rpc::SetBearerToken(*context, token);
  v1::ImportHeader header;
  header.set_source_name("bench");
  size_t next = 0;
  auto next_rows = [&](v1::ImportRows& rows) {
    for (; next < data.rows.size() && rows.rows_size() < rows_per_message;
         ++next) {
      *rows.add_rows() = data.rows[next];
    }
    return rows.rows_size() > 0;
  };
  v1::ImportMembersResponse totals;
  Check(import::CallImportMembers(
            *members, *context, header, next_rows,
            [&](v1::ImportMembersResponse& answer) {
              answer.clear_results();  // the counts are the call's so far
              totals = std::move(answer);
            }),
        "import");
  if (totals.created() != static_cast<int>(data.rows.size())) {
    std::fprintf(stderr, "import created %d of %zu rows (failed %d)\n",
                 totals.created(), data.rows.size(), totals.failed());
    std::exit(1);
  }
}

void Figure(const std::string& name, double value, const std::string& unit,
            double baseline, const std::string& goal, bool met) {
  nlohmann::json figure = {{"name", name},     {"value", value},
                           {"unit", unit},     {"baseline", baseline},
                           {"ratio", nullptr}, {"goal", goal},
                           {"met", met}};
  if (baseline > 0) figure["ratio"] = value / baseline;
  std::printf("FIGURE %s\n", figure.dump().c_str());
  std::fflush(stdout);
}

bool GetMember(member::v1::MemberService::Stub& stub, const std::string& token,
               int64_t id) {
  auto context = rpc::OutboundContext(absl::Seconds(10));
  rpc::SetBearerToken(*context, token);
  member::v1::GetMemberRequest request;
  request.set_id(id);
  member::v1::Member out;
  return stub.GetMember(context.get(), request, &out).ok();
}

double Seconds(const std::function<void()>& f) {
  const absl::Time start = absl::Now();
  f();
  return absl::ToDoubleSeconds(absl::Now() - start);
}

std::unique_ptr<db::ConnectionPool> MigratedSchema(
    const db::DbOptions& server, const std::string& name,
    const std::vector<db::Migration>& migrations) {
  db::DbOptions options = FreshSchema(server, name);
  options.allow_local_infile = true;
  auto pool = db::ConnectionPool::Create(options);
  Check(pool.status(), "connect");
  Check(db::ApplyMigrations(**pool, migrations).status(), "migrate");
  return std::move(*pool);
}

void Analyze(sql::Statement& statement, const std::string& tables) {
  std::unique_ptr<sql::ResultSet> report(
      statement.executeQuery("ANALYZE TABLE " + tables));
  while (report->next()) {
  }
}

std::string ServiceDir(const std::string& service,
                       const auth::SigningKey& key) {
  std::string dir = (std::filesystem::temp_directory_path() /
                     absl::StrCat("unioncard-bench-", service, "-XXXXXX"))
                        .string();
  Check(mkdtemp(dir.data()) != nullptr ? absl::OkStatus()
                                       : absl::InternalError(dir),
        "scratch directory");
  std::ofstream(dir + "/verify.json")
      << auth::VerifyKeysToJson({{key.kid, key.public_key}});
  return dir;
}

void MakeBankLinkCertificates(const std::string& dir) {
  Check(std::system(absl::StrCat(UNIONCARD_SOURCE_DIR,
                                 "/deploy/local/make-certs.sh ", dir,
                                 " card-svc bank-sim >/dev/null 2>&1")
                        .c_str()) == 0
            ? absl::OkStatus()
            : absl::InternalError("make-certs.sh failed"),
        "certificates");
}

void ServiceMemoryFigure(const std::string& service, const std::string& what,
                         const testing::ProcessMemory& memory) {
  const double peak_mib = memory.peak_kib / 1024.0;
  std::printf(
      "%s as its own process, after %s: resident %.0f MiB, peak %.0f "
      "MiB\n",
      service.c_str(), what.c_str(), memory.rss_kib / 1024.0, peak_mib);
  std::string name = absl::StrCat(service, "_peak_rss");
  std::replace(name.begin(), name.end(), '-', '_');
  Figure(name, peak_mib, "MiB", 0, "<= 256 MiB",
         memory.peak_kib > 0 && peak_mib <= 256);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace unioncard::bench
