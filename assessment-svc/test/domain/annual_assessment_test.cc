// Hand-worked examples of docs/rules.md §6.5–§6.8.
#include "assessment-svc/src/domain/annual_assessment.h"

#include "common/status/field_violations.h"
#include "gtest/gtest.h"

namespace unioncard::assessment {
namespace {

const ScoringPolicy kPolicy;

std::string S(Score s) { return s.ToString(); }

TEST(AnnualItemsTest, IssuanceJustUnderAndOver100Percent) {
  EXPECT_EQ(S(IssuancePoints({9999, 10000}, kPolicy)), "0");    // 99.99%
  EXPECT_EQ(S(IssuancePoints({10000, 10000}, kPolicy)), "20");  // 100%
  EXPECT_EQ(S(IssuancePoints({1009, 1000}, kPolicy)),
            "20");  // 100.9%: no whole point
  EXPECT_EQ(S(IssuancePoints({101, 100}, kPolicy)), "20.5");
  EXPECT_EQ(S(IssuancePoints({1125, 1000}, kPolicy)), "26");  // 12 points × 0.5
  EXPECT_EQ(S(IssuancePoints({5, 2}, kPolicy)), "95");        // no upper cap
}

TEST(AnnualItemsTest, ActivationAroundSixtyPercentAndTheCap) {
  EXPECT_EQ(S(ActivationPoints(575, 1000, kPolicy)), "18");  // 57.5%: −2
  EXPECT_EQ(S(ActivationPoints(729, 1000, kPolicy)), "30");  // 72.9%: +12 → +10
  EXPECT_EQ(S(ActivationPoints(650, 1000, kPolicy)), "25");
  EXPECT_EQ(S(ActivationPoints(5999, 10000, kPolicy)), "20");  // −0.01 → 0
  EXPECT_EQ(S(ActivationPoints(450, 1000, kPolicy)), "10");  // −15 → −10
  EXPECT_EQ(S(ActivationPoints(0, 0, kPolicy)), "10");       // no cards
}

TEST(AnnualItemsTest, ServiceItemsAroundAFractionalAverage) {
  const Ratio average{13, 3};  // items 3, 4, 6 → 4⅓
  EXPECT_EQ(S(ServiceItemPoints(3, average, kPolicy)), "19");  // −1⅓ → −1
  EXPECT_EQ(S(ServiceItemPoints(4, average, kPolicy)), "20");   // −⅓ → 0
  EXPECT_EQ(S(ServiceItemPoints(6, average, kPolicy)), "21");   // +1⅔ → +1
  EXPECT_EQ(S(ServiceItemPoints(20, average, kPolicy)), "30");  // capped
  EXPECT_EQ(S(ServiceItemPoints(0, Ratio{40, 2}, kPolicy)), "10");
}

TEST(AnnualItemsTest, ExtremeRatiosStayPositiveAndCapped) {
  const int64_t huge = int64_t{1} << 62;
  EXPECT_GT(IssuancePoints({huge, 1}, kPolicy), Score::Points(20));
  EXPECT_EQ(S(ActivationPoints(huge, huge, kPolicy)), "30");
  EXPECT_EQ(S(ActivationPoints(0, huge, kPolicy)), "10");
  EXPECT_EQ(S(ServiceItemPoints(huge, Ratio{0, 1}, kPolicy)), "30");
  EXPECT_EQ(S(ServiceItemPoints(0, Ratio{huge, 1}, kPolicy)), "10");
}

TEST(AnnualItemsTest, SupervisionAndResponsiveness) {
  // 2016: three ranked quarters.
  EXPECT_EQ(
      S(SupervisionPoints(
          {Score::Points(7), Score::Halves(13), Score::Points(6)}, 2, kPolicy)),
      "17.5");
  // A criticism cannot take supervision below zero.
  EXPECT_EQ(S(SupervisionPoints({Score::Halves(1)}, 3, kPolicy)), "0");
  EXPECT_EQ(S(SupervisionPoints({}, 0, kPolicy)), "0");
  EXPECT_EQ(S(ResponsivenessPoints(0, kPolicy)), "5");
  EXPECT_EQ(S(ResponsivenessPoints(3, kPolicy)), "3.5");
  EXPECT_EQ(S(ResponsivenessPoints(11, kPolicy)), "0");
}

UnitYear Unit(std::string code, int64_t plan, int64_t issued, int64_t activated,
              int64_t items, std::vector<Score> quarters,
              RegularItems regular) {
  return {std::move(code),     plan,   issued, issued, activated, items,
          std::move(quarters), regular};
}

TEST(AssessYearTest, TotalsVetoAndAwards) {
  const RegularItems full{Score::Points(3), Score::Points(4), 0, 0};
  std::vector<UnitYear> units = {
      // Top score on paper but 99% of plan: vetoed, no award.
      Unit("xianxian", 1000, 990, 990, 20,
           {Score::Points(7), Score::Points(7), Score::Points(7)}, full),
      Unit("cangxian", 800, 1000, 729, 6,
           {Score::Points(7), Score::Halves(13), Score::Points(6)},
           {Score::Halves(5), Score::Points(3), 1, 1}),
      Unit("qingxian", 1000, 1000, 575, 3,
           {Score::Points(6), Score::Points(6), Score::Points(6)}, full),
      Unit("botou", 1000, 1000, 600, 4,
           {Score::Points(5), Score::Points(5), Score::Points(5)}, full),
  };
  auto result = AssessYear(units, kPolicy);
  ASSERT_TRUE(result.ok()) << result.status();
  const auto& r = *result;
  // Average service items: (20 + 6 + 3 + 4) / 4 = 8¼.
  // cangxian: 2.5 + 3 + (5 − 0.5) + (19.5 − 1) = 28.5 regular;
  //           R = 1000/800 = 125% → 20 + 25 × 0.5 = 32.5; A = 72.9% → 30;
  //           items 6 − 8¼ → −2 → 18: year-end 80.5, total 109.
  EXPECT_EQ(S(r[1].regular_total), "28.5");
  EXPECT_EQ(S(r[1].issuance), "32.5");
  EXPECT_EQ(S(r[1].activation), "30");
  EXPECT_EQ(S(r[1].service_items), "18");
  EXPECT_EQ(S(r[1].year_end_total), "80.5");
  EXPECT_EQ(S(r[1].total), "109");
  EXPECT_EQ(r[1].activation_rate->PercentString(), "72.9");
  // qingxian: 3 + 4 + 5 + 18 = 30; 20 + 18 + (3 − 8¼ → −5 → 15) = 53.
  EXPECT_EQ(S(r[2].total), "83");
  // botou: 3 + 4 + 5 + 15 = 27; 20 + 20 + (4 − 8¼ → −4 → 16) = 56.
  EXPECT_EQ(S(r[3].total), "83");
  // xianxian: 3+4+5+21 = 33; 0 + 30 + (20 − 8¼ → 11 → +10) 30 = 93.
  EXPECT_EQ(S(r[0].total), "93");
  EXPECT_TRUE(r[0].vetoed);
  EXPECT_EQ(r[0].award_rank, 0);
  EXPECT_EQ(r[0].award_fen, 0);

  EXPECT_EQ(r[1].award_rank, 1);
  EXPECT_EQ(r[1].award_fen, 30000000);  // 300,000 yuan
  // qingxian and botou tie on 83 and on R (100%); botou's activation (60%)
  // beats qingxian's (57.5%).
  EXPECT_EQ(r[3].award_rank, 2);
  EXPECT_EQ(r[3].award_fen, 20000000);
  EXPECT_EQ(r[2].award_rank, 3);
  EXPECT_EQ(r[2].award_fen, 15000000);
}

TEST(AssessYearTest, FullTiesFallBackToUnitCodeAndOthersGetFiftyThousand) {
  const RegularItems none{Score(), Score(), 0, 0};
  std::vector<UnitYear> units;
  for (const char* code : {"e", "d", "c", "b", "a"}) {
    units.push_back(Unit(code, 100, 100, 60, 1, {}, none));
  }
  auto result = AssessYear(units, kPolicy);
  ASSERT_TRUE(result.ok());
  // All equal: a, b, c get the three places, d and e 50,000 yuan each.
  EXPECT_EQ((*result)[4].award_rank, 1);  // a
  EXPECT_EQ((*result)[3].award_rank, 2);  // b
  EXPECT_EQ((*result)[2].award_rank, 3);  // c
  EXPECT_EQ((*result)[1].award_fen, 5000000);
  EXPECT_EQ((*result)[0].award_fen, 5000000);
  EXPECT_EQ(S((*result)[0].total), "65");  // 5 + 20 + 20 + 20
}

TEST(AssessYearTest, OutOfRangeInputNamesTheField) {
  std::vector<UnitYear> units = {
      Unit("a", 100, 100, 60, 1, {},
           {Score::Halves(7), Score::Points(5), -1, 0}),
      Unit("b", 0, 10, 20, -1, {}, {}),
  };
  auto result = AssessYear(units, kPolicy);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& v : status::FieldViolationsOf(result.status())) {
    fields.push_back(v.field);
  }
  EXPECT_EQ(fields,
            (std::vector<std::string>{
                "units[0].regular.leadership", "units[0].regular.measures",
                "units[0].regular.omissions", "units[1].plan",
                "units[1].activated_cumulative", "units[1].service_items"}));
}

}  // namespace
}  // namespace unioncard::assessment
