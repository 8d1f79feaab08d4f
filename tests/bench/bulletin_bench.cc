// Assessment benchmark (issue 6): the monthly bulletin and the annual
// assessment over the full Cangzhou data set — 1,444,534 real-name members
// (per county as the plan CSV), ~1.16 million cards issued 2016–2018,
// ~80% activated, 1% ended — against a baseline measured in the same run:
// one hand-written SQL GROUP BY over the per-member and per-card rows.
//
//   bulletin_bench [--members=1444534] [--card_share=0.8] [--runs=7]
//
// assessment-svc's tables are loaded in bulk (LOAD DATA), the daily
// counters rebuilt from them with the migration's own SQL, then:
//   bulletin:   GetBulletin(2017-06-30) over gRPC  vs  the GROUP BY
//   assessment: ComputeAssessment(2017) over gRPC  vs  the GROUP BY at the
//               four quarter ends
// Both answers are compared figure by figure before anything is timed.
// Prints medians and ratios; the goal is a bulletin under 1 s and no
// slower than 1.25 × the baseline.
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "assessment-svc/src/assessment_server.h"
#include "assessment-svc/src/store/assessment_schema.h"
#include "assessment/v1/assessment.grpc.pb.h"
#include "common/db/migrations.h"
#include "common/grpc/client.h"
#include "common/log/json_log.h"
#include "common/testing/grpc_call.h"
#include "common/testing/service_process.h"
#include "merchant-svc/src/merchant_server.h"
#include "tests/bench/bench_support.h"

ABSL_FLAG(int64_t, members, 1444534, "real-name members (Cangzhou: 1444534)");
ABSL_FLAG(double, card_share, 0.8, "share of members with a card");
ABSL_FLAG(int, runs, 7, "timed calls of each kind");

namespace unioncard {
namespace {

using bench::Check;
namespace v1 = assessment::v1;

struct Figures {
  int64_t members = 0, issued_year = 0, issued = 0, live = 0, activated = 0;
  bool operator==(const Figures& o) const {
    return members == o.members && issued_year == o.issued_year &&
           issued == o.issued && live == o.live && activated == o.activated;
  }
};

// Members (approved on a day in 2015–2018) and cards, as TSV files, then
// LOAD DATA into the per-row tables; the daily counters rebuilt from them.
void LoadDataSet(db::ConnectionPool& pool, const std::string& dir) {
  const auto plan = bench::CangzhouPlan();
  int64_t plan_members = 0;
  for (const auto& c : plan) plan_members += c.members_2015;
  const int64_t members = absl::GetFlag(FLAGS_members);
  const double card_share = absl::GetFlag(FLAGS_card_share);
  std::mt19937_64 random(20170630);
  std::ofstream m(dir + "/members.tsv"), f(dir + "/first.tsv"),
      s(dir + "/spans.tsv"), a(dir + "/activations.tsv");
  const absl::CivilDay start(2015, 6, 1), launch(2016, 4, 1);
  int64_t member_id = 0, card_id = 0;
  for (const auto& county : plan) {
    const int64_t n = county.members_2015 * members / plan_members;
    for (int64_t i = 0; i < n; ++i) {
      ++member_id;
      const absl::CivilDay approved = start + random() % 1000;
      m << member_id << '\t' << county.unit_code << '\t' << approved << '\n';
      if (std::uniform_real_distribution<>(0, 1)(random) >= card_share) {
        continue;
      }
      ++card_id;
      absl::CivilDay issued = launch + random() % 1000;
      if (issued < approved) issued = approved + random() % 30;
      f << member_id << '\t' << county.unit_code << '\t' << issued << '\n';
      s << card_id << '\t' << member_id << '\t' << county.unit_code << '\t'
        << issued << '\t';
      if (random() % 100 == 0) {
        s << issued + 1 + random() % 300 << '\n';
      } else {
        s << "\\N\n";
      }
      if (random() % 10 < 8) {
        a << card_id << '\t' << county.unit_code << '\t'
          << issued + random() % 60 << '\n';
      }
    }
  }
  m.close(), f.close(), s.close(), a.close();
  std::printf("generated %lld members, %lld cards\n",
              static_cast<long long>(member_id),
              static_cast<long long>(card_id));
  Check(pool.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    // The per-member rows, shaped as member-svc's members keep them.
    st->execute(
        "CREATE TABLE bench_members (member_id BIGINT PRIMARY KEY, "
        "county_id VARCHAR(64) NOT NULL, approved_day DATE NOT NULL, "
        "KEY (approved_day)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
        "COLLATE=utf8mb4_bin");
    for (const auto& [file, table] :
         std::vector<std::pair<std::string, std::string>>{
             {"members.tsv", "bench_members"},
             {"first.tsv", "first_issues"},
             {"spans.tsv", "card_spans"},
             {"activations.tsv", "activations"}}) {
      st->execute(absl::StrCat("LOAD DATA LOCAL INFILE '", dir, "/", file,
                               "' INTO TABLE ", table));
    }
    st->execute(
        "INSERT INTO member_states (member_id, county_id, counted) "
        "SELECT member_id, county_id, 1 FROM bench_members");
    st->execute(
        "INSERT INTO daily_members (county_id, day, delta) "
        "SELECT county_id, approved_day, COUNT(*) FROM bench_members "
        "GROUP BY county_id, approved_day");
    st->execute(assessment::kRebuildDailyCards);
    bench::Analyze(*st,
                   "bench_members, first_issues, card_spans, activations, "
                   "daily_cards, daily_members");
    return absl::OkStatus();
  }),
        "load the data set");
}

// The baseline: the bulletin's figures by one GROUP BY over the rows.
std::map<std::string, Figures> Baseline(db::ConnectionPool& pool,
                                        absl::CivilDay day) {
  const std::string d = absl::StrCat("'", absl::FormatCivilTime(day), "'");
  const std::string jan1 = absl::StrFormat("'%d-01-01'", day.year());
  std::map<std::string, Figures> out;
  Check(pool.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    std::unique_ptr<sql::ResultSet> r(st->executeQuery(absl::StrCat(
        "SELECT county_id, SUM(m), SUM(y), SUM(i), SUM(l), SUM(a) FROM ("
        " SELECT county_id, COUNT(*) m, 0 y, 0 i, 0 l, 0 a FROM bench_members"
        "  WHERE approved_day <= ",
        d, " GROUP BY county_id",
        " UNION ALL SELECT county_id, 0, SUM(issued_day >= ", jan1,
        "), COUNT(*), 0, 0 FROM first_issues WHERE issued_day <= ", d,
        "  GROUP BY county_id",
        " UNION ALL SELECT county_id, 0, 0, 0, COUNT(*), 0 FROM card_spans"
        "  WHERE issued_day <= ",
        d, " AND (ended_day IS NULL OR ended_day > ", d, ") GROUP BY county_id",
        " UNION ALL SELECT county_id, 0, 0, 0, 0, COUNT(*) FROM activations"
        "  WHERE day <= ",
        d, " GROUP BY county_id) t GROUP BY county_id")));
    while (r->next()) {
      out[r->getString(1)] = {r->getInt64(2), r->getInt64(3), r->getInt64(4),
                              r->getInt64(5), r->getInt64(6)};
    }
    return absl::OkStatus();
  }),
        "baseline");
  return out;
}

}  // namespace
}  // namespace unioncard

int main(int argc, char** argv) {
  using namespace unioncard;
  absl::ParseCommandLine(argc, argv);
  log::SetMinimumLevel(log::Level::kError);
  std::unique_ptr<testing::MariaDbServer> mariadb;
  const db::DbOptions server = bench::BenchServer(mariadb);
  std::unique_ptr<db::ConnectionPool> pool = bench::MigratedSchema(
      server, "bench_assessment", assessment::AssessmentSchema());
  const std::string dir =
      (std::filesystem::temp_directory_path() / "unioncard-bulletin-bench")
          .string();
  std::filesystem::create_directories(dir);
  const double load = bench::Seconds([&] { LoadDataSet(*pool, dir); });
  std::filesystem::remove_all(dir);
  std::printf("loaded and counted in %.1f s\n", load);

  // assessment-svc and merchant-svc (no service items: the count is asked
  // all the same); the feeds point nowhere and stay idle.
  const auth::SigningKey key = auth::GenerateSigningKey("bench");
  const auth::TokenVerifier verifier(
      std::map<std::string, std::string>{{key.kid, key.public_key}});
  const std::string service = auth::TokenSigner(key).Issue(
      {"assessment-svc", auth::Role::kService, "city", "/city/", {}, {}},
      absl::Hours(2));
  merchant::MerchantServerConfig mc;
  mc.db = bench::FreshSchema(server, "bench_merchant");
  mc.verifier = verifier;
  mc.server.listen_address = "127.0.0.1:0";
  mc.server.metrics_port = -1;
  for (const auto& c : bench::CangzhouPlan()) mc.counties.insert(c.unit_code);
  mc.card_svc_address = "127.0.0.1:9";
  mc.card_svc_token = service;
  mc.evaluation_check = absl::Hours(24);
  auto merchants = merchant::StartMerchantServer(std::move(mc));
  Check(merchants.status(), "merchant-svc");
  assessment::AssessmentServerConfig ac;
  ac.db = pool->options();
  ac.verifier = verifier;
  ac.server.listen_address = "127.0.0.1:0";
  ac.server.metrics_port = -1;
  ac.plan = bench::CangzhouPlan();
  ac.member_svc_address = ac.card_svc_address = "127.0.0.1:9";
  ac.member_svc_token = ac.card_svc_token = ac.merchant_svc_token = service;
  ac.merchant_svc_address = absl::StrCat("127.0.0.1:", (*merchants)->port());
  auto server_or = assessment::StartAssessmentServer(std::move(ac));
  Check(server_or.status(), "assessment-svc");
  auto channel =
      rpc::MakeChannel(absl::StrCat("127.0.0.1:", (*server_or)->port()));
  auto figures = v1::AssessmentService::NewStub(channel);
  auto annual = v1::AnnualAssessmentService::NewStub(channel);
  auto token = [&](auth::Role role) {
    return auth::TokenSigner(key).Issue(
        {"bench", role, "city", "/city/", {}, {}}, absl::Hours(2));
  };

  // Same figures first.
  const absl::CivilDay day(2017, 6, 30);
  v1::GetBulletinRequest request;
  request.set_date(absl::FormatCivilTime(day));
  auto bulletin =
      testing::CallAs(*figures, &v1::AssessmentService::Stub::GetBulletin,
                      token(auth::Role::kAssessor), request);
  Check(bulletin.status(), "GetBulletin");
  std::map<std::string, Figures> baseline = Baseline(*pool, day);
  int64_t compared = 0;
  for (const auto& row : bulletin->rows()) {
    const Figures got{row.members(), row.issued_this_year(),
                      row.issued_cumulative(), row.live_cards(),
                      row.activated()};
    if (!(got == baseline[row.unit_code()])) {
      std::fprintf(stderr, "MISMATCH %s\n", row.unit_code().c_str());
      return 1;
    }
    compared += 5;
  }
  std::printf(
      "bulletin figures equal the baseline's (%lld figures, city "
      "members %lld, cards %lld)\n",
      static_cast<long long>(compared),
      static_cast<long long>(bulletin->city().members()),
      static_cast<long long>(bulletin->city().issued_cumulative()));

  const int runs = absl::GetFlag(FLAGS_runs);
  std::vector<double> rpc, sql;
  for (int run = 0; run < runs; ++run) {
    rpc.push_back(bench::Seconds([&] {
      Check(testing::CallAs(*figures, &v1::AssessmentService::Stub::GetBulletin,
                            token(auth::Role::kAssessor), request)
                .status(),
            "GetBulletin");
    }));
    sql.push_back(bench::Seconds([&] { Baseline(*pool, day); }));
  }
  const double b_rpc = bench::Median(rpc), b_sql = bench::Median(sql);
  std::printf(
      "bulletin: GetBulletin median %.1f ms, GROUP BY baseline median %.1f "
      "ms, ratio %.3f (goal < 1000 ms and <= 1.25)\n",
      b_rpc * 1000, b_sql * 1000, b_rpc / b_sql);
  bench::Figure("bulletin", b_rpc * 1000, "ms", b_sql * 1000,
                "< 1000 ms and ratio <= 1.25",
                b_rpc < 1.0 && b_rpc / b_sql <= 1.25);

  // The annual assessment: regular items for every unit, then the draft
  // recomputed per run.
  for (const auto& c : bench::CangzhouPlan()) {
    v1::SetRegularItemsRequest e;
    e.set_year(2017);
    e.set_unit_code(c.unit_code);
    e.set_leadership("2.5");
    e.set_measures("3");
    Check(
        testing::CallAs(*figures, &v1::AssessmentService::Stub::SetRegularItems,
                        token(auth::Role::kAssessor), e)
            .status(),
        "SetRegularItems");
  }
  v1::ComputeAssessmentRequest compute;
  compute.set_year(2017);
  std::vector<double> a_rpc, a_sql;
  for (int run = 0; run < runs; ++run) {
    a_rpc.push_back(bench::Seconds([&] {
      Check(testing::CallAs(
                *annual, &v1::AnnualAssessmentService::Stub::ComputeAssessment,
                token(auth::Role::kCityAdmin), compute)
                .status(),
            "ComputeAssessment");
    }));
    a_sql.push_back(bench::Seconds([&] {
      for (int q = 1; q <= 4; ++q) {
        Baseline(*pool, absl::CivilDay(absl::CivilMonth(2017, q * 3 + 1)) - 1);
      }
    }));
  }
  const double y_rpc = bench::Median(a_rpc), y_sql = bench::Median(a_sql);
  std::printf(
      "assessment: ComputeAssessment median %.1f ms, 4 quarter-end GROUP BYs "
      "median %.1f ms, ratio %.3f\n",
      y_rpc * 1000, y_sql * 1000, y_rpc / y_sql);
  bench::Figure("annual_assessment", y_rpc * 1000, "ms", y_sql * 1000,
                "ratio <= 1.25", y_rpc / y_sql <= 1.25);
  (*server_or)->Stop();

  // assessment-svc as deployed — its own binary and process — on the same
  // data, after the same calls: its memory.
  const std::string service_dir = bench::ServiceDir("assessment-svc", key);
  std::ofstream(service_dir + "/service_token") << service;
  const std::string token_file =
      absl::StrCat("file:", service_dir, "/service_token");
  testing::ServiceProcessOptions options{
      ASSESSMENT_SVC_PATH,
      "assessment-svc",
      service_dir,
      testing::PickFreePort(),
      pool->options(),
      {"--reference_dir=" UNIONCARD_SOURCE_DIR "/deploy/reference",
       "--member_svc=127.0.0.1:9", "--card_svc=127.0.0.1:9",
       absl::StrCat("--merchant_svc=127.0.0.1:", (*merchants)->port()),
       "--member_svc_token=" + token_file, "--card_svc_token=" + token_file,
       "--merchant_svc_token=" + token_file}};
  options.db.allow_local_infile = false;
  auto process = testing::StartServiceProcess(options, absl::Minutes(5));
  Check(process.status(), "start assessment-svc");
  auto deployed = rpc::MakeChannel(absl::StrCat("127.0.0.1:", options.port));
  auto deployed_figures = v1::AssessmentService::NewStub(deployed);
  auto deployed_annual = v1::AnnualAssessmentService::NewStub(deployed);
  for (int run = 0; run < 3; ++run) {
    auto again = testing::CallAs(*deployed_figures,
                                 &v1::AssessmentService::Stub::GetBulletin,
                                 token(auth::Role::kAssessor), request);
    Check(again.status(), "GetBulletin");
    Check(again->city().members() == bulletin->city().members()
              ? absl::OkStatus()
              : absl::InternalError("the bulletin differs"),
          "GetBulletin as deployed");
    Check(testing::CallAs(*deployed_annual,
                          &v1::AnnualAssessmentService::Stub::ComputeAssessment,
                          token(auth::Role::kCityAdmin), compute)
              .status(),
          "ComputeAssessment");
  }
  bench::ServiceMemoryFigure(
      "assessment-svc", "3 bulletins and 3 annual assessments of this data",
      testing::ReadProcessMemory((*process)->pid()));
  process->reset();
  std::filesystem::remove_all(service_dir);
  (*merchants)->Stop();
  return 0;
}
