#include "card-svc/src/domain/payouts.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"

namespace unioncard::card {

absl::Status ValidatePayoutItems(const std::vector<PayoutItem>& items,
                                 int64_t max_item_fen) {
  status::FieldErrors errors;
  if (items.empty()) errors.Add("items", "a payout batch needs items");
  std::set<std::string> keys;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string at = absl::StrCat("items[", i, "].");
    const PayoutItem& item = items[i];
    if (item.amount_fen <= 0) {
      errors.Add(at + "amount_fen", "must be more than 0 fen");
    } else if (item.amount_fen > max_item_fen) {
      errors.Add(at + "amount_fen",
                 absl::StrCat("is above the limit of ", max_item_fen,
                              " fen per item"));
    }
    if (item.member_id <= 0) errors.Add(at + "member_id", "is required");
    if (item.reason.empty()) errors.Add(at + "reason", "is required");
    if (item.idempotency_key.empty() || item.idempotency_key.size() > 64) {
      errors.Add(at + "idempotency_key", "must be 1 to 64 characters");
    } else if (!keys.insert(item.idempotency_key).second) {
      errors.Add(at + "idempotency_key", "appears twice in the batch");
    }
  }
  return errors.ToStatus();
}

absl::Status CheckPayableCard(CardState state) {
  if (state != CardState::kActivated) {
    return absl::FailedPreconditionError(
        absl::StrCat("the member's card is ", CardStateName(state),
                     "; payouts go only to an ACTIVATED card"));
  }
  return absl::OkStatus();
}

absl::Status CheckApprover(const std::string& creator,
                           const std::string& approver) {
  if (creator == approver) {
    return absl::PermissionDeniedError(
        "the creator of a payout batch cannot approve it; another person "
        "must check it");
  }
  return absl::OkStatus();
}

const char* DifferenceKindName(DifferenceKind kind) {
  switch (kind) {
    case DifferenceKind::kMissingAtBank:
      return "MISSING_AT_BANK";
    case DifferenceKind::kUnknownAtBank:
      return "UNKNOWN_AT_BANK";
    case DifferenceKind::kAmountMismatch:
      return "AMOUNT_MISMATCH";
    case DifferenceKind::kCardMismatch:
      return "CARD_MISMATCH";
    case DifferenceKind::kDuplicateAtBank:
      return "DUPLICATE_AT_BANK";
  }
  return "UNKNOWN";
}

Reconciliation Reconcile(const std::vector<Movement>& ledger,
                         const std::vector<Movement>& statement) {
  Reconciliation r;
  std::map<std::string, const Movement*> ours;
  for (const Movement& m : ledger) {
    ours[m.idempotency_key] = &m;
    r.ledger_total_fen += m.amount_fen;
  }
  std::map<std::string, std::vector<const Movement*>> theirs;
  for (const Movement& m : statement) {
    theirs[m.idempotency_key].push_back(&m);
    r.bank_total_fen += m.amount_fen;
  }
  for (const auto& [key, mine] : ours) {
    auto it = theirs.find(key);
    if (it == theirs.end()) {
      r.differences.push_back(
          {DifferenceKind::kMissingAtBank, key, mine->amount_fen, 0});
      continue;
    }
    const Movement& bank = *it->second.front();
    bool clean = true;
    if (it->second.size() > 1) {
      int64_t total = 0;
      for (const Movement* m : it->second) total += m->amount_fen;
      r.differences.push_back(
          {DifferenceKind::kDuplicateAtBank, key, mine->amount_fen, total});
      clean = false;
    }
    if (bank.amount_fen != mine->amount_fen) {
      r.differences.push_back({DifferenceKind::kAmountMismatch, key,
                               mine->amount_fen, bank.amount_fen});
      clean = false;
    }
    if (bank.bank_token != mine->bank_token) {
      r.differences.push_back({DifferenceKind::kCardMismatch, key,
                               mine->amount_fen, bank.amount_fen});
      clean = false;
    }
    if (clean) ++r.matched;
  }
  for (const auto& [key, movements] : theirs) {
    if (ours.count(key) > 0) continue;
    int64_t total = 0;
    for (const Movement* m : movements) total += m->amount_fen;
    r.differences.push_back({DifferenceKind::kUnknownAtBank, key, 0, total});
  }
  std::sort(r.differences.begin(), r.differences.end(),
            [](const Difference& a, const Difference& b) {
              if (a.idempotency_key != b.idempotency_key) {
                return a.idempotency_key < b.idempotency_key;
              }
              return a.kind < b.kind;
            });
  return r;
}

}  // namespace unioncard::card
