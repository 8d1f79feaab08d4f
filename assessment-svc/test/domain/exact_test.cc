#include "assessment-svc/src/domain/exact.h"

#include "gtest/gtest.h"

namespace unioncard::assessment {
namespace {

TEST(ScoreTest, PrintsExactlyWithoutFloatingPoint) {
  EXPECT_EQ(Score::Halves(43).ToString(), "21.5");
  EXPECT_EQ(Score::Points(20).ToString(), "20");
  EXPECT_EQ(Score::Halves(-3).ToString(), "-1.5");
  EXPECT_EQ(Score::Halves(-1).ToString(), "-0.5");
  EXPECT_EQ(Score::Halves(1).ToString(), "0.5");
  EXPECT_EQ(Score().ToString(), "0");
  // 0.5 forty-three times is 21.5 exactly.
  Score sum;
  for (int i = 0; i < 43; ++i) sum += Score::Halves(1);
  EXPECT_EQ(sum, Score::Halves(43));
}

TEST(RatioTest, ComparesExactly) {
  EXPECT_EQ((Ratio{1, 3}), (Ratio{2, 6}));
  EXPECT_LT((Ratio{9999, 10000}), (Ratio{1, 1}));
  EXPECT_GT((Ratio{1000001, 1000000}), (Ratio{1, 1}));
  // Large counts do not overflow.
  EXPECT_LT((Ratio{1444533, 1444534}), (Ratio{1444534, 1444535}));
}

TEST(RatioTest, PercentRoundsHalfUp) {
  EXPECT_EQ((Ratio{729, 1000}).PercentString(), "72.9");
  EXPECT_EQ((Ratio{575, 1000}).PercentString(), "57.5");
  EXPECT_EQ((Ratio{2, 3}).PercentString(), "66.7");
  EXPECT_EQ((Ratio{1, 8}).PercentString(2), "12.50");
  EXPECT_EQ((Ratio{1, 2000}).PercentString(1), "0.1");  // 0.05 → 0.1
  EXPECT_EQ((Ratio{0, 5}).PercentString(0), "0");
}

TEST(RatioTest, WholePointsAboveTruncateTowardZero) {
  EXPECT_EQ(WholePointsAbove({575, 1000}, 60), -2);   // -2.5 → -2
  EXPECT_EQ(WholePointsAbove({729, 1000}, 60), 12);   // 12.9 → 12
  EXPECT_EQ(WholePointsAbove({5999, 10000}, 60), 0);  // -0.01 → 0
  EXPECT_EQ(WholePointsAbove({1009, 1000}, 100), 0);
  EXPECT_EQ(WholePointsAbove({101, 100}, 100), 1);
}

TEST(ExactEdgesTest, HugeCountsNeverWrapAround) {
  // A plan of 1 and 2^62 cards: the completion percentage was negative.
  const int64_t huge = int64_t{1} << 62;
  EXPECT_EQ((Ratio{huge, 1}).PercentString(1), "461168601842738790400.0");
  EXPECT_EQ((Ratio{INT64_MAX, 1}).PercentString(0), "922337203685477580700");
  EXPECT_EQ((Ratio{1, INT64_MAX}).PercentString(1), "0.0");
  EXPECT_EQ(WholePointsAbove({INT64_MAX, 1}, 100), INT64_MAX);
  EXPECT_EQ(WholePointsAbove({0, INT64_MAX}, 100), -100);
  // Scores saturate instead of changing sign.
  EXPECT_EQ(Score::Halves(INT64_MAX) + Score::Halves(1),
            Score::Halves(INT64_MAX));
  EXPECT_EQ(Score::Halves(INT64_MIN) - Score::Halves(1),
            Score::Halves(INT64_MIN));
  EXPECT_EQ(Score::Halves(1) * INT64_MAX, Score::Halves(INT64_MAX));
  EXPECT_EQ(Score::Points(-1) * INT64_MAX, Score::Halves(INT64_MIN));
  Score sum = Score::Halves(INT64_MAX - 1);
  sum += Score::Points(5);
  EXPECT_EQ(sum, Score::Halves(INT64_MAX));
}

}  // namespace
}  // namespace unioncard::assessment
