// Import benchmark (issue 3): N generated members through member-svc's
// ImportMembers RPC — validation, encryption, blind index, duplicate checks,
// change feed and audit all on — into MariaDB, against a baseline measured
// in the same run: LOAD DATA LOCAL INFILE of the same rows into a table of
// the same shape (same columns and unique index; values hashed/copied by
// SQL instead of encrypted).
//
//   member_import_bench [--members=200000] [--full] [--runs=3]
//
// Prints each run and the medians; the goal is import ÷ LOAD DATA ≥ 0.35
// (issue 16).
// Uses UNIONCARD_TEST_MYSQL_* when set, else starts a private MariaDB.
#include <cppconn/statement.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/token.h"
#include "common/crypto/keyring.h"
#include "common/grpc/client.h"
#include "common/log/json_log.h"
#include "common/testing/process_memory.h"
#include "common/testing/service_process.h"
#include "member-svc/src/store/schema.h"
#include "tests/bench/bench_support.h"

ABSL_FLAG(int, members, 200000, "members to import");
ABSL_FLAG(bool, full, false, "all of Cangzhou: 1,444,534 members");
ABSL_FLAG(int, runs, 3, "repetitions (medians are reported)");
ABSL_FLAG(int, rows_per_message, 1000, "rows per streamed message");

namespace unioncard {
namespace {

using bench::Check;
using Data = bench::GeneratedMembers;

// Rows per second through the RPC.
double RunImport(const db::DbOptions& server, const Data& data) {
  db::DbOptions options = bench::FreshSchema(server, "bench_import");
  auth::SigningKey key = auth::GenerateSigningKey("bench");
  std::unique_ptr<rpc::ServiceHost> service =
      bench::StartMemberSvc(options, key);
  auth::Principal admin{"bench", auth::Role::kCityAdmin, "city", "/city/", {},
                        {}};
  const std::string token = auth::TokenSigner(key).Issue(admin, absl::Hours(2));
  // Unions first (not timed), then the import itself.
  Data unions_only{data.unions, {}};
  bench::LoadMembers(*service, token, unions_only);
  Data rows_only{{}, data.rows};
  const absl::Time start = absl::Now();
  bench::LoadMembers(*service, token, rows_only,
                     absl::GetFlag(FLAGS_rows_per_message));
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  service->Stop();
  return data.rows.size() / seconds;
}

// Rows per second through LOAD DATA LOCAL INFILE into a same-shape table.
double RunLoadData(const db::DbOptions& server, const Data& data,
                   const std::string& tsv_path) {
  db::DbOptions options = bench::FreshSchema(server, "bench_load");
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

// member-svc as deployed — its own binary and process — imports the whole
// file, then answers `reads` GetMembers; returns its memory then.
testing::ProcessMemory ImportAsDeployed(const db::DbOptions& server,
                                        const Data& data, int reads) {
  auth::SigningKey key = auth::GenerateSigningKey("bench");
  const std::string dir = bench::ServiceDir("member-svc", key);
  std::ofstream(dir + "/data_keys.json")
      << crypto::DataKeys{crypto::Keyring::Generate("e1"),
                          crypto::Keyring::Generate("b1")}
             .ToJson();
  testing::ServiceProcessOptions options{
      MEMBER_SVC_PATH,
      "member-svc",
      dir,
      testing::PickFreePort(),
      bench::FreshSchema(server, "bench_import_process"),
      {absl::StrCat("--data_keys=file:", dir, "/data_keys.json"),
       "--reference_dir=" UNIONCARD_SOURCE_DIR "/deploy/reference"}};
  auto process = testing::StartServiceProcess(options);
  Check(process.status(), "start member-svc");
  auth::Principal admin{"bench", auth::Role::kCityAdmin, "city", "/city/", {},
                        {}};
  const std::string token = auth::TokenSigner(key).Issue(admin, absl::Hours(2));
  bench::LoadMembers(options.port, token, data,
                     absl::GetFlag(FLAGS_rows_per_message));
  auto stub = member::v1::MemberService::NewStub(
      rpc::MakeChannel(absl::StrCat("127.0.0.1:", options.port)));
  for (int64_t id = 1; id <= reads; ++id) {
    Check(bench::GetMember(*stub, token, id) ? absl::OkStatus()
                                             : absl::InternalError("failed"),
          "GetMember");
  }
  const testing::ProcessMemory memory =
      testing::ReadProcessMemory((*process)->pid());
  process->reset();  // stopped
  std::filesystem::remove_all(dir);
  return memory;
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
  const db::DbOptions server = bench::BenchServer(private_server);

  std::printf("generating %lld members…\n", static_cast<long long>(members));
  Data data = bench::GenerateMembers(members);
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
    const double import = RunImport(server, data);
    load_rates.push_back(load);
    import_rates.push_back(import);
    ratios.push_back(import / load);
    std::printf(
        "run %d: import %.0f rows/s, LOAD DATA %.0f rows/s, ratio %.3f\n", run,
        import, load, import / load);
  }
  std::printf(
      "members=%zu runs=%zu median: import %.0f rows/s, LOAD DATA %.0f rows/s, "
      "ratio %.3f (goal >= 0.35)\n",
      data.rows.size(), ratios.size(), bench::Median(import_rates),
      bench::Median(load_rates), bench::Median(ratios));
  bench::Figure("member_import_vs_load_data", bench::Median(import_rates),
                "rows/s", bench::Median(load_rates), "ratio >= 0.35",
                bench::Median(ratios) >= 0.35);
  if (absl::GetFlag(FLAGS_full)) {
    // The goal's other half: the whole roster through the RPC.
    const double seconds = data.rows.size() / bench::Median(import_rates);
    std::printf("the whole roster (%zu members) imports in %.1f s\n",
                data.rows.size(), seconds);
    bench::Figure("member_import_whole_roster", seconds, "s", 0, "<= 45 s",
                  seconds <= 45);
  }

  // Memory: the binary, not this process (which holds the generated file).
  const testing::ProcessMemory memory =
      ImportAsDeployed(server, data, std::min<int>(10000, data.rows.size()));
  bench::ServiceMemoryFigure(
      "member-svc",
      absl::StrCat("importing ", data.rows.size(),
                   " members in one stream and ",
                   std::min<size_t>(10000, data.rows.size()), " GetMembers"),
      memory);
  std::remove(tsv.c_str());
  return 0;
}
