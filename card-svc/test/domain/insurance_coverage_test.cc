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

TEST(InsuranceCoverageTest, CoveredDaysJoinSpansThatOverlapOrTouch) {
  std::vector<CardFacts> cards = {
      // Cancelled on 6-30; the next card issued on 7-1 (touching).
      {1, std::nullopt, S::kCancelled, D(2016, 5, 3), D(2016, 6, 30)},
      {2, std::nullopt, S::kCancelled, D(2016, 7, 1), D(2016, 9, 1)},
      // Issued while the last one still lived (overlapping), still open.
      {3, std::nullopt, S::kActivated, D(2016, 8, 20), std::nullopt},
      // Much earlier, apart from the rest.
      {4, std::nullopt, S::kCancelled, D(2015, 1, 1), D(2015, 2, 1)},
  };
  EXPECT_EQ(CoverageOf(cards).size(), 4u);
  const std::vector<CoverageSpan> days = CoveredDays(cards);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0], (CoverageSpan{D(2015, 1, 1), D(2015, 2, 1)}));
  EXPECT_EQ(days[1], (CoverageSpan{D(2016, 5, 3), std::nullopt}));
  // A day apart is not touching.
  cards.resize(2);
  cards[1].issued_on = D(2016, 7, 2);
  EXPECT_EQ(CoveredDays(cards).size(), 2u);
  for (absl::CivilDay d = D(2016, 5, 1); d < D(2016, 10, 1); ++d) {
    bool in_days = false;
    for (const CoverageSpan& s : CoveredDays(cards)) {
      in_days |= s.from <= d && (!s.through || d <= *s.through);
    }
    EXPECT_EQ(in_days, CoveredOn(cards, d)) << d;
  }
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
