// assessment-svc killed (SIGKILL) in the middle of following member-svc's
// feed, and started again (issue 17). The progress counters move one event
// at a time (a member approved: +1 for the county; transferred: −1 here,
// +1 there), and the cursor is saved apart from them, so a restart reads
// some events twice: the counters must still equal a recount of member-svc's
// own rows, and so must the progress series and the bulletin. Meanwhile a
// reader asking for the month's progress is told UNAVAILABLE or
// DEADLINE_EXCEEDED (retry), never INTERNAL.
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "assessment/v1/assessment.grpc.pb.h"
#include "common/auth/token.h"
#include "common/grpc/api_types.h"
#include "common/grpc/call_as.h"
#include "common/grpc/client.h"
#include "common/import/member_csv_import.h"
#include "common/testing/eventually.h"
#include "common/testing/mariadb_server.h"
#include "common/testing/service_process.h"
#include "gtest/gtest.h"
#include "member-svc/test/api/member_test_env.h"
#include "tests/load/load_driver.h"
#include "tests/load/load_people.h"

namespace unioncard::testing {
namespace {

namespace v1 = member::v1;
using rpc::CallAs;
using AssessmentStub = assessment::v1::AssessmentService::Stub;

class AssessmentSvcCrashTest : public member::testing::MemberServiceEnv {
 protected:
  void SetUp() override {
    MemberServiceEnv::SetUp();
    if (HasFatalFailure()) return;
    auto db = TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    assessment_db_ = *std::move(db);
    dir_ = ::testing::TempDir() + "/assessment-crash-XXXXXX";
    ASSERT_NE(mkdtemp(dir_.data()), nullptr);
    std::ofstream(dir_ + "/verify.json")
        << auth::VerifyKeysToJson({{key_.kid, key_.public_key}});
    // The identity member-svc grants its feed to (service_grants.cc).
    std::ofstream(dir_ + "/service_token") << Token(
        {"assessment-svc", auth::Role::kService, "city", "/city/", {}, {}});
    port_ = PickFreePort();
    stub_ = assessment::v1::AssessmentService::NewStub(
        rpc::MakeChannel(absl::StrCat("127.0.0.1:", port_)));
  }
  void TearDown() override {
    process_.reset();
    RemoveAllButLogs(dir_);
    MemberServiceEnv::TearDown();
  }

  std::string Token(const auth::Principal& p) {
    return auth::TokenSigner(key_).Issue(p, absl::Hours(1));
  }
  std::string CityToken() {
    return Token(
        {"admin@city", auth::Role::kCityAdmin, "city", "/city/", {}, {}});
  }

  void StartAssessmentSvc() {
    ServiceProcessOptions o{ASSESSMENT_SVC_PATH,
                            "assessment-svc",
                            dir_,
                            port_,
                            assessment_db_->options(),
                            {}};
    o.flags = {
        absl::StrCat("--member_svc=127.0.0.1:", server_->port()),
        absl::StrCat("--member_svc_token=file:", dir_, "/service_token"),
        // Not running here: its feed follower keeps retrying, which
        // is what it does when card-svc is down.
        absl::StrCat("--card_svc=127.0.0.1:", PickFreePort()),
        absl::StrCat("--card_svc_token=file:", dir_, "/service_token"),
        absl::StrCat("--merchant_svc=127.0.0.1:", PickFreePort()),
        absl::StrCat("--merchant_svc_token=file:", dir_, "/service_token"),
        "--reference_dir=" UNIONCARD_SOURCE_DIR "/deploy/reference"};
    auto process = StartServiceProcess(o);
    ASSERT_TRUE(process.ok()) << process.status();
    process_ = *std::move(process);
  }

  // `n` members of a new union of `county`, imported, verified by the
  // county and approved by the city but for every tenth (left waiting).
  std::vector<int64_t> ApprovedMembers(const std::string& county, int n,
                                       int64_t first_person) {
    auto unit = CityAdmin().CreateUnion(county, county + "崩溃测试工会");
    EXPECT_TRUE(unit.ok()) << unit.status();
    if (!unit.ok()) return {};
    std::string csv = "name,id_number,mobile,join_date\n";
    for (int i = 0; i < n; ++i) {
      const v1::RegisterMemberRequest p =
          LoadPerson(unit->id(), first_person + i);
      absl::StrAppend(&csv, p.name(), ",", p.id_number(), ",", p.mobile(), ",",
                      p.join_date(), "\n");
    }
    import::MemberCsvOptions options;
    options.default_org_id = unit->id();
    options.token = Token({"staff@" + county,
                           auth::Role::kCountyStaff,
                           county,
                           absl::StrCat("/city/", county, "/"),
                           {},
                           {}});
    options.source_name = "crash.csv";
    options.rows_per_message = 200;
    auto imported = import::ImportMemberCsv(
        *v1::MemberService::NewStub(channel_), csv, options);
    EXPECT_TRUE(imported.ok() && imported->created == n)
        << (imported.ok() ? imported->failed_csv
                          : imported.status().ToString());
    auto rows = QueryRows(
        db_->options(), absl::StrCat("SELECT id FROM members WHERE org_id = '",
                                     unit->id(), "' ORDER BY id"));
    EXPECT_TRUE(rows.ok()) << rows.status();
    std::vector<int64_t> approved;
    std::vector<int64_t> chunk;
    auto review = [&](std::vector<int64_t>& ids) {
      if (ids.empty()) return;
      EXPECT_TRUE(
          CountyStaff(county).Review(ids, v1::REVIEW_ACTION_VERIFY).ok());
      EXPECT_TRUE(CityAdmin().Review(ids, v1::REVIEW_ACTION_APPROVE).ok());
      approved.insert(approved.end(), ids.begin(), ids.end());
      ids.clear();
    };
    for (size_t i = 0; rows.ok() && i < rows->size(); ++i) {
      int64_t id = 0;
      EXPECT_TRUE(absl::SimpleAtoi((*rows)[i][0], &id));
      if (i % 10 == 9) continue;
      chunk.push_back(id);
      if (chunk.size() == 1000) review(chunk);
    }
    review(chunk);
    return approved;
  }

  // A one-year plan for `year` (half the members, at least 100 cards a
  // county), made by one city admin and approved by another: the bulletin
  // needs the year's plan.
  void ApprovePlanFor(int year) {
    using Plans = assessment::v1::PlanService::Stub;
    auto plans = assessment::v1::PlanService::NewStub(
        rpc::MakeChannel(absl::StrCat("127.0.0.1:", port_)));
    assessment::v1::GeneratePlanRequest generate;
    generate.set_request_id(absl::StrCat("crash-plan-", year));
    generate.set_first_year(year);
    generate.add_coverage_targets("50");
    auto plan = CallAs(*plans, &Plans::GeneratePlan, CityToken(), generate);
    ASSERT_TRUE(plan.ok()) << plan.status();
    for (const auto& unit : plan->years(0).units()) {
      if (unit.plan() > 0) continue;
      assessment::v1::UpdatePlanUnitRequest edit;
      edit.set_plan_id(plan->plan_id());
      edit.set_year(year);
      edit.set_unit_code(unit.unit_code());
      edit.set_plan(100);
      ASSERT_TRUE(
          CallAs(*plans, &Plans::UpdatePlanUnit, CityToken(), edit).ok());
    }
    assessment::v1::ApprovePlanRequest approve;
    approve.set_plan_id(plan->plan_id());
    auto approved = CallAs(
        *plans, &Plans::ApprovePlan,
        Token({"chair@city", auth::Role::kCityAdmin, "city", "/city/", {}, {}}),
        approve);
    ASSERT_TRUE(approved.ok()) << approved.status();
  }

  // Counted members per county as assessment-svc's counters say.
  std::map<std::string, int64_t> Counters() {
    return Counts(assessment_db_->options(),
                  "SELECT county_id, SUM(delta) FROM daily_members "
                  "GROUP BY county_id");
  }
  // The same recounted from member-svc's own rows (3 = CITY_APPROVED,
  // 1 = ACTIVE).
  std::map<std::string, int64_t> Recount() {
    return Counts(db_->options(),
                  "SELECT county_id, COUNT(*) FROM members WHERE "
                  "review_state = 3 AND membership_status = 1 "
                  "GROUP BY county_id");
  }
  static std::map<std::string, int64_t> Counts(const db::DbOptions& db,
                                               const std::string& sql) {
    std::map<std::string, int64_t> counts;
    auto rows = QueryRows(db, sql);
    if (!rows.ok()) return {{"error", -1}};
    for (const auto& row : *rows) {
      int64_t n = 0;
      if (!absl::SimpleAtoi(row[1], &n)) return {{"error", -1}};
      if (n != 0) counts[row[0]] = n;
    }
    return counts;
  }
  static int64_t Sum(const std::map<std::string, int64_t>& counts) {
    int64_t sum = 0;
    for (const auto& [county, n] : counts) sum += n;
    return sum;
  }
  static std::string Describe(const std::map<std::string, int64_t>& counts) {
    return absl::StrJoin(counts, ", ", absl::PairFormatter(" "));
  }

  std::unique_ptr<TestDatabase> assessment_db_;
  std::string dir_;
  int port_ = 0;
  std::unique_ptr<AssessmentStub> stub_;
  std::unique_ptr<ChildProcess> process_;
};

TEST_F(AssessmentSvcCrashTest,
       KilledMidFeedThenItsCountersAndBulletinEqualARecount) {
  // 3,000 members in two counties: 2,700 approved, then 60 of xinhua's
  // moved to cangxian — about 8,500 feed events waiting when it starts.
  std::vector<int64_t> xinhua = ApprovedMembers("xinhua", 1500, 0);
  std::vector<int64_t> cangxian = ApprovedMembers("cangxian", 1500, 1500);
  ASSERT_FALSE(HasFailure());
  auto target = CityAdmin().CreateUnion("cangxian", "沧县接收工会");
  ASSERT_TRUE(target.ok()) << target.status();
  for (int i = 0; i < 60; ++i) {
    v1::TransferMemberRequest move;
    move.set_request_id(absl::StrCat("crash-move-", i));
    move.set_member_id(xinhua[i]);
    move.set_to_org_id(target->id());
    auto moved =
        CallAs(CityAdmin().members(), &v1::MemberService::Stub::TransferMember,
               CityToken(), move);
    ASSERT_TRUE(moved.ok()) << moved.status();
  }
  const std::map<std::string, int64_t> recount = Recount();
  ASSERT_EQ(recount, (std::map<std::string, int64_t>{{"cangxian", 1410},
                                                     {"xinhua", 1290}}));

  // A reader asks for this month's figures throughout, retrying as told.
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), rpc::ChinaTime());
  assessment::v1::GetProgressSeriesRequest month;
  month.set_from_month(absl::FormatTime(
      "%Y-%m", absl::FromCivil(today, rpc::ChinaTime()), rpc::ChinaTime()));
  month.set_to_month(month.from_month());
  LoadDriver reader;
  StartAssessmentSvc();
  reader.Start(1, [&](int, int64_t) {
    auto series = CallAs(*stub_, &AssessmentStub::GetProgressSeries,
                         CityToken(), month, absl::Seconds(2));
    absl::SleepFor(absl::Milliseconds(20));
    return static_cast<grpc::StatusCode>(series.status().code());
  });

  // Killed once a tenth of the approvals are counted and before all are.
  ASSERT_TRUE(Eventually([&] { return Sum(Counters()) >= 2700 / 10; },
                         absl::Seconds(60)))
      << "counters: " << Describe(Counters());
  ASSERT_TRUE(KillServiceProcess(process_).ok());
  const absl::Time killed = absl::Now();
  const int64_t counted_at_kill = Sum(Counters());
  EXPECT_LT(counted_at_kill, 2700) << "the kill came after the feed's end";
  absl::SleepFor(absl::Seconds(1));  // down for a moment, as a crash is
  const absl::Time restarting = absl::Now();
  StartAssessmentSvc();
  const absl::Time serving = absl::Now();
  const bool caught_up =
      Eventually([&] { return Counters() == recount; }, absl::Seconds(90));
  const absl::Time recovered = absl::Now();
  // Read twice more: the events read again after the restart must not move
  // anything further.
  absl::SleepFor(absl::Seconds(2));
  reader.Stop();
  EXPECT_TRUE(caught_up) << "counters " << Describe(Counters())
                         << " vs recount " << Describe(recount);
  EXPECT_EQ(Counters(), recount);

  // What the assessors read says the same: this month's figures and, once
  // the year has a plan, today's bulletin.
  auto series =
      CallAs(*stub_, &AssessmentStub::GetProgressSeries, CityToken(), month);
  ASSERT_TRUE(series.ok()) << series.status();
  std::map<std::string, int64_t> charted;
  for (const auto& county : series->counties()) {
    if (county.points_size() == 1 && county.points(0).members() != 0) {
      charted[county.unit_code()] = county.points(0).members();
    }
  }
  EXPECT_EQ(charted, recount);
  ApprovePlanFor(today.year());
  assessment::v1::GetBulletinRequest get;
  get.set_date(absl::FormatCivilTime(today));
  auto bulletin =
      CallAs(*stub_, &AssessmentStub::GetBulletin, CityToken(), get);
  ASSERT_TRUE(bulletin.ok()) << bulletin.status();
  std::map<std::string, int64_t> shown;
  for (const auto& row : bulletin->rows()) {
    if (row.members() != 0) shown[row.unit_code()] = row.members();
  }
  EXPECT_EQ(shown, recount);
  EXPECT_EQ(bulletin->city().members(), 2700);

  EXPECT_TRUE(reader
                  .UnexpectedCodes(absl::InfinitePast(), absl::InfiniteFuture(),
                                   {grpc::StatusCode::UNAVAILABLE,
                                    grpc::StatusCode::DEADLINE_EXCEEDED})
                  .empty());
  EXPECT_GT(reader.UnexpectedCodes(killed, serving, {}).size(), 0u)
      << "the reader never saw the crash";
  std::printf(
      "fault: assessment-svc SIGKILL mid-feed: %lld of 2700 approvals "
      "counted at the kill; %.1f s from restart to serving, %.1f s more to "
      "counters equal to a recount (%s); progress reads: %lld answered, "
      "attempts %s\n",
      static_cast<long long>(counted_at_kill),
      absl::ToDoubleSeconds(serving - restarting),
      absl::ToDoubleSeconds(recovered - serving), Describe(recount).c_str(),
      static_cast<long long>(reader.total_done()),
      absl::StrJoin(reader.CodeCounts(), ", ", absl::PairFormatter(" "))
          .c_str());
}

}  // namespace
}  // namespace unioncard::testing
