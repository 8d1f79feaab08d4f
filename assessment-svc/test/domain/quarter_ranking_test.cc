#include "assessment-svc/src/domain/quarter_ranking.h"

#include "common/status/field_violations.h"
#include "gtest/gtest.h"

namespace unioncard::assessment {
namespace {

const ScoringPolicy kPolicy;

TEST(QuarterRankingTest, TiesShareTheBetterRank) {
  // c and b both at 40%: ranks 1, 2, 2, 4 (a, b, c, d).
  auto ranked = RankQuarter(
      {{"d", 10, 100}, {"c", 20, 50}, {"a", 50, 100}, {"b", 40, 100}}, kPolicy);
  ASSERT_TRUE(ranked.ok()) << ranked.status();
  ASSERT_EQ(ranked->size(), 4u);
  const char* codes[] = {"a", "b", "c", "d"};
  const int ranks[] = {1, 2, 2, 4};
  const char* points[] = {"7", "6.5", "6.5", "5.5"};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ((*ranked)[i].unit_code, codes[i]);
    EXPECT_EQ((*ranked)[i].rank, ranks[i]);
    EXPECT_EQ((*ranked)[i].points.ToString(), points[i]);
  }
}

TEST(QuarterRankingTest, PointsStopAtZeroForTheTwentySecondUnit) {
  std::vector<UnitProgress> units;
  for (int i = 0; i < 22; ++i) {
    units.push_back({"u" + std::to_string(100 + i), 100 - i, 100});
  }
  auto ranked = RankQuarter(units, kPolicy);
  ASSERT_TRUE(ranked.ok());
  EXPECT_EQ((*ranked)[13].points.ToString(), "0.5");  // rank 14
  EXPECT_EQ((*ranked)[14].points.ToString(), "0");    // rank 15: 7 − 7
  EXPECT_EQ((*ranked)[15].points.ToString(), "0");    // rank 16 would be −0.5
  EXPECT_EQ((*ranked)[21].points.ToString(), "0");
}

TEST(QuarterRankingTest, LaunchYearRanksFromTheSecondQuarter) {
  EXPECT_FALSE(IsRankedQuarter(2016, 1, kPolicy));
  EXPECT_TRUE(IsRankedQuarter(2016, 2, kPolicy));
  EXPECT_TRUE(IsRankedQuarter(2016, 4, kPolicy));
  EXPECT_TRUE(IsRankedQuarter(2017, 1, kPolicy));
  EXPECT_FALSE(IsRankedQuarter(2015, 4, kPolicy));
  EXPECT_FALSE(IsRankedQuarter(2017, 5, kPolicy));
  int ranked_2016 = 0;
  for (int q = 1; q <= 4; ++q) ranked_2016 += IsRankedQuarter(2016, q, kPolicy);
  EXPECT_EQ(ranked_2016, 3);
}

TEST(QuarterRankingTest, BadInputNamesTheUnit) {
  auto ranked = RankQuarter({{"a", 1, 10}, {"b", 1, 0}, {"a", -1, 5}}, kPolicy);
  EXPECT_EQ(ranked.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const auto& v : status::FieldViolationsOf(ranked.status())) {
    fields.push_back(v.field);
  }
  EXPECT_EQ(fields,
            (std::vector<std::string>{"units[1].plan", "units[2].issued",
                                      "units[2].unit_code"}));
}

}  // namespace
}  // namespace unioncard::assessment
