// Import benchmark (issue 3): N generated members through member-svc's
// ImportMembers RPC — validation, encryption, blind index, duplicate checks,
// change feed and audit all on — into MariaDB, against a baseline measured
// in the same run: LOAD DATA LOCAL INFILE of the same rows into a table of
// the same shape (same columns and unique index; values hashed/copied by
// SQL instead of encrypted).
//
//   member_import_bench [--members=200000] [--full] [--runs=3]
//
// Prints each run and the medians; the goal is import ÷ LOAD DATA ≥ 0.5.
// Uses UNIONCARD_TEST_MYSQL_* when set, else starts a private MariaDB.
#include <cppconn/statement.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/log/json_log.h"
#include "common/testing/mariadb_server.h"
#include "member-svc/src/member_server.h"
#include "member-svc/src/store/schema.h"
#include "member-svc/test/api/generated_rows.h"
#include "tools/datagen/member_generator.h"

ABSL_FLAG(int, members, 200000, "members to import");
ABSL_FLAG(bool, full, false, "all of Cangzhou: 1,444,534 members");
ABSL_FLAG(int, runs, 3, "repetitions (medians are reported)");
ABSL_FLAG(int, rows_per_message, 1000, "rows per streamed message");

namespace unioncard {
namespace {

namespace v1 = member::v1;

struct Data {
  std::vector<datagen::GrassrootsUnion> unions;
  std::vector<v1::ImportRow> rows;
};

Data Generate(int64_t members) {
  auto plan = reference::ReadCountyPlanFile(
      UNIONCARD_SOURCE_DIR "/deploy/reference/cangzhou_plan_2016_2018.csv");
  datagen::GeneratorOptions options;
  options.scale = static_cast<double>(members) / 1444534.0;
  datagen::MemberGenerator generator(*plan, options);
  Data data;
  generator.Generate(
      [&](const datagen::GrassrootsUnion& u) { data.unions.push_back(u); },
      [&](const datagen::GeneratedMember& m) {
        data.rows.push_back(member::testing::ToImportRow(
            m, static_cast<int>(data.rows.size()) + 2));
      });
  return data;
}

void Check(const absl::Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
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

// Rows per second through the RPC.
double RunImport(const db::DbOptions& server, const Data& data,
                 const std::vector<reference::CountyPlan>& plan) {
  db::DbOptions options = FreshSchema(server, "bench_import");
  auth::SigningKey key = auth::GenerateSigningKey("bench");
  member::MemberServerConfig config{
      options,
      {crypto::Keyring::Generate("e1"), crypto::Keyring::Generate("b1")},
      auth::TokenVerifier(
          std::map<std::string, std::string>{{key.kid, key.public_key}}),
      plan,
      "沧州市总工会",
      {},
      {},
      {}};
  config.server.listen_address = "127.0.0.1:0";
  config.server.metrics_port = -1;
  auto server_or = member::MemberServer::Start(std::move(config));
  Check(server_or.status(), "start member-svc");
  auto& service = **server_or;

  auth::Principal admin{"bench", auth::Role::kCityAdmin, "city", "/city/", {},
                        {}};
  const std::string token = auth::TokenSigner(key).Issue(admin, absl::Hours(2));
  auto channel = rpc::MakeChannel(absl::StrCat("127.0.0.1:", service.port()));
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
  v1::ImportMembersResponse response;
  const absl::Time start = absl::Now();
  auto stream = members->ImportMembers(context.get(), &response);
  v1::ImportMembersRequest header;
  header.mutable_header()->set_source_name("bench");
  stream->Write(header);
  const size_t per = absl::GetFlag(FLAGS_rows_per_message);
  for (size_t i = 0; i < data.rows.size(); i += per) {
    v1::ImportMembersRequest chunk;
    for (size_t k = i; k < std::min(data.rows.size(), i + per); ++k) {
      *chunk.mutable_rows()->add_rows() = data.rows[k];
    }
    stream->Write(chunk);
  }
  stream->WritesDone();
  Check(rpc::FromGrpcStatus(stream->Finish()), "import");
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (response.created() != static_cast<int>(data.rows.size())) {
    std::fprintf(stderr, "import created %d of %zu rows (failed %d)\n",
                 response.created(), data.rows.size(), response.failed());
    std::exit(1);
  }
  service.Stop();
  return data.rows.size() / seconds;
}

// Rows per second through LOAD DATA LOCAL INFILE into a same-shape table.
double RunLoadData(const db::DbOptions& server, const Data& data,
                   const std::string& tsv_path) {
  db::DbOptions options = FreshSchema(server, "bench_load");
  options.allow_local_infile = true;
  auto pool = db::ConnectionPool::Create(options);
  Check(pool.status(), "connect");
  // The members table of member-svc's schema, created the same way.
  auto migrations = member::MemberSchema();
  Check((*pool)->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement>(c.createStatement())
        ->execute(migrations[1].statements[0]);
    return absl::OkStatus();
  }),
        "create table");
  double seconds = 0;
  Check((*pool)->Run([&](sql::Connection& c) {
    const absl::Time start = absl::Now();
    std::unique_ptr<sql::Statement>(c.createStatement())
        ->execute(absl::StrCat(
            "LOAD DATA LOCAL INFILE '", tsv_path,
            "' INTO TABLE members CHARACTER SET utf8mb4 "
            "(@org, name, @id, @mobile, employer, migrant_worker, join_date) "
            "SET id_number_index = UNHEX(SHA2(@id, 256)), id_number_key = "
            "'b1', "
            "id_number_cipher = @id, id_number_masked = CONCAT(LEFT(@id, 6), "
            "'********', RIGHT(@id, 4)), mobile_cipher = @mobile, "
            "mobile_masked = CONCAT(LEFT(@mobile, 3), '****', RIGHT(@mobile, "
            "4)), "
            "gender = 2 - MOD(SUBSTRING(@id, 17, 1), 2), "
            "birth_date = STR_TO_DATE(SUBSTRING(@id, 7, 8), '%Y%m%d'), "
            "org_id = @org, org_path = CONCAT('/city/', SUBSTRING_INDEX(@org, "
            "'-g', 1), '/', @org, '/'), county_id = SUBSTRING_INDEX(@org, "
            "'-g', 1), "
            "review_state = 1, membership_status = 1"));
    seconds = absl::ToDoubleSeconds(absl::Now() - start);
    return absl::OkStatus();
  }),
        "LOAD DATA");
  return data.rows.size() / seconds;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace
}  // namespace unioncard

int main(int argc, char** argv) {
  using namespace unioncard;
  absl::ParseCommandLine(argc, argv);
  log::SetMinimumLevel(log::Level::kWarning);
  const int64_t members =
      absl::GetFlag(FLAGS_full) ? 1444534 : absl::GetFlag(FLAGS_members);

  std::unique_ptr<testing::MariaDbServer> private_server;
  db::DbOptions server;
  if (const char* port = std::getenv("UNIONCARD_TEST_MYSQL_PORT")) {
    server.port = std::atoi(port);
    server.user = std::getenv("UNIONCARD_TEST_MYSQL_USER");
    server.password = std::getenv("UNIONCARD_TEST_MYSQL_PASSWORD");
  } else {
    auto started = testing::MariaDbServer::Start();
    Check(started.status(), "start MariaDB");
    private_server = *std::move(started);
    server = private_server->AdminOptions();
  }
  server.pool_size = 4;

  std::printf("generating %lld members…\n", static_cast<long long>(members));
  Data data = Generate(members);
  auto plan = reference::ReadCountyPlanFile(
      UNIONCARD_SOURCE_DIR "/deploy/reference/cangzhou_plan_2016_2018.csv");
  const std::string tsv = "/tmp/unioncard-bench-members.tsv";
  {
    std::ofstream out(tsv, std::ios::trunc);
    for (const auto& r : data.rows) {
      out << r.grassroots_code() << '\t' << r.name() << '\t' << r.id_number()
          << '\t' << r.mobile() << '\t' << r.employer() << '\t'
          << r.migrant_worker() << '\t' << r.join_date() << '\n';
    }
  }

  std::vector<double> import_rates, load_rates, ratios;
  for (int run = 1; run <= absl::GetFlag(FLAGS_runs); ++run) {
    const double load = RunLoadData(server, data, tsv);
    const double import = RunImport(server, data, *plan);
    load_rates.push_back(load);
    import_rates.push_back(import);
    ratios.push_back(import / load);
    std::printf(
        "run %d: import %.0f rows/s, LOAD DATA %.0f rows/s, ratio %.3f\n", run,
        import, load, import / load);
  }
  std::printf(
      "members=%zu runs=%zu median: import %.0f rows/s, LOAD DATA %.0f rows/s, "
      "ratio %.3f (goal >= 0.5)\n",
      data.rows.size(), ratios.size(), Median(import_rates), Median(load_rates),
      Median(ratios));
  std::remove(tsv.c_str());
  return 0;
}
