#ifndef UNIONCARD_CARD_SVC_SRC_DOMAIN_PAYOUTS_H_
#define UNIONCARD_CARD_SVC_SRC_DOMAIN_PAYOUTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "card-svc/src/domain/card_lifecycle.h"

namespace unioncard::card {

// Fund disbursement onto cards (docs/rules.md §5.8–§5.9). Money is
// integer fen.

// One line of a payout batch.
struct PayoutItem {
  std::string idempotency_key;  // one per item, sent to the bank
  int64_t member_id = 0;
  int64_t amount_fen = 0;  // > 0
  std::string reason;
};

// INVALID_ARGUMENT naming items[i].field: amounts must be positive and
// below `max_item_fen`, keys unique, reasons given.
absl::Status ValidatePayoutItems(const std::vector<PayoutItem>& items,
                                 int64_t max_item_fen);

// A payout goes only to an ACTIVATED live card.
absl::Status CheckPayableCard(CardState state);

// Maker-checker: the approver must not be the batch's creator.
absl::Status CheckApprover(const std::string& creator,
                           const std::string& approver);

// One movement as our ledger or the bank's daily statement records it.
struct Movement {
  std::string idempotency_key;
  std::string bank_token;
  int64_t amount_fen = 0;
};

enum class DifferenceKind {
  kMissingAtBank,    // in our ledger, not on the statement
  kUnknownAtBank,    // on the statement, not in our ledger
  kAmountMismatch,   // both, different amounts
  kCardMismatch,     // both, different cards
  kDuplicateAtBank,  // the statement lists the key more than once
};

const char* DifferenceKindName(DifferenceKind kind);

struct Difference {
  DifferenceKind kind;
  std::string idempotency_key;
  int64_t ledger_fen = 0;
  int64_t bank_fen = 0;
};

struct Reconciliation {
  int64_t ledger_total_fen = 0;
  int64_t bank_total_fen = 0;
  int matched = 0;
  std::vector<Difference> differences;  // by key, then kind
};

// Compares a day's ledger with the bank's statement, listing every
// difference; nothing is "probably fine".
Reconciliation Reconcile(const std::vector<Movement>& ledger,
                         const std::vector<Movement>& statement);

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_DOMAIN_PAYOUTS_H_
