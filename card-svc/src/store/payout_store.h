#ifndef UNIONCARD_CARD_SVC_SRC_STORE_PAYOUT_STORE_H_
#define UNIONCARD_CARD_SVC_SRC_STORE_PAYOUT_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "card-svc/src/domain/payouts.h"
#include "common/auth/principal.h"
#include "common/db/connection_pool.h"

namespace unioncard::card {

enum class PayoutBatchState {
  kAwaitingApproval = 1,
  kApproved = 2,
  kDeclined = 3
};
enum class PayoutItemState {
  kAwaiting = 1,
  kQueued = 2,
  kAtBank = 3,
  kPaid = 4,
  kFailed = 5,
  kWithdrawn = 6,
};

struct PayoutItemRecord {
  int64_t id = 0;
  int line = 0;
  int64_t member_id = 0;
  int64_t card_id = 0;
  int64_t amount_fen = 0;
  std::string reason;
  std::string idempotency_key;
  PayoutItemState state = PayoutItemState::kAwaiting;
  std::string bank_token;  // the card's, when sent
  std::string bank_reference;
  std::string result;
  std::optional<absl::Time> result_at;
};

struct PayoutBatchRecord {
  int64_t id = 0;
  std::string programme_id;
  std::string title;
  std::string org_path;  // the maker's unit
  PayoutBatchState state = PayoutBatchState::kAwaitingApproval;
  std::string created_by;
  absl::Time created_at;
  std::string decided_by;
  std::optional<absl::Time> decided_at;
  std::vector<PayoutItemRecord> items;  // by line
};

// What the bank reported for one payout.
struct PayoutOutcome {
  std::string idempotency_key;
  bool paid = false;
  std::string bank_reference;  // paid
  std::string reason;          // failed
  absl::Time at;               // the bank's time
  // How card-svc learnt it: the bank's report, or (a report lost) the
  // bank's statement of a day — the audit row says which.
  enum class Source { kBankReport, kStatement };
  Source source = Source::kBankReport;
};

// A payout ready to go to the bank.
struct PayoutToSend {
  int64_t item_id = 0;
  std::string idempotency_key;
  std::string bank_token;
  int64_t amount_fen = 0;
  std::string programme_id;
  bool card_payable = false;  // the card is still ACTIVATED and live
};

// A payout the bank has had since `sent_at` without reporting a result.
struct PayoutAwaitingResult {
  int64_t item_id = 0;
  std::string idempotency_key;
  std::string bank_token;
  int64_t amount_fen = 0;
  absl::Time approved_at;  // its batch's approval: the bank books it after
  absl::Time sent_at;      // the latest send (a resend moves it)
};

// One payout as its member sees it, with where the card it went to
// belongs (for staff scope checks).
struct MemberPayoutRecord {
  PayoutItemRecord item;
  int64_t batch_id = 0;
  std::string programme_id;
  std::string programme_name;
  std::string title;
  absl::Time created_at;
  std::string card_county_id;
  std::string card_org_id;
};

// A line's payee as read, locked, when a batch is made: the live card of
// the line's member (`card_id` 0: the member has none).
struct PayeeCard {
  int64_t card_id = 0;
  CardState state = CardState::kRequested;
  std::string org_path;
};
// Looks at every line's payee (in line order) and decides whether the
// batch may be made; an error aborts it and nothing is written.
using CheckPayees =
    std::function<absl::Status(const std::vector<PayeeCard>& payees)>;
// Looks at the locked batch and decides whether the caller may decide it;
// an error aborts the decision.
using CheckDecision = std::function<absl::Status(const PayoutBatchRecord&)>;

// Payout batches, their items and the ledger of money moved, in MySQL.
// Each item is paid at most once: its idempotency key is unique here and
// at the bank, and the ledger takes one row per key (append-only).
class PayoutStore {
 public:
  explicit PayoutStore(db::ConnectionPool* pool) : pool_(pool) {}

  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Programmes();

  // One transaction, once per request id: the lines' payees are read with
  // a share lock and handed to `check`, then the batch (in the caller's
  // unit) and its items are written; NOT_FOUND for an unknown programme.
  absl::StatusOr<PayoutBatchRecord> Create(const auth::Principal& caller,
                                           const std::string& request_id,
                                           const std::string& programme_id,
                                           const std::string& title,
                                           const std::vector<PayoutItem>& lines,
                                           const CheckPayees& check);
  // The checker's decision: the batch is locked and handed to `check`,
  // then it and its items move on (approved: queued for the bank).
  absl::StatusOr<PayoutBatchRecord> Decide(const auth::Principal& caller,
                                           int64_t batch_id, bool approve,
                                           const std::string& note,
                                           const CheckDecision& check);
  absl::StatusOr<PayoutBatchRecord> Get(int64_t batch_id);
  // A member's payouts, newest first, item ids below `before_id` (0: from
  // the newest).
  absl::StatusOr<std::vector<MemberPayoutRecord>> OfMember(int64_t member_id,
                                                           int64_t before_id,
                                                           int limit);

  // Approved items not yet with the bank, oldest first.
  absl::StatusOr<std::vector<PayoutToSend>> Queued(int limit);
  // The bank has these (with the card token they went to).
  absl::Status MarkAtBank(const std::vector<PayoutToSend>& sent);
  // Items AT_BANK last sent before `before`, by id from after `after_id`,
  // at most `limit`: results that should have come by now (lost, or sent
  // to a card-svc whose database was restored from before they came).
  absl::StatusOr<std::vector<PayoutAwaitingResult>> AtBankSentBefore(
      absl::Time before, int64_t after_id, int limit);
  // Not sent: the card can no longer take money.
  absl::Status FailLocally(int64_t item_id, const std::string& why);

  // Whether a result changed the payout now or had been applied before (a
  // repeat: nothing changes).
  enum class Applied { kNow, kBefore };
  // Applies the bank's result once (`outcome.source` says whether the
  // bank reported it or its statement showed it); FAILED_PRECONDITION for
  // an unknown key or a result contradicting an earlier one. A payment
  // writes the ledger row in the same transaction.
  absl::StatusOr<Applied> ApplyOutcome(const PayoutOutcome& outcome);

  // The ledger's movements booked on `day` (China time).
  absl::StatusOr<std::vector<Movement>> LedgerOfDay(absl::CivilDay day);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_STORE_PAYOUT_STORE_H_
