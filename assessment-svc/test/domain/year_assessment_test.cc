// A small synthetic 2016 and 2017 worked through by hand.
#include "assessment-svc/src/domain/year_assessment.h"

#include "gtest/gtest.h"

namespace unioncard::assessment {
namespace {

const ScoringPolicy kPolicy;
const RegularItems kFull{Score::Points(3), Score::Points(4), 0, 0};

TEST(YearAssessmentTest, LaunchYearRanksThreeQuartersAndScoresTheYear) {
  // Plans 1,000 each. Quarter-end issued (cumulative in 2016):
  //   a: 100, 400, 700, 1,100   b: 300, 400, 600, 1,000   c: 0, 200, 650, 900
  std::vector<UnitYearInputs> units = {
      {"a", 1000, {100, 400, 700, 1100}, 1100, 770, 5, kFull},
      {"b", 1000, {300, 400, 600, 1000}, 1000, 600, 3, kFull},
      {"c", 1000, {0, 200, 650, 900}, 900, 900, 4, kFull},
  };
  auto result = AssessYearFromQuarters(2016, units, kPolicy);
  ASSERT_TRUE(result.ok()) << result.status();
  // Q1 is not ranked in 2016; Q2: a and b tie at 40% (7, 7), c 6;
  // Q3: a 70% 7, c 65% 6.5, b 60% 6; Q4: a 7, b 6.5, c 6.
  ASSERT_EQ(result->quarter_rankings.size(), 3u);
  EXPECT_EQ(result->quarter_rankings[0].first, 2);
  EXPECT_EQ(result->quarter_rankings[0].second[1].rank, 1);  // the tie
  const auto& a = result->units[0];
  const auto& b = result->units[1];
  const auto& c = result->units[2];
  EXPECT_EQ(a.supervision.ToString(), "21");    // 7 + 7 + 7
  EXPECT_EQ(b.supervision.ToString(), "19.5");  // 7 + 6 + 6.5
  EXPECT_EQ(c.supervision.ToString(), "18.5");  // 6 + 6.5 + 6
  // a: 3 + 4 + 5 + 21 = 33; R 110% → 25; A 70% → 30; items 5 vs 4 → 21.
  EXPECT_EQ(a.total.ToString(), "109");
  // b: 31.5; R 100% → 20; A 60% → 20; items 3 vs 4 → 19.
  EXPECT_EQ(b.total.ToString(), "90.5");
  // c: vetoed (90%), though A 100% → 30.
  EXPECT_TRUE(c.vetoed);
  EXPECT_EQ(c.issuance.ToString(), "0");
  EXPECT_EQ(a.award_rank, 1);
  EXPECT_EQ(b.award_rank, 2);
  EXPECT_EQ(b.award_fen, 20000000);
  EXPECT_EQ(c.award_fen, 0);
}

TEST(YearAssessmentTest, LaterYearsRankAllFourQuarters) {
  std::vector<UnitYearInputs> units = {
      {"a", 100, {25, 50, 75, 100}, 100, 60, 1, kFull},
  };
  auto result = AssessYearFromQuarters(2017, units, kPolicy);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->quarter_rankings.size(), 4u);
  EXPECT_EQ(result->units[0].supervision.ToString(), "28");
  EXPECT_EQ(result->units[0].total.ToString(), "100");  // 40 + 20 + 20 + 20
}

TEST(YearAssessmentTest, QuarterCountsMustNotGoDown) {
  auto result = AssessYearFromQuarters(
      2017, {{"a", 100, {50, 40, 60, 70}, 70, 0, 0, kFull}}, kPolicy);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace unioncard::assessment
