#include "card-svc/src/domain/insurance_coverage.h"

#include "gtest/gtest.h"

namespace unioncard::card {
namespace {

using S = CardState;
absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

TEST(InsuranceCoverageTest, CoveredFromIssueThroughTheDayTheCardEnds) {
  std::vector<CardFacts> cards = {
      {1, std::nullopt, S::kCancelled, D(2016, 5, 3), D(2016, 9, 10)}};
  EXPECT_FALSE(CoveredOn(cards, D(2016, 5, 2)));
  EXPECT_TRUE(CoveredOn(cards, D(2016, 5, 3)));
  EXPECT_TRUE(CoveredOn(cards, D(2016, 9, 10)));
  EXPECT_FALSE(CoveredOn(cards, D(2016, 9, 11)));
}

TEST(InsuranceCoverageTest, RequestedOrRejectedCardsCoverNothing) {
  EXPECT_FALSE(
      CoveredOn({{1, std::nullopt, S::kSubmitted, std::nullopt, std::nullopt}},
                D(2016, 6, 1)));
  EXPECT_FALSE(
      CoveredOn({{1, std::nullopt, S::kRejected, std::nullopt, D(2016, 5, 1)}},
                D(2016, 6, 1)));
}

TEST(InsuranceCoverageTest, AReplacementContinuesCoverageWithoutAGap) {
  std::vector<CardFacts> cards = {
      {1, std::nullopt, S::kReplaced, D(2016, 5, 3), D(2016, 7, 1)},
      {2, 1, S::kSubmitted, std::nullopt, std::nullopt},  // being made
  };
  EXPECT_TRUE(CoveredOn(cards, D(2016, 7, 15)));
  auto spans = CoverageOf(cards);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_FALSE(spans[0].through.has_value());
  // If the replacement is cancelled unissued, coverage ends then.
  cards[1] = {2, 1, S::kCancelled, std::nullopt, D(2016, 8, 1)};
  EXPECT_TRUE(CoveredOn(cards, D(2016, 8, 1)));
  EXPECT_FALSE(CoveredOn(cards, D(2016, 8, 2)));
}

TEST(InsuranceCoverageTest, MonthlyRosterAdditionsAndRemovals) {
  MonthlyRoster june(absl::CivilMonth(2016, 6));
  // Issued in May: insured, not an addition.
  june.Add(1, {{1, std::nullopt, S::kActivated, D(2016, 5, 20), std::nullopt}});
  // Issued in June: an addition.
  june.Add(2, {{2, std::nullopt, S::kIssued, D(2016, 6, 30), std::nullopt}});
  // Cancelled in June: a removal.
  june.Add(3,
           {{3, std::nullopt, S::kCancelled, D(2016, 4, 1), D(2016, 6, 15)}});
  // Issued and cancelled within June: neither (not covered at either end).
  june.Add(4, {{4, std::nullopt, S::kCancelled, D(2016, 6, 2), D(2016, 6, 9)}});
  // Issued in July: not yet.
  june.Add(5, {{5, std::nullopt, S::kIssued, D(2016, 7, 1), std::nullopt}});
  EXPECT_EQ(june.insured(), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(june.additions(), (std::vector<int64_t>{2}));
  EXPECT_EQ(june.removals(), (std::vector<int64_t>{3}));
}

}  // namespace
}  // namespace unioncard::card
