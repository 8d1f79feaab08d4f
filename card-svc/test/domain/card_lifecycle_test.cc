#include "card-svc/src/domain/card_lifecycle.h"

#include "gtest/gtest.h"

namespace unioncard::card {
namespace {

using E = CardEvent;
using S = CardState;

CardState StateAfter(std::initializer_list<CardEvent> events) {
  CardLifecycleState card;
  for (CardEvent e : events) {
    auto next = ApplyCardEvent(card, e);
    EXPECT_TRUE(next.ok()) << next.status();
    if (!next.ok()) break;
    EXPECT_EQ(next->outcome, CardTransition::Outcome::kMoved);
    card = next->next;
  }
  return card.state;
}

TEST(CardLifecycleTest, TheMainRoad) {
  EXPECT_EQ(StateAfter({E::kSubmit}), S::kSubmitted);
  EXPECT_EQ(StateAfter({E::kSubmit, E::kBankIssued}), S::kIssued);
  EXPECT_EQ(StateAfter({E::kSubmit, E::kBankIssued, E::kBankActivated}),
            S::kActivated);
}

TEST(CardLifecycleTest, FreezeReturnsToWhereItWas) {
  EXPECT_EQ(StateAfter({E::kSubmit, E::kBankIssued, E::kBankActivated,
                        E::kFreeze, E::kUnfreeze}),
            S::kActivated);
  EXPECT_EQ(StateAfter({E::kSubmit, E::kBankIssued, E::kFreeze, E::kUnfreeze}),
            S::kIssued);
}

TEST(CardLifecycleTest, LostThenReplacedAndOtherEnds) {
  EXPECT_EQ(StateAfter({E::kSubmit, E::kBankIssued, E::kBankActivated,
                        E::kReportLost, E::kReplacementOrdered}),
            S::kReplaced);
  EXPECT_EQ(StateAfter({E::kSubmit, E::kBankRejected}), S::kRejected);
  EXPECT_EQ(StateAfter({E::kCancel}), S::kCancelled);
  EXPECT_EQ(StateAfter({E::kSubmit, E::kBankIssued, E::kFreeze, E::kCancel}),
            S::kCancelled);
}

TEST(CardLifecycleTest, IllegalMovesNameTheStateAndTheEvent) {
  CardLifecycleState requested;
  auto activate = ApplyCardEvent(requested, E::kBankActivated);
  EXPECT_EQ(activate.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(activate.status().message(),
            "card is REQUESTED; cannot bank-activated");
  CardLifecycleState cancelled{S::kCancelled};
  EXPECT_EQ(ApplyCardEvent(cancelled, E::kUnfreeze).status().code(),
            absl::StatusCode::kFailedPrecondition);
  CardLifecycleState replaced{S::kReplaced};
  EXPECT_EQ(ApplyCardEvent(replaced, E::kReportLost).status().code(),
            absl::StatusCode::kFailedPrecondition);
  CardLifecycleState rejected{S::kRejected};
  EXPECT_EQ(ApplyCardEvent(rejected, E::kBankIssued).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(CardLifecycleTest, RepeatedBankNotificationsAreRecognised) {
  CardLifecycleState issued{S::kIssued};
  auto again = ApplyCardEvent(issued, E::kBankIssued);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->outcome, CardTransition::Outcome::kAlready);
  EXPECT_EQ(again->next.state, S::kIssued);
  EXPECT_EQ(again->why, "card is already ISSUED; bank-issued changes nothing");
  CardLifecycleState activated{S::kActivated};
  auto twice = ApplyCardEvent(activated, E::kBankActivated);
  ASSERT_TRUE(twice.ok()) << twice.status();
  EXPECT_EQ(twice->outcome, CardTransition::Outcome::kAlready);
  // A late "issued" after activation is not a duplicate of the current
  // state: refuse it rather than move the card back.
  EXPECT_EQ(ApplyCardEvent(activated, E::kBankIssued).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(CardLifecycleTest, AnActivationAheadOfItsIssueIsToBeResent) {
  CardLifecycleState submitted{S::kSubmitted};
  auto early = ApplyCardEvent(submitted, E::kBankActivated);
  ASSERT_TRUE(early.ok()) << early.status();
  EXPECT_EQ(early->outcome, CardTransition::Outcome::kEarly);
  EXPECT_EQ(early->next.state, S::kSubmitted);  // unchanged
  EXPECT_NE(early->why.find("ISSUED"), std::string::npos);
}

TEST(CardLifecycleTest, LiveStates) {
  for (S s : {S::kRequested, S::kSubmitted, S::kIssued, S::kActivated,
              S::kFrozen, S::kLost}) {
    EXPECT_TRUE(IsLive(s)) << CardStateName(s);
  }
  for (S s : {S::kRejected, S::kReplaced, S::kCancelled}) {
    EXPECT_FALSE(IsLive(s)) << CardStateName(s);
  }
}

}  // namespace
}  // namespace unioncard::card
