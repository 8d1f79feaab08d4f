#include "card-svc/src/domain/card_lifecycle.h"

#include "absl/strings/str_cat.h"

namespace unioncard::card {

const char* CardStateName(CardState state) {
  switch (state) {
    case CardState::kRequested:
      return "REQUESTED";
    case CardState::kSubmitted:
      return "SUBMITTED";
    case CardState::kIssued:
      return "ISSUED";
    case CardState::kActivated:
      return "ACTIVATED";
    case CardState::kRejected:
      return "REJECTED";
    case CardState::kFrozen:
      return "FROZEN";
    case CardState::kLost:
      return "LOST";
    case CardState::kReplaced:
      return "REPLACED";
    case CardState::kCancelled:
      return "CANCELLED";
  }
  return "UNKNOWN";
}

const char* CardEventName(CardEvent event) {
  switch (event) {
    case CardEvent::kSubmit:
      return "submit";
    case CardEvent::kBankIssued:
      return "bank-issued";
    case CardEvent::kBankRejected:
      return "bank-rejected";
    case CardEvent::kBankActivated:
      return "bank-activated";
    case CardEvent::kFreeze:
      return "freeze";
    case CardEvent::kUnfreeze:
      return "unfreeze";
    case CardEvent::kReportLost:
      return "report-lost";
    case CardEvent::kReplacementOrdered:
      return "replacement-ordered";
    case CardEvent::kCancel:
      return "cancel";
  }
  return "unknown";
}

bool IsLive(CardState state) {
  return state != CardState::kRejected && state != CardState::kReplaced &&
         state != CardState::kCancelled;
}

absl::StatusOr<CardTransition> ApplyCardEvent(const CardLifecycleState& current,
                                              CardEvent event) {
  using S = CardState;
  using Outcome = CardTransition::Outcome;
  const S s = current.state;
  CardLifecycleState next = current;
  auto to = [&](S target) -> absl::StatusOr<CardTransition> {
    next.state = target;
    return CardTransition{Outcome::kMoved, next, ""};
  };
  // A bank notification for a state the card already reached (a duplicate
  // or a late repeat) is not an error of the bank's making; say so.
  auto already = [&]() -> absl::StatusOr<CardTransition> {
    return CardTransition{
        Outcome::kAlready, current,
        absl::StrCat("card is already ", CardStateName(s), "; ",
                     CardEventName(event), " changes nothing")};
  };
  switch (event) {
    case CardEvent::kSubmit:
      if (s == S::kRequested) return to(S::kSubmitted);
      if (s == S::kSubmitted) return already();
      break;
    case CardEvent::kBankIssued:
      if (s == S::kSubmitted) return to(S::kIssued);
      if (s == S::kIssued) return already();
      break;
    case CardEvent::kBankRejected:
      if (s == S::kSubmitted) return to(S::kRejected);
      if (s == S::kRejected) return already();
      break;
    case CardEvent::kBankActivated:
      if (s == S::kIssued) return to(S::kActivated);
      if (s == S::kActivated) return already();
      if (s == S::kSubmitted) {
        // Ahead of its turn: the ISSUED news is still on its way. Not
        // illegal — the bank is to send it again later.
        return CardTransition{
            Outcome::kEarly, current,
            "card is SUBMITTED; the ISSUED notification has not arrived "
            "yet — send the activation again later"};
      }
      break;
    case CardEvent::kFreeze:
      if (s == S::kIssued || s == S::kActivated) {
        next.before_freeze = s;
        return to(S::kFrozen);
      }
      break;
    case CardEvent::kUnfreeze:
      if (s == S::kFrozen) return to(current.before_freeze);
      break;
    case CardEvent::kReportLost:
      if (s == S::kIssued || s == S::kActivated || s == S::kFrozen) {
        return to(S::kLost);
      }
      break;
    case CardEvent::kReplacementOrdered:
      if (s == S::kLost) return to(S::kReplaced);
      break;
    case CardEvent::kCancel:
      if (IsLive(s)) return to(S::kCancelled);
      if (s == S::kCancelled) return already();
      break;
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "card is ", CardStateName(s), "; cannot ", CardEventName(event)));
}

}  // namespace unioncard::card
