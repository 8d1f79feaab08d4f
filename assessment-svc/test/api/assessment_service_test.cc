// A small synthetic 2017 replayed end to end: cards issued and activated on
// dated bank times through card-svc (the test speaks for the bank with the
// bank's certificate), assessment-svc following card-svc's feed, member
// counts from member-svc. The bulletin and the rankings are checked against
// figures worked out by hand below.
#include <cppconn/statement.h>
#include <unistd.h>

#include <cstdio>

#include "absl/strings/str_format.h"
#include "assessment-svc/src/assessment_server.h"
#include "assessment-svc/src/domain/year_assessment.h"
#include "assessment-svc/test/api/assessment_test_server.h"
#include "card-svc/test/api/card_service_env.h"
#include "common/grpc/api_types.h"
#include "common/grpc/client.h"
#include "common/grpc/mutual_tls.h"
#include "common/report/report.h"
#include "common/testing/grpc_call.h"
#include "gtest/gtest.h"
#include "merchant-svc/test/api/merchant_test_server.h"
#include "tools/unionctl/analytics_commands.h"
#include "tools/unionctl/assessment_commands.h"

namespace unioncard::assessment {
namespace {

using Stub = v1::AssessmentService::Stub;

// One member of a zip file (an XLSX workbook), read with unzip(1).
std::string Unzip(const std::string& zip, const std::string& member) {
  std::string out;
  FILE* pipe =
      popen(absl::StrCat("unzip -p '", zip, "' '", member, "'").c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

class AssessmentServiceTest : public card::testing::CardServiceEnv {
 protected:
  void SetUp() override {
    CardServiceEnv::SetUp();
    banksim::BankSimOptions slow;  // the test is the bank's clock
    slow.issue_delay = absl::Hours(1);
    StartCardSvc(slow);
    auto db = unioncard::testing::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    assessment_db_ = *std::move(db);
    auto merchant_db = unioncard::testing::TestDatabase::Create();
    ASSERT_TRUE(merchant_db.ok()) << merchant_db.status();
    merchant_db_ = *std::move(merchant_db);
    auto merchants = merchant::testing::StartMerchantServer(
        merchant_db_->options(), key_, card_address_,
        [] { return absl::ToCivilDay(absl::Now(), rpc::ChinaTime()); });
    ASSERT_TRUE(merchants.ok()) << merchants.status();
    merchant_server_ = *std::move(merchants);
    merchant_stub_ = merchant::v1::MerchantService::NewStub(
        rpc::MakeChannel(absl::StrCat("127.0.0.1:", merchant_server_->port())));
    auto config = testing::AssessmentTestConfig(
        assessment_db_->options(), key_,
        {absl::StrCat("127.0.0.1:", member_port()), card_address_,
         absl::StrCat("127.0.0.1:", merchant_server_->port())});
    ASSERT_TRUE(config.ok()) << config.status();
    auto server = StartAssessmentServer(*std::move(config));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = rpc::MakeChannel(absl::StrCat("127.0.0.1:", server_->port()));
    stub_ = v1::AssessmentService::NewStub(channel_);
    annual_ = v1::AnnualAssessmentService::NewStub(channel_);
    plans_ = v1::PlanService::NewStub(channel_);
    bank_side_ = bank::v1::BankNotifications::NewStub(
        rpc::MakeChannel(absl::StrCat("127.0.0.1:", card_server_->bank_port()),
                         *rpc::MutualTlsChannelCredentials(
                             card::testing::BankCerts::Tls("bank-sim"))));
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Stop();
    server_.reset();
    if (merchant_server_ != nullptr) merchant_server_->Stop();
    merchant_server_.reset();
    CardServiceEnv::TearDown();
  }

  // Card ids of `n` approved members of a new union of `county`, sent to
  // the bank (SUBMITTED).
  std::vector<int64_t> SubmittedCards(const std::string& county, int n,
                                      int first_person) {
    auto unit = CityAdmin().CreateUnion(county, county + "测试工会");
    EXPECT_TRUE(unit.ok());
    std::vector<int64_t> members;
    for (int i = 0; i < n; ++i) {
      members.push_back(ApprovedMember(*unit, first_person + i));
    }
    auto batch = CountyCards(county).CreateBatch(unit->id(), members);
    EXPECT_TRUE(batch.ok()) << batch.status();
    std::vector<int64_t> cards;
    for (const auto& item : batch->items()) cards.push_back(item.card_id());
    EXPECT_TRUE(Eventually([&] {
      return CardRows(absl::StrCat("cards WHERE state = 2 AND org_id = '",
                                   unit->id(), "'")) == n;
    }));
    return cards;
  }

  // The bank reports `kind` for `card` on `day`.
  void Bank(bank::v1::CardNotification::Kind kind, int64_t card,
            absl::CivilDay day) {
    bank::v1::NotifyCardsRequest news;
    bank::v1::CardNotification* n = news.add_notifications();
    n->set_notification_id(absl::StrCat("replay-", ++notification_));
    n->set_card_id(card);
    n->set_kind(kind);
    if (kind == bank::v1::CardNotification::KIND_ISSUED) {
      n->set_bank_token(absl::StrCat("replay-token-", card));
      n->set_last4("0001");
      n->set_expiry("2022-01");
    }
    n->mutable_time()->set_seconds(absl::ToUnixSeconds(absl::FromCivil(
        absl::CivilSecond(day) + 10 * 3600, absl::FixedTimeZone(8 * 3600))));
    bank::v1::NotificationAcks acks;
    grpc::ClientContext context;
    ASSERT_TRUE(bank_side_->NotifyCards(&context, news, &acks).ok());
    ASSERT_EQ(acks.acks(0).code(), 0) << acks.acks(0).message();
  }

  // Calls any of assessment-svc's services (or merchant-svc) as `subject`
  // in `role` at the city.
  template <typename S, typename Request, typename Response>
  absl::StatusOr<Response> Call(grpc::Status (S::*method)(grpc::ClientContext*,
                                                          const Request&,
                                                          Response*),
                                const Request& request,
                                auth::Role role = auth::Role::kAssessor,
                                const std::string& subject = "assessor") {
    // A token's path must fit its role: county staff one level down,
    // members and clerks two (auth::CheckClaims).
    const bool county = role == auth::Role::kCountyStaff;
    const bool grassroots =
        role == auth::Role::kMember || role == auth::Role::kGrassrootsStaff;
    const std::string org =
        county ? "xinhua" : (grassroots ? "xinhua-g0001" : "city");
    const std::string path =
        county ? "/city/xinhua/"
               : (grassroots ? "/city/xinhua/xinhua-g0001/" : "/city/");
    const std::string token = auth::TokenSigner(key_).Issue(
        {subject, role, org, path, {}, {}}, absl::Hours(1));
    if constexpr (std::is_same_v<S, v1::AssessmentService::Stub>) {
      return unioncard::testing::CallAs(*stub_, method, token, request);
    } else if constexpr (std::is_same_v<S, v1::AnnualAssessmentService::Stub>) {
      return unioncard::testing::CallAs(*annual_, method, token, request);
    } else if constexpr (std::is_same_v<S, v1::PlanService::Stub>) {
      return unioncard::testing::CallAs(*plans_, method, token, request);
    } else {
      return unioncard::testing::CallAs(*merchant_stub_, method, token,
                                        request);
    }
  }

  absl::StatusOr<v1::QuarterRanking> Ranking(int year, int quarter) {
    v1::GetQuarterRankingRequest r;
    r.set_year(year);
    r.set_quarter(quarter);
    return Call(&Stub::GetQuarterRanking, r);
  }

  // Until assessment-svc has followed both feeds to their ends.
  void WaitForFeeds() {
    EXPECT_TRUE(Eventually([&] {
      return server_->card_feed_position() >= CardRows("card_events") &&
             server_->member_feed_position() >= CountRows("member_events");
    }));
  }

  // The replayed 2017 below: xinhua 4 cards (2 activated), yunhe 3 (1).
  std::vector<int64_t> Replay2017() {
    using K = bank::v1::CardNotification;
    const std::vector<int64_t> xinhua = SubmittedCards("xinhua", 4, 1);
    const std::vector<int64_t> yunhe = SubmittedCards("yunhe", 3, 11);
    // xinhua: three cards in February (two activated), one in May.
    for (int i = 0; i < 3; ++i)
      Bank(K::KIND_ISSUED, xinhua[i], absl::CivilDay(2017, 2, 10));
    Bank(K::KIND_ACTIVATED, xinhua[0], absl::CivilDay(2017, 2, 20));
    Bank(K::KIND_ACTIVATED, xinhua[1], absl::CivilDay(2017, 2, 20));
    Bank(K::KIND_ISSUED, xinhua[3], absl::CivilDay(2017, 5, 5));
    // yunhe: two cards in March (one activated), one in August.
    Bank(K::KIND_ISSUED, yunhe[0], absl::CivilDay(2017, 3, 1));
    Bank(K::KIND_ISSUED, yunhe[1], absl::CivilDay(2017, 3, 1));
    Bank(K::KIND_ACTIVATED, yunhe[0], absl::CivilDay(2017, 3, 5));
    Bank(K::KIND_ISSUED, yunhe[2], absl::CivilDay(2017, 8, 1));
    WaitForFeeds();
    return yunhe;
  }

  std::unique_ptr<unioncard::testing::TestDatabase> assessment_db_;
  std::unique_ptr<unioncard::testing::TestDatabase> merchant_db_;
  std::unique_ptr<merchant::RunningMerchantSvc> merchant_server_;
  std::unique_ptr<merchant::v1::MerchantService::Stub> merchant_stub_;
  std::unique_ptr<RunningAssessmentSvc> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::AssessmentService::Stub> stub_;
  std::unique_ptr<v1::AnnualAssessmentService::Stub> annual_;
  std::unique_ptr<v1::PlanService::Stub> plans_;
  std::unique_ptr<bank::v1::BankNotifications::Stub> bank_side_;
  int notification_ = 0;
};

TEST_F(AssessmentServiceTest, TheShippedPlanIsTheReferenceCsv) {
  v1::GetPlanRequest r;
  r.set_year(2016);
  auto p2016 = Call(&Stub::GetPlan, r);
  ASSERT_TRUE(p2016.ok()) << p2016.status();
  EXPECT_EQ(p2016->units_size(), 22);
  EXPECT_EQ(p2016->total(), 144400);
  int64_t members = 0;
  for (const auto& u : p2016->units()) members += u.members_base();
  EXPECT_EQ(members, 1444534);
  for (const auto& [year, target] :
       std::vector<std::pair<int, int64_t>>{{2017, 577800}, {2018, 1155700}}) {
    r.set_year(year);
    auto plan = Call(&Stub::GetPlan, r);
    ASSERT_TRUE(plan.ok()) << plan.status();
    int64_t cumulative = 0;
    for (const auto& u : plan->units()) cumulative += u.cumulative_target();
    EXPECT_EQ(cumulative, target) << year;
  }
  r.set_year(2019);
  EXPECT_EQ(Call(&Stub::GetPlan, r).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(AssessmentServiceTest, A2017ReplayGivesTheHandWorkedBulletinAndRanks) {
  const std::vector<int64_t> yunhe = Replay2017();

  v1::GetBulletinRequest request;
  request.set_date("2017-06-30");
  auto bulletin = Call(&Stub::GetBulletin, request);
  ASSERT_TRUE(bulletin.ok()) << bulletin.status();
  ASSERT_EQ(bulletin->rows_size(), 22);
  std::map<std::string, v1::BulletinRow> row;
  for (const auto& r : bulletin->rows()) row[r.unit_code()] = r;
  // Plan 2017 (reference CSV): xinhua 12,700, yunhe 19,500.
  // Completion 4/12,700 = 0.031% and 2/19,500 = 0.010%: xinhua first, yunhe
  // second, the 20 units without cards share rank 3.
  EXPECT_EQ(row["xinhua"].plan(), 12700);
  EXPECT_EQ(row["xinhua"].issued_this_year(), 4);
  EXPECT_EQ(row["xinhua"].issued_cumulative(), 4);
  EXPECT_EQ(row["xinhua"].live_cards(), 4);
  EXPECT_EQ(row["xinhua"].activated(), 2);
  EXPECT_EQ(row["xinhua"].activation_rate(), "50.0");
  // Members count from their approval (today, in this replay): none yet
  // in 2017, so no coverage. Today's are checked in the series below.
  EXPECT_EQ(row["xinhua"].members(), 0);
  EXPECT_EQ(row["xinhua"].coverage(), "-");
  EXPECT_EQ(row["xinhua"].rank(), 1);
  EXPECT_EQ(row["xinhua"].name(), "新华区总工会");
  EXPECT_EQ(row["yunhe"].plan(), 19500);
  EXPECT_EQ(row["yunhe"].issued_this_year(), 2);  // August not yet
  EXPECT_EQ(row["yunhe"].live_cards(), 2);
  EXPECT_EQ(row["yunhe"].coverage(), "-");
  EXPECT_EQ(row["yunhe"].activation_rate(), "50.0");
  EXPECT_EQ(row["yunhe"].rank(), 2);
  EXPECT_EQ(row["cangxian"].rank(), 3);
  EXPECT_EQ(row["cangxian"].activation_rate(), "-");
  EXPECT_EQ(bulletin->city().issued_this_year(), 6);
  EXPECT_EQ(bulletin->city().activated(), 3);
  EXPECT_EQ(bulletin->rows(0).unit_code(), "xinhua");

  // Q1: xinhua 3/12,700 vs yunhe 2/19,500 → 7 and 6.5 points; the rest 6.
  auto q1 = Ranking(2017, 1);
  ASSERT_TRUE(q1.ok()) << q1.status();
  EXPECT_EQ(q1->quarter_end(), "2017-03-31");
  EXPECT_EQ(q1->units(0).unit_code(), "xinhua");
  EXPECT_EQ(q1->units(0).issued(), 3);
  EXPECT_EQ(q1->units(0).points(), "7");
  EXPECT_EQ(q1->units(1).unit_code(), "yunhe");
  EXPECT_EQ(q1->units(1).points(), "6.5");
  EXPECT_EQ(q1->units(2).rank(), 3);
  EXPECT_EQ(q1->units(2).points(), "6");
  // Q3: yunhe's August card counts; 3/19,500 is still below 4/12,700.
  auto q3 = Ranking(2017, 3);
  ASSERT_TRUE(q3.ok());
  EXPECT_EQ(q3->units(1).unit_code(), "yunhe");
  EXPECT_EQ(q3->units(1).issued(), 3);
  EXPECT_EQ(q3->quarter_end(), "2017-09-30");

  // A card cancelled now does not change 2017.
  ASSERT_TRUE(CountyCards("yunhe")
                  .Change(&card::v1::CardService::Stub::CancelCard, yunhe[0],
                          "本人申请")
                  .ok());
  WaitForFeeds();
  EXPECT_EQ(Call(&Stub::GetBulletin, request)->rows(1).live_cards(), 2);

  // What unionctl prints (and exports as CSV) from the same figures.
  unionctl::AssessmentCommands cli(
      channel_,
      auth::TokenSigner(key_).Issue(
          {"assessor", auth::Role::kAssessor, "city", "/city/", {}, {}},
          absl::Hours(1)));
  auto report = cli.Bulletin("2017-06-30");
  ASSERT_TRUE(report.ok()) << report.status();
  const std::string csv = report::RenderCsv(*report);
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "排名,单位,实名会员,年度计划,本年发卡,完成率%,累计发卡,覆盖率%,"
            "激活数,激活率%");
  EXPECT_NE(csv.find("\r\n1,新华区总工会,0,12700,4,0.0,4,-,2,50.0\r\n"),
            std::string::npos)
      << csv;
  auto ranking = cli.Ranking(2017, 1);
  ASSERT_TRUE(ranking.ok());
  EXPECT_NE(report::RenderText(*ranking).find("2017年第1季度排队"),
            std::string::npos);
  // The XLSX export holds the same cells: names as text, figures as numbers.
  const std::string xlsx =
      absl::StrCat(::testing::TempDir(), "/bulletin-", getpid(), ".xlsx");
  ASSERT_TRUE(report::WriteXlsx(*report, xlsx).ok());
  const std::string strings = Unzip(xlsx, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("月通报 2017-06-30"), std::string::npos) << strings;
  EXPECT_NE(strings.find("新华区总工会"), std::string::npos);
  EXPECT_NE(strings.find("激活率%"), std::string::npos);
  const std::string sheet = Unzip(xlsx, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<v>12700</v>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<v>50</v>"), std::string::npos);  // 50.0 %
  std::remove(xlsx.c_str());

  EXPECT_EQ(Ranking(2016, 1).status().code(),
            absl::StatusCode::kFailedPrecondition);  // ranking starts in Q2
  EXPECT_TRUE(Ranking(2016, 2).ok());
  EXPECT_EQ(Ranking(2017, 5).status().code(),
            absl::StatusCode::kInvalidArgument);
  request.set_date("2017-02-30");
  EXPECT_EQ(Call(&Stub::GetBulletin, request).status().code(),
            absl::StatusCode::kInvalidArgument);
  request.set_date("2017-06-30");
  EXPECT_EQ(
      Call(&Stub::GetBulletin, request, auth::Role::kMember).status().code(),
      absl::StatusCode::kPermissionDenied);
}

v1::SimulatedUnit Unit(const std::string& code, int64_t plan,
                       std::vector<int64_t> quarters, int64_t activated,
                       const std::string& leadership = "3",
                       const std::string& measures = "4") {
  v1::SimulatedUnit u;
  u.set_unit_code(code);
  u.set_plan(plan);
  for (int64_t q : quarters) u.add_issued_by_quarter_end(q);
  u.set_issued_cumulative(quarters.empty() ? 0 : quarters.back());
  u.set_activated_cumulative(activated);
  u.set_service_items(5);
  u.set_leadership(leadership);
  u.set_measures(measures);
  return u;
}

TEST_F(AssessmentServiceTest, SimulationScoresGivenInputsLikeTheDomain) {
  v1::SimulateAssessmentRequest request;
  request.set_year(2017);
  *request.add_units() = Unit("xinhua", 100, {30, 60, 90, 120}, 90);
  *request.add_units() = Unit("yunhe", 200, {10, 50, 100, 150}, 100, "2.5");
  auto result = Call(&Stub::SimulateAssessment, request);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->units_size(), 2);
  // By hand: xinhua R = 120/100 = 120% passes; yunhe 150/200 = 75% < 100%
  // is vetoed and gets no award.
  EXPECT_EQ(result->units(0).unit_code(), "xinhua");
  EXPECT_EQ(result->units(0).completion(), "120.0");
  EXPECT_FALSE(result->units(0).vetoed());
  EXPECT_EQ(result->units(0).award_rank(), 1);
  EXPECT_EQ(result->units(0).leadership(), "3");
  EXPECT_EQ(result->units(1).completion(), "75.0");
  EXPECT_TRUE(result->units(1).vetoed());
  EXPECT_EQ(result->units(1).award_rank(), 0);
  EXPECT_EQ(result->units(1).leadership(), "2.5");
  EXPECT_EQ(result->units(1).activation_rate(), "66.7");  // 100 / 150
  // Q1 by hand: 30/100 = 30% before 10/200 = 5%: 7 and 6.5 points.
  ASSERT_EQ(result->quarters_size(), 4);
  EXPECT_EQ(result->quarters(0).units(0).unit_code(), "xinhua");
  EXPECT_EQ(result->quarters(0).units(0).points(), "7");
  EXPECT_EQ(result->quarters(0).units(1).points(), "6.5");

  // The adapter adds nothing of its own: the totals are the domain's.
  std::vector<UnitYearInputs> inputs(2);
  inputs[0] = {"xinhua",
               100,
               {30, 60, 90, 120},
               120,
               90,
               5,
               {Score::Points(3), Score::Points(4), 0, 0}};
  inputs[1] = {"yunhe",
               200,
               {10, 50, 100, 150},
               150,
               100,
               5,
               {Score::Halves(5), Score::Points(4), 0, 0}};
  auto domain = AssessYearFromQuarters(2017, inputs, ScoringPolicy());
  ASSERT_TRUE(domain.ok());
  EXPECT_EQ(result->units(0).total(), domain->units[0].total.ToString());
  EXPECT_EQ(result->units(1).total(), domain->units[1].total.ToString());

  // What if yunhe issues 50 more by the year's end? R reaches 100%.
  request.mutable_units(1)->set_issued_by_quarter_end(3, 200);
  request.mutable_units(1)->set_issued_cumulative(200);
  auto what_if = Call(&Stub::SimulateAssessment, request);
  ASSERT_TRUE(what_if.ok()) << what_if.status();
  EXPECT_FALSE(what_if->units(1).vetoed());
  EXPECT_GT(what_if->units(1).award_rank(), 0);

  v1::SimulateAssessmentRequest bad = request;
  bad.mutable_units(0)->set_leadership("3.7");
  bad.mutable_units(1)->clear_issued_by_quarter_end();
  auto refused = Call(&Stub::SimulateAssessment, bad);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("units[0].leadership"),
            std::string::npos);
  EXPECT_NE(refused.status().message().find("units[1].issued_by_quarter_end"),
            std::string::npos);
  EXPECT_EQ(Call(&Stub::SimulateAssessment, request, auth::Role::kCountyStaff)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(AssessmentServiceTest, AssessorsEnterRegularItemsAndCorrectThem) {
  v1::SetRegularItemsRequest entry;
  entry.set_year(2017);
  entry.set_unit_code("xianxian");
  entry.set_leadership("2.5");
  entry.set_measures("4");
  auto saved = Call(&Stub::SetRegularItems, entry);
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(saved->updated_by(), "assessor");
  entry.set_measures("3.5");  // a correction replaces the entry
  ASSERT_TRUE(Call(&Stub::SetRegularItems, entry).ok());
  v1::ListRegularItemsRequest list;
  list.set_year(2017);
  auto entries = Call(&Stub::ListRegularItems, list);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->entries_size(), 1);
  EXPECT_EQ(entries->entries(0).leadership(), "2.5");
  EXPECT_EQ(entries->entries(0).measures(), "3.5");
  EXPECT_EQ(entries->entries(0).omissions(), 0);

  // Omissions and criticisms are not in the request: each is a dated
  // incident (AddIncident).
  v1::SetRegularItemsRequest bad = entry;
  bad.set_leadership("3.5");
  bad.set_unit_code("atlantis");
  auto refused = Call(&Stub::SetRegularItems, bad);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  for (const char* field : {"leadership", "unit_code"}) {
    EXPECT_NE(refused.status().message().find(field), std::string::npos)
        << field;
  }
  EXPECT_EQ(Call(&Stub::SetRegularItems, entry, auth::Role::kCountyStaff)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(AssessmentServiceTest, IncidentsAreDatedNotedAndWithdrawnNotDeleted) {
  v1::AddIncidentRequest omission;
  omission.set_request_id("omission-1");
  omission.set_unit_code("botou");
  omission.set_kind(v1::INCIDENT_KIND_OMISSION);
  omission.set_date("2017-04-01");
  omission.set_note("未按时报送三月发卡月报");
  auto first = Call(&Stub::AddIncident, omission);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->entered_by(), "assessor");
  // A retry returns the first entry; nothing is counted twice.
  auto retry = Call(&Stub::AddIncident, omission);
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->id(), first->id());
  v1::AddIncidentRequest criticism = omission;
  criticism.set_request_id("criticism-1");
  criticism.set_kind(v1::INCIDENT_KIND_CRITICISM);
  criticism.set_date("2017-02-15");
  criticism.set_note("点名通报批评：发卡进度滞后");
  ASSERT_TRUE(Call(&Stub::AddIncident, criticism).ok());
  v1::SetRegularItemsRequest entry;
  entry.set_year(2017);
  entry.set_unit_code("botou");
  entry.set_leadership("2");
  entry.set_measures("3");
  ASSERT_TRUE(Call(&Stub::SetRegularItems, entry).ok());

  v1::ListIncidentsRequest list;
  list.set_year(2017);
  auto listed = Call(&Stub::ListIncidents, list);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->incidents_size(), 2);
  EXPECT_EQ(listed->incidents(0).date(), "2017-02-15");  // by date
  EXPECT_EQ(listed->incidents(1).note(), "未按时报送三月发卡月报");
  v1::ListRegularItemsRequest items;
  items.set_year(2017);
  EXPECT_EQ(Call(&Stub::ListRegularItems, items)->entries(0).omissions(), 1);
  EXPECT_EQ(Call(&Stub::ListRegularItems, items)->entries(0).criticisms(), 1);

  // Entered in error: withdrawn, kept, no longer counted.
  v1::WithdrawIncidentRequest withdraw;
  withdraw.set_id(first->id());
  withdraw.set_reason("月报已按时报送，系统延迟");
  auto withdrawn = Call(&Stub::WithdrawIncident, withdraw);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status();
  EXPECT_TRUE(withdrawn->withdrawn());
  EXPECT_TRUE(Call(&Stub::WithdrawIncident, withdraw).ok());  // again: same
  EXPECT_EQ(Call(&Stub::ListIncidents, list)->incidents_size(), 2);
  EXPECT_EQ(Call(&Stub::ListRegularItems, items)->entries(0).omissions(), 0);

  // Typed in through unionctl twice: recorded once.
  unionctl::AssessmentCommands cli(
      channel_,
      auth::TokenSigner(key_).Issue(
          {"assessor", auth::Role::kAssessor, "city", "/city/", {}, {}},
          absl::Hours(1)));
  for (int i = 0; i < 2; ++i) {
    auto typed = cli.AddIncident("botou", "criticism", "2017-05-20",
                                 "点名通报批评：会员实名率低");
    ASSERT_TRUE(typed.ok()) << typed.status();
  }
  EXPECT_EQ(Call(&Stub::ListIncidents, list)->incidents_size(), 3);

  v1::AddIncidentRequest bad;
  bad.set_unit_code("atlantis");
  bad.set_date("2099-01-01");
  auto refused = Call(&Stub::AddIncident, bad);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  for (const char* field : {"unit_code", "kind", "date", "note"}) {
    EXPECT_NE(refused.status().message().find(field), std::string::npos)
        << field;
  }
  v1::AddIncidentRequest reused = criticism;  // same id, other unit
  reused.set_unit_code("xianxian");
  EXPECT_EQ(Call(&Stub::AddIncident, reused).status().code(),
            absl::StatusCode::kInvalidArgument);
  withdraw.set_id(999999);
  EXPECT_EQ(Call(&Stub::WithdrawIncident, withdraw).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Call(&Stub::AddIncident, omission, auth::Role::kCountyStaff)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(AssessmentServiceTest, TheLive2017AssessmentGoesThroughItsWorkflow) {
  using Annual = v1::AnnualAssessmentService::Stub;
  using Merchants = merchant::v1::MerchantService::Stub;
  Replay2017();
  // Service items on 31 Dec 2017: xinhua 2 (a third ended in November),
  // cangxian 1, yunhe 0 (its item starts in 2018). Average 3/22 = 0.136.
  int item_no = 0;
  auto item = [&](const std::string& owner, const std::string& from,
                  const std::string& to) {
    merchant::v1::CreateServiceItemRequest r;
    r.set_request_id(absl::StrCat("item-", ++item_no));
    r.mutable_item()->set_owner_org_id(owner);
    r.mutable_item()->set_kind(merchant::v1::SERVICE_ITEM_KIND_UNION_FACILITY);
    r.mutable_item()->set_title(absl::StrCat("职工服务中心 ", item_no));
    r.mutable_item()->set_category(merchant::v1::CATEGORY_MEDICAL);
    r.mutable_item()->set_active_from(from);
    r.mutable_item()->set_active_to(to);
    auto created = Call(&Merchants::CreateServiceItem, r,
                        auth::Role::kCityAdmin, "city-admin");
    ASSERT_TRUE(created.ok()) << created.status();
  };
  item("xinhua", "2017-01-01", "");
  item("xinhua", "2017-06-01", "");
  item("xinhua", "2017-01-01", "2017-11-30");
  item("cangxian", "2017-05-01", "");
  item("yunhe", "2018-01-01", "");

  v1::ComputeAssessmentRequest compute;
  compute.set_year(2017);
  auto office = [&](auto method, const auto& request) {
    return Call(method, request, auth::Role::kCityAdmin, "promotion-office");
  };
  // Not before the assessors have entered every unit's regular items.
  auto early = office(&Annual::ComputeAssessment, compute);
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(early.status().message().find("xinhua"), std::string::npos);
  auto plan = Call(&Stub::GetPlan, [] {
    v1::GetPlanRequest r;
    r.set_year(2017);
    return r;
  }());
  ASSERT_TRUE(plan.ok());
  auto items_of = [](const std::string& unit) {
    v1::SetRegularItemsRequest e;
    e.set_year(2017);
    e.set_unit_code(unit);
    e.set_leadership(unit == "xinhua" ? "3" : "2.5");
    e.set_measures(unit == "xinhua" ? "4" : "3");
    return e;
  };
  for (const auto& u : plan->units()) {
    ASSERT_TRUE(Call(&Stub::SetRegularItems, items_of(u.unit_code())).ok())
        << u.unit_code();
  }
  auto incident = [&](const std::string& unit, v1::IncidentKind kind,
                      const std::string& day) {
    v1::AddIncidentRequest r;
    r.set_unit_code(unit);
    r.set_kind(kind);
    r.set_date(day);
    r.set_note("督查记录");
    auto added = Call(&Stub::AddIncident, r);
    EXPECT_TRUE(added.ok()) << added.status();
    return added.ok() ? added->id() : 0;
  };
  incident("yunhe", v1::INCIDENT_KIND_OMISSION, "2017-04-01");
  incident("yunhe", v1::INCIDENT_KIND_OMISSION, "2017-09-10");
  incident("xinhua", v1::INCIDENT_KIND_CRITICISM, "2017-07-15");
  incident("xinhua", v1::INCIDENT_KIND_CRITICISM,
           "2018-01-15");  // counts in 2018
  v1::WithdrawIncidentRequest withdraw;
  withdraw.set_id(
      incident("cangxian", v1::INCIDENT_KIND_OMISSION, "2017-06-01"));
  withdraw.set_reason("误录");
  ASSERT_TRUE(Call(&Stub::WithdrawIncident, withdraw).ok());

  EXPECT_EQ(Call(&Annual::ComputeAssessment, compute).status().code(),
            absl::StatusCode::kPermissionDenied);  // assessors do not compute
  v1::ComputeAssessmentRequest unfinished;
  unfinished.set_year(absl::ToCivilDay(absl::Now(), rpc::ChinaTime()).year());
  EXPECT_EQ(office(&Annual::ComputeAssessment, unfinished).status().code(),
            absl::StatusCode::kFailedPrecondition);

  auto draft = office(&Annual::ComputeAssessment, compute);
  ASSERT_TRUE(draft.ok()) << draft.status();
  EXPECT_EQ(draft->revision(), 1);
  EXPECT_EQ(draft->state(), v1::ASSESSMENT_STATE_DRAFT);
  EXPECT_EQ(draft->computed_by(), "promotion-office");
  std::map<std::string, v1::UnitScore> score;
  for (const auto& u : draft->result().units()) score[u.unit_code()] = u;
  std::map<std::string, v1::SimulatedUnit> input;
  for (const auto& u : draft->inputs().units()) input[u.unit_code()] = u;
  ASSERT_EQ(score.size(), 22u);
  // Inputs as counted: quarter ends, service items, incidents.
  EXPECT_EQ(
      std::vector<int64_t>(input["xinhua"].issued_by_quarter_end().begin(),
                           input["xinhua"].issued_by_quarter_end().end()),
      (std::vector<int64_t>{3, 4, 4, 4}));
  EXPECT_EQ(input["yunhe"].issued_by_quarter_end(1), 2);
  EXPECT_EQ(input["yunhe"].issued_by_quarter_end(2), 3);
  EXPECT_EQ(input["xinhua"].service_items(), 2);
  EXPECT_EQ(input["cangxian"].service_items(), 1);
  EXPECT_EQ(input["yunhe"].service_items(), 0);
  EXPECT_EQ(input["xinhua"].criticisms(), 1);
  EXPECT_EQ(input["yunhe"].omissions(), 2);
  EXPECT_EQ(input["cangxian"].omissions(), 0);
  // By hand. Every quarter: xinhua 1st (7), yunhe 2nd (6.5), 20 units
  // without cards share 3rd (6).
  // xinhua: 3 + 4 + 5 + (28 − 1 criticism) = 39; issuance 0 (R 0.03%),
  //   activation 2/4 = 50% → 20 − 10 = 10, items 2 − 0.136 → +1 → 21:
  //   31; total 70, vetoed.
  EXPECT_EQ(score["xinhua"].supervision(), "27");
  EXPECT_EQ(score["xinhua"].regular_total(), "39");
  EXPECT_EQ(score["xinhua"].issuance(), "0");
  EXPECT_EQ(score["xinhua"].activation(), "10");
  EXPECT_EQ(score["xinhua"].activation_rate(), "50.0");
  EXPECT_EQ(score["xinhua"].service_items(), "21");
  EXPECT_EQ(score["xinhua"].total(), "70");
  EXPECT_TRUE(score["xinhua"].vetoed());
  EXPECT_EQ(score["xinhua"].award_rank(), 0);
  // yunhe: 2.5 + 3 + (5 − 2 × 0.5) + 4 × 6.5 = 35.5; activation 1/3 →
  //   clamped to 10; items 0 − 0.136 truncates to 0 → 20: total 65.5.
  EXPECT_EQ(score["yunhe"].responsiveness(), "4");
  EXPECT_EQ(score["yunhe"].supervision(), "26");
  EXPECT_EQ(score["yunhe"].regular_total(), "35.5");
  EXPECT_EQ(score["yunhe"].service_items(), "20");
  EXPECT_EQ(score["yunhe"].total(), "65.5");
  // cangxian: the withdrawn omission does not count; no cards → 10;
  //   1 − 0.136 truncates to 0 → 20: 2.5 + 3 + 5 + 24 + 0 + 10 + 20 = 64.5.
  EXPECT_EQ(score["cangxian"].responsiveness(), "5");
  EXPECT_EQ(score["cangxian"].activation_rate(), "-");
  EXPECT_EQ(score["cangxian"].total(), "64.5");
  ASSERT_EQ(draft->result().quarters_size(), 4);
  EXPECT_EQ(draft->result().quarters(3).units(1).unit_code(), "yunhe");
  EXPECT_EQ(draft->result().quarters(3).units(1).points(), "6.5");

  // The same inputs through SimulateAssessment give the same scores.
  auto simulated = Call(&Stub::SimulateAssessment, draft->inputs());
  ASSERT_TRUE(simulated.ok()) << simulated.status();
  EXPECT_EQ(simulated->SerializeAsString(),
            draft->result().SerializeAsString());

  // A draft is the city's: the counties see it once published.
  v1::GetAssessmentRequest latest_request;
  latest_request.set_year(2017);
  EXPECT_EQ(
      Call(&Annual::GetAssessment, latest_request, auth::Role::kCountyStaff)
          .status()
          .code(),
      absl::StatusCode::kPermissionDenied);

  // Review locks the inputs.
  v1::AdvanceAssessmentRequest step;
  step.set_year(2017);
  step.set_revision(1);
  step.set_step(v1::ASSESSMENT_STEP_REVIEW);
  EXPECT_EQ(office(&Annual::AdvanceAssessment, step).status().code(),
            absl::StatusCode::kPermissionDenied);  // the leading group's
  auto reviewed = Call(&Annual::AdvanceAssessment, step);
  ASSERT_TRUE(reviewed.ok()) << reviewed.status();
  EXPECT_EQ(reviewed->state(), v1::ASSESSMENT_STATE_REVIEWED);
  ASSERT_TRUE(Call(&Annual::AdvanceAssessment, step).ok());  // a retry
  v1::SetRegularItemsRequest late;
  late.set_year(2017);
  late.set_unit_code("yunhe");
  late.set_leadership("2.5");
  late.set_measures("4");
  auto locked = Call(&Stub::SetRegularItems, late);
  EXPECT_EQ(locked.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(locked.status().message().find("REVIEWED"), std::string::npos);
  EXPECT_EQ(Call(&Stub::WithdrawIncident, withdraw).status().code(),
            absl::StatusCode::kOk);  // already withdrawn: nothing to do
  v1::AddIncidentRequest late_incident;
  late_incident.set_unit_code("yunhe");
  late_incident.set_kind(v1::INCIDENT_KIND_OMISSION);
  late_incident.set_date("2017-12-01");
  late_incident.set_note("补录");
  EXPECT_EQ(Call(&Stub::AddIncident, late_incident).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(office(&Annual::ComputeAssessment, compute).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // The leading group sends it back: a draft again, inputs open, then
  // reviewed once more.
  step.set_step(v1::ASSESSMENT_STEP_SEND_BACK);
  step.set_note("请核实运河区漏项");
  auto sent_back = Call(&Annual::AdvanceAssessment, step);
  ASSERT_TRUE(sent_back.ok()) << sent_back.status();
  EXPECT_EQ(sent_back->state(), v1::ASSESSMENT_STATE_DRAFT);
  EXPECT_EQ(sent_back->revision(), 1);
  EXPECT_TRUE(Call(&Stub::SetRegularItems, items_of("yunhe")).ok());
  step.set_note("");
  step.set_step(v1::ASSESSMENT_STEP_REVIEW);
  auto stale = Call(&Annual::AdvanceAssessment, step);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(stale.status().message().find("recompute"), std::string::npos);
  ASSERT_TRUE(office(&Annual::ComputeAssessment, compute).ok());
  ASSERT_TRUE(Call(&Annual::AdvanceAssessment, step).ok());
  step.set_step(v1::ASSESSMENT_STEP_PUBLISH);
  EXPECT_EQ(office(&Annual::AdvanceAssessment, step).status().code(),
            absl::StatusCode::kFailedPrecondition);  // not approved yet
  step.set_step(v1::ASSESSMENT_STEP_APPROVE);
  ASSERT_TRUE(Call(&Annual::AdvanceAssessment, step).ok());
  step.set_step(v1::ASSESSMENT_STEP_PUBLISH);
  EXPECT_EQ(Call(&Annual::AdvanceAssessment, step).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto published = office(&Annual::AdvanceAssessment, step);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->state(), v1::ASSESSMENT_STATE_PUBLISHED);
  // compute, review, send back, recompute, review, approve, publish
  ASSERT_EQ(published->history_size(), 7);
  EXPECT_EQ(published->history(1).actor(), "assessor");
  EXPECT_EQ(published->history(2).step(), v1::ASSESSMENT_STEP_SEND_BACK);
  EXPECT_EQ(published->history(2).note(), "请核实运河区漏项");
  EXPECT_EQ(published->history(3).step(), v1::ASSESSMENT_STEP_COMPUTE);
  EXPECT_EQ(published->history(6).to_state(), v1::ASSESSMENT_STATE_PUBLISHED);

  // Frozen even for the service's own database account.
  auto pool = db::ConnectionPool::Create(assessment_db_->options());
  ASSERT_TRUE(pool.ok());
  absl::Status rewrite = (*pool)->Run([](sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    st->execute("UPDATE assessment_revisions SET result = '{}'");
    return absl::OkStatus();
  });
  EXPECT_FALSE(rewrite.ok());

  // A correction: a new revision, the published one kept.
  step.set_step(v1::ASSESSMENT_STEP_CORRECT);
  auto no_note = office(&Annual::AdvanceAssessment, step);
  EXPECT_EQ(no_note.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_note.status().message().find("note"), std::string::npos);
  step.set_note("运河区措施有力得分录入有误");
  auto corrected = office(&Annual::AdvanceAssessment, step);
  ASSERT_TRUE(corrected.ok()) << corrected.status();
  EXPECT_EQ(corrected->revision(), 2);
  EXPECT_EQ(corrected->state(), v1::ASSESSMENT_STATE_DRAFT);
  auto again = office(&Annual::AdvanceAssessment, step);  // a retry
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->revision(), 2);
  EXPECT_EQ(again->revisions_size(), 2);
  ASSERT_TRUE(Call(&Stub::SetRegularItems, late).ok());  // open again
  auto revision2 = office(&Annual::ComputeAssessment, compute);
  ASSERT_TRUE(revision2.ok()) << revision2.status();
  EXPECT_EQ(revision2->revision(), 2);
  for (const auto& u : revision2->result().units()) {
    if (u.unit_code() == "yunhe") {
      EXPECT_EQ(u.total(), "66.5");
    }
  }
  v1::GetAssessmentRequest get;
  get.set_year(2017);
  get.set_revision(1);
  auto kept = Call(&Annual::GetAssessment, get);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(kept->state(), v1::ASSESSMENT_STATE_PUBLISHED);
  // Meanwhile the counties still see revision 1, the published one.
  auto seen =
      Call(&Annual::GetAssessment, latest_request, auth::Role::kCountyStaff);
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_EQ(seen->revision(), 1);
  for (const auto& h : seen->history()) {
    EXPECT_EQ(h.revision(), 1);  // not the correction under way
    EXPECT_EQ(h.note(), "");     // nor the leading group's notes
  }
  EXPECT_EQ(seen->history_size(), 7);
  for (const auto& u : kept->result().units()) {
    if (u.unit_code() == "yunhe") {
      EXPECT_EQ(u.total(), "65.5");
    }
  }
  // What unionctl prints and exports of the published revision.
  unionctl::AssessmentCommands cli(
      channel_, auth::TokenSigner(key_).Issue(
                    {"auditor", auth::Role::kAuditor, "city", "/city/", {}, {}},
                    absl::Hours(1)));
  auto filed = cli.Assessment(2017, 1);
  ASSERT_TRUE(filed.ok()) << filed.status();
  EXPECT_EQ(filed->title, "2017年度会员卡工作考核 第1版 已公布 PUBLISHED");
  ASSERT_EQ(filed->rows.size(), 22u);
  EXPECT_EQ(filed->rows[0][0], "新华区总工会");  // the top total, 70
  EXPECT_EQ(filed->rows[0][10], "70");
  EXPECT_EQ(filed->rows[0][13], "是");  // vetoed all the same
  EXPECT_EQ(filed->rows[1][10], "65.5");

  step.set_revision(1);
  step.set_step(v1::ASSESSMENT_STEP_REVIEW);
  EXPECT_EQ(Call(&Annual::AdvanceAssessment, step).status().code(),
            absl::StatusCode::kFailedPrecondition);  // superseded
  get.set_revision(3);
  EXPECT_EQ(Call(&Annual::GetAssessment, get).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      Call(&Annual::GetAssessment, get, auth::Role::kMember).status().code(),
      absl::StatusCode::kPermissionDenied);

  // Coverage and activation over the year (analytics).
  v1::GetProgressSeriesRequest series;
  series.set_from_month("2017-01");
  series.set_to_month("2017-12");
  auto over_time = Call(&Stub::GetProgressSeries, series);
  ASSERT_TRUE(over_time.ok()) << over_time.status();
  ASSERT_EQ(over_time->city().points_size(), 12);
  for (const auto& county : over_time->counties()) {
    if (county.unit_code() != "xinhua") continue;
    EXPECT_EQ(county.points(0).live_cards(), 0);  // January
    EXPECT_EQ(county.points(1).live_cards(), 3);  // February
    EXPECT_EQ(county.points(1).activation_rate(), "66.7");
    EXPECT_EQ(county.points(4).live_cards(), 4);  // May
    EXPECT_EQ(county.points(4).members(), 0);     // approved in this year
  }
  EXPECT_EQ(over_time->city().points(7).issued_cumulative(), 7);  // August
  // The same through unionctl, and the members to follow up: cards of
  // 2017 never activated (xinhua 2 of 4, yunhe 2 of 3), per union.
  unionctl::AnalyticsCommands analytics(
      {channel_, rpc::MakeChannel(card_address_),
       rpc::MakeChannel(absl::StrCat("127.0.0.1:", merchant_server_->port()))},
      auth::TokenSigner(key_).Issue(
          {"city-admin", auth::Role::kCityAdmin, "city", "/city/", {}, {}},
          absl::Hours(1)));
  auto progress = analytics.Progress("2017-01", "2017-12");
  ASSERT_TRUE(progress.ok()) << progress.status();
  EXPECT_EQ(progress->rows.size(), 23u * 12);  // 22 units and the city
  auto dormant = analytics.Dormant("", "not-activated", 30);
  ASSERT_TRUE(dormant.ok()) << dormant.status();
  EXPECT_EQ(dormant->title, "发卡 30 天以上未激活 (共 4)");
  ASSERT_EQ(dormant->rows.size(), 2u);
  EXPECT_EQ(dormant->rows[0][0], "xinhua");
  EXPECT_EQ(dormant->rows[0][2], "2");
  EXPECT_EQ(dormant->rows[1][0], "yunhe");
  EXPECT_EQ(analytics.Dormant("", "sleeping", 30).status().code(),
            absl::StatusCode::kInvalidArgument);

  // This month: the members approved today, every card still live.
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), rpc::ChinaTime());
  const std::string month =
      absl::StrFormat("%04d-%02d", today.year(), today.month());
  series.set_from_month(month);
  series.set_to_month(month);
  auto now = Call(&Stub::GetProgressSeries, series);
  ASSERT_TRUE(now.ok()) << now.status();
  for (const auto& county : now->counties()) {
    if (county.unit_code() == "xinhua") {
      EXPECT_EQ(county.points(0).members(), 4);
      EXPECT_EQ(county.points(0).coverage(), "100.0");
    }
    if (county.unit_code() == "yunhe") {
      EXPECT_EQ(county.points(0).members(), 3);
      EXPECT_EQ(county.points(0).coverage(), "100.0");  // 3 live of 3
    }
  }
  series.set_from_month("2017-01");
  series.set_to_month("2023-01");
  EXPECT_EQ(Call(&Stub::GetProgressSeries, series).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(AssessmentServiceTest, APlanIsGeneratedEditedApprovedAndFrozen) {
  auto unit = CityAdmin().CreateUnion("xinhua", "新华测试工会");
  ASSERT_TRUE(unit.ok());
  for (int i = 0; i < 3; ++i) ApprovedMember(*unit, 100 + i);
  WaitForFeeds();
  using Plans = v1::PlanService::Stub;
  auto as_city = [&](auto method, const auto& request,
                     const std::string& who = "planner") {
    return Call(method, request, auth::Role::kCityAdmin, who);
  };
  v1::GeneratePlanRequest generate;
  generate.set_request_id("plan-2027");
  generate.set_first_year(2027);
  for (const char* t : {"10", "40", "80"}) generate.add_coverage_targets(t);
  auto plan = as_city(&Plans::GeneratePlan, generate);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->state(), v1::PLAN_STATE_DRAFT);
  ASSERT_EQ(plan->years_size(), 3);
  EXPECT_EQ(plan->years(1).coverage_target(), "40");
  ASSERT_EQ(plan->years(0).units_size(), 22);
  for (const auto& u : plan->years(0).units()) {
    EXPECT_EQ(u.members_base(), u.unit_code() == "xinhua" ? 3 : 0);
    EXPECT_EQ(u.plan(), 0);  // 10% of 3 members rounds to no hundreds
  }
  EXPECT_EQ(as_city(&Plans::GeneratePlan, generate)->plan_id(),
            plan->plan_id());  // a retry

  v1::ApprovePlanRequest approve;
  approve.set_plan_id(plan->plan_id());
  auto zero = as_city(&Plans::ApprovePlan, approve, "chair");
  EXPECT_EQ(zero.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(zero.status().message().find("above 0"), std::string::npos);
  v1::UpdatePlanUnitRequest edit;
  edit.set_plan_id(plan->plan_id());
  for (int year = 2027; year <= 2029; ++year) {
    for (const auto& u : plan->years(0).units()) {
      edit.set_year(year);
      edit.set_unit_code(u.unit_code());
      edit.set_plan(u.unit_code() == "xinhua" ? 300 : 100);
      ASSERT_TRUE(as_city(&Plans::UpdatePlanUnit, edit).ok());
    }
  }
  EXPECT_EQ(Call(&Plans::UpdatePlanUnit, edit, auth::Role::kCountyStaff)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  edit.set_year(2031);
  EXPECT_EQ(as_city(&Plans::UpdatePlanUnit, edit).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(as_city(&Plans::ApprovePlan, approve).status().code(),
            absl::StatusCode::kPermissionDenied);  // its maker
  auto approved = as_city(&Plans::ApprovePlan, approve, "chair");
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->state(), v1::PLAN_STATE_APPROVED);
  EXPECT_EQ(approved->approved_by(), "chair");
  EXPECT_EQ(approved->years(2).total(), 21 * 100 + 300);
  edit.set_year(2028);
  EXPECT_EQ(as_city(&Plans::UpdatePlanUnit, edit).status().code(),
            absl::StatusCode::kFailedPrecondition);  // frozen

  // The approved plan is the plan of its years.
  v1::GetPlanRequest get;
  get.set_year(2028);
  auto y2028 = Call(&Stub::GetPlan, get);
  ASSERT_TRUE(y2028.ok()) << y2028.status();
  for (const auto& u : y2028->units()) {
    if (u.unit_code() != "xinhua") continue;
    EXPECT_EQ(u.plan(), 300);
    EXPECT_EQ(u.cumulative_target(), 600);
  }
  v1::GetBulletinRequest bulletin;
  bulletin.set_date("2027-03-31");
  EXPECT_TRUE(Call(&Stub::GetBulletin, bulletin).ok());

  // A second plan may not overlap it.
  generate.set_request_id("plan-2029");
  generate.set_first_year(2029);
  auto overlapping = as_city(&Plans::GeneratePlan, generate);
  ASSERT_TRUE(overlapping.ok());
  approve.set_plan_id(overlapping->plan_id());
  edit.set_plan_id(overlapping->plan_id());
  for (int year = 2029; year <= 2031; ++year) {
    for (const auto& u : plan->years(0).units()) {
      edit.set_year(year);
      edit.set_unit_code(u.unit_code());
      edit.set_plan(100);
      ASSERT_TRUE(as_city(&Plans::UpdatePlanUnit, edit).ok());
    }
  }
  auto refused = as_city(&Plans::ApprovePlan, approve, "chair");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("already covers"),
            std::string::npos);

  v1::GeneratePlanRequest bad;
  bad.set_first_year(2018);
  bad.add_coverage_targets("40");
  bad.add_coverage_targets("30");
  bad.add_coverage_targets("abc");
  auto invalid = as_city(&Plans::GeneratePlan, bad);
  EXPECT_EQ(invalid.status().code(), absl::StatusCode::kInvalidArgument);
  for (const char* field : {"first_year", "coverage_targets[2]"}) {
    EXPECT_NE(invalid.status().message().find(field), std::string::npos)
        << field;
  }
  bad.set_first_year(2030);
  bad.set_coverage_targets(2, "90");
  invalid = as_city(&Plans::GeneratePlan, bad);
  EXPECT_NE(invalid.status().message().find("coverage_targets[1]"),
            std::string::npos)
      << invalid.status();
}

}  // namespace
}  // namespace unioncard::assessment
