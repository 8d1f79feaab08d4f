// A small synthetic 2017 replayed end to end: cards issued and activated on
// dated bank times through card-svc (the test speaks for the bank with the
// bank's certificate), assessment-svc following card-svc's feed, member
// counts from member-svc. The bulletin and the rankings are checked against
// figures worked out by hand below.
#include "assessment-svc/src/assessment_server.h"
#include "assessment-svc/src/domain/year_assessment.h"
#include "card-svc/test/api/card_service_env.h"
#include "common/grpc/client.h"
#include "common/grpc/mutual_tls.h"
#include "common/testing/grpc_call.h"
#include "gtest/gtest.h"
#include "tools/unionctl/assessment_commands.h"

namespace unioncard::assessment {
namespace {

using Stub = v1::AssessmentService::Stub;

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
    AssessmentServerConfig config;
    config.db = assessment_db_->options();
    config.verifier = auth::TokenVerifier(
        std::map<std::string, std::string>{{key_.kid, key_.public_key}});
    config.server.listen_address = "127.0.0.1:0";
    config.server.metrics_port = -1;
    config.server.shutdown_grace = absl::Seconds(1);
    auto plan = reference::ReadCountyPlanFile(
        UNIONCARD_SOURCE_DIR "/deploy/reference/cangzhou_plan_2016_2018.csv");
    ASSERT_TRUE(plan.ok());
    config.plan = *plan;
    config.member_svc_address = absl::StrCat("127.0.0.1:", member_port());
    config.member_svc_token = service_token_;
    config.card_svc_address = card_address_;
    config.card_svc_token = service_token_;
    auto server = AssessmentServer::Start(std::move(config));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::AssessmentService::NewStub(
        rpc::MakeChannel(absl::StrCat("127.0.0.1:", server_->port())));
    bank_side_ = bank::v1::BankNotifications::NewStub(
        rpc::MakeChannel(absl::StrCat("127.0.0.1:", card_server_->bank_port()),
                         *rpc::MutualTlsChannelCredentials(
                             card::testing::BankCerts::Tls("bank-sim"))));
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Stop();
    server_.reset();
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
    bank::v1::CardNotifications news;
    bank::v1::CardNotification* n = news.add_notifications();
    n->set_notification_id(absl::StrCat("replay-", ++notification_));
    n->set_card_id(card);
    n->set_kind(kind);
    if (kind == bank::v1::CardNotification::ISSUED) {
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

  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(
      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                   Response*),
      const Request& request, auth::Role role = auth::Role::kAssessor) {
    return unioncard::testing::CallAs(
        *stub_, method,
        auth::TokenSigner(key_).Issue(
            {"assessor", role, "city", "/city/", {}, {}}, absl::Hours(1)),
        request);
  }

  absl::StatusOr<v1::QuarterRanking> Ranking(int year, int quarter) {
    v1::GetQuarterRankingRequest r;
    r.set_year(year);
    r.set_quarter(quarter);
    return Call(&Stub::GetQuarterRanking, r);
  }

  std::unique_ptr<unioncard::testing::TestDatabase> assessment_db_;
  std::unique_ptr<AssessmentServer> server_;
  std::unique_ptr<v1::AssessmentService::Stub> stub_;
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
  using K = bank::v1::CardNotification;
  const std::vector<int64_t> xinhua = SubmittedCards("xinhua", 4, 1);
  const std::vector<int64_t> yunhe = SubmittedCards("yunhe", 3, 11);
  // xinhua: three cards in February (two activated), one in May.
  for (int i = 0; i < 3; ++i)
    Bank(K::ISSUED, xinhua[i], absl::CivilDay(2017, 2, 10));
  Bank(K::ACTIVATED, xinhua[0], absl::CivilDay(2017, 2, 20));
  Bank(K::ACTIVATED, xinhua[1], absl::CivilDay(2017, 2, 20));
  Bank(K::ISSUED, xinhua[3], absl::CivilDay(2017, 5, 5));
  // yunhe: two cards in March (one activated), one in August.
  Bank(K::ISSUED, yunhe[0], absl::CivilDay(2017, 3, 1));
  Bank(K::ISSUED, yunhe[1], absl::CivilDay(2017, 3, 1));
  Bank(K::ACTIVATED, yunhe[0], absl::CivilDay(2017, 3, 5));
  Bank(K::ISSUED, yunhe[2], absl::CivilDay(2017, 8, 1));
  ASSERT_TRUE(Eventually([&] {
    return server_->card_feed_position() >= CardRows("card_events");
  }));

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
  EXPECT_EQ(row["xinhua"].members(), 4);
  EXPECT_EQ(row["xinhua"].coverage(), "100.0");
  EXPECT_EQ(row["xinhua"].rank(), 1);
  EXPECT_EQ(row["xinhua"].name(), "新华区总工会");
  EXPECT_EQ(row["yunhe"].plan(), 19500);
  EXPECT_EQ(row["yunhe"].issued_this_year(), 2);  // August not yet
  EXPECT_EQ(row["yunhe"].live_cards(), 2);
  EXPECT_EQ(row["yunhe"].coverage(), "66.7");  // 2 of 3 members
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
  ASSERT_TRUE(Eventually([&] {
    return server_->card_feed_position() >= CardRows("card_events");
  }));
  EXPECT_EQ(Call(&Stub::GetBulletin, request)->rows(1).live_cards(), 2);

  // What unionctl prints (and exports as CSV) from the same figures.
  unionctl::AssessmentCommands cli(
      stub_.get(),
      auth::TokenSigner(key_).Issue(
          {"assessor", auth::Role::kAssessor, "city", "/city/", {}, {}},
          absl::Hours(1)));
  auto csv = cli.Bulletin("2017-06-30", /*csv=*/true);
  ASSERT_TRUE(csv.ok()) << csv.status();
  EXPECT_EQ(csv->substr(0, csv->find("\r\n")),
            "排名,单位,实名会员,年度计划,本年发卡,完成率%,累计发卡,覆盖率%,"
            "激活数,激活率%");
  EXPECT_NE(csv->find("\r\n1,新华区总工会,4,12700,4,0.0,4,100.0,2,50.0\r\n"),
            std::string::npos)
      << *csv;
  auto table = cli.Ranking(2017, 1, /*csv=*/false);
  ASSERT_TRUE(table.ok());
  EXPECT_NE(table->find("2017年第1季度排队"), std::string::npos) << *table;

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
  v1::RegularItemsEntry entry;
  entry.set_year(2017);
  entry.set_unit_code("xianxian");
  entry.set_leadership("2.5");
  entry.set_measures("4");
  entry.set_omissions(1);
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
  EXPECT_EQ(entries->entries(0).omissions(), 1);

  v1::RegularItemsEntry bad = entry;
  bad.set_leadership("3.5");
  bad.set_unit_code("atlantis");
  bad.set_criticisms(-1);
  auto refused = Call(&Stub::SetRegularItems, bad);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  for (const char* field : {"leadership", "unit_code", "criticisms"}) {
    EXPECT_NE(refused.status().message().find(field), std::string::npos)
        << field;
  }
  EXPECT_EQ(Call(&Stub::SetRegularItems, entry, auth::Role::kCountyStaff)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace unioncard::assessment
