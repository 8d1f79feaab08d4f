#include "merchant-svc/src/domain/merchant_evaluation.h"

#include "gtest/gtest.h"

namespace unioncard::merchant {
namespace {

const absl::CivilDay kDay(2017, 6, 30);

// `n` members rating `stars` on `day`.
std::vector<Rating> Many(int n, int stars, absl::CivilDay day,
                         int64_t first_member = 1) {
  std::vector<Rating> out;
  for (int i = 0; i < n; ++i) {
    out.push_back({first_member + i, day, stars, first_member + i});
  }
  return out;
}

TEST(RatingTest, StarsOutsideOneToFiveAreRefused) {
  EXPECT_TRUE(ValidateStars(1).ok());
  EXPECT_TRUE(ValidateStars(5).ok());
  EXPECT_EQ(ValidateStars(0).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateStars(6).code(), absl::StatusCode::kInvalidArgument);
}

TEST(RatingTest, ASecondRatingInAMonthReplacesTheFirstNextMonthCountsAgain) {
  std::vector<Rating> ratings = {
      {7, absl::CivilDay(2017, 6, 2), 1, 1},
      {7, absl::CivilDay(2017, 6, 20), 5, 2},  // replaces the 1-star of June
      {7, absl::CivilDay(2017, 5, 31), 2, 3},  // May: counts on its own
  };
  auto effective = EffectiveRatings(ratings);
  ASSERT_EQ(effective.size(), 2u);
  EXPECT_EQ(effective[0].stars, 5);
  EXPECT_EQ(effective[1].stars, 2);
}

TEST(EvaluationTest, FeaturedNeedsTwentyRatingsAveragingFourAndAHalf) {
  // 10 × 5 and 10 × 4: mean exactly 4.5 with 20 ratings.
  auto ratings = Many(10, 5, kDay);
  for (const Rating& r : Many(10, 4, kDay, 100)) ratings.push_back(r);
  Evaluation e = Evaluate(ratings, kDay, std::nullopt);
  EXPECT_EQ(e.standing, Standing::kFeatured);
  EXPECT_EQ(e.MeanString(), "4.50");
  // One rating fewer: not enough.
  ratings.pop_back();
  EXPECT_EQ(Evaluate(ratings, kDay, std::nullopt).standing, Standing::kNormal);
}

TEST(EvaluationTest, OnlyTheLastNinetyDaysCount) {
  auto ratings = Many(20, 5, kDay - 90);  // one day too old
  EXPECT_EQ(Evaluate(ratings, kDay, std::nullopt).ratings, 0);
  ratings = Many(20, 5, kDay - 89);
  EXPECT_EQ(Evaluate(ratings, kDay, std::nullopt).standing,
            Standing::kFeatured);
}

TEST(EvaluationTest, WarningThenExitProposedAfterThirtyDays) {
  auto ratings = Many(10, 2, absl::CivilDay(2017, 6, 1));  // mean 2.0
  Evaluation day1 = Evaluate(ratings, absl::CivilDay(2017, 6, 1), std::nullopt);
  EXPECT_EQ(day1.standing, Standing::kWarning);
  ASSERT_TRUE(day1.warning_since.has_value());
  Evaluation day30 = Evaluate(ratings, absl::CivilDay(2017, 6, 30), day1);
  EXPECT_EQ(day30.standing, Standing::kWarning);  // 29 days of warning
  Evaluation day31 = Evaluate(ratings, absl::CivilDay(2017, 7, 1), day30);
  EXPECT_EQ(day31.standing, Standing::kExitProposed);
  EXPECT_NE(day31.reason.find("30 days"), std::string::npos) << day31.reason;
  EXPECT_NE(day31.reason.find("mean 2.00"), std::string::npos);
}

TEST(EvaluationTest, RecoveryLiftsTheWarning) {
  auto poor = Many(10, 2, kDay);
  Evaluation warned = Evaluate(poor, kDay, std::nullopt);
  ASSERT_EQ(warned.standing, Standing::kWarning);
  auto better = poor;
  for (const Rating& r : Many(10, 5, kDay + 1, 100)) better.push_back(r);
  Evaluation next = Evaluate(better, kDay + 1, warned);  // mean 3.5
  EXPECT_EQ(next.standing, Standing::kNormal);
  EXPECT_FALSE(next.warning_since.has_value());
  // A fresh warning later starts a new 30-day clock.
  auto worse = better;
  for (const Rating& r : Many(30, 1, kDay + 2, 200)) worse.push_back(r);
  Evaluation again = Evaluate(worse, kDay + 2, next);
  EXPECT_EQ(again.standing, Standing::kWarning);
  EXPECT_EQ(*again.warning_since, kDay + 2);
}

TEST(EvaluationTest, TooFewRatingsNeverWarn) {
  EXPECT_EQ(Evaluate(Many(9, 1, kDay), kDay, std::nullopt).standing,
            Standing::kNormal);
  EXPECT_EQ(Evaluate({}, kDay, std::nullopt).MeanString(), "-");
}

}  // namespace
}  // namespace unioncard::merchant
