#ifndef UNIONCARD_CARD_SVC_SRC_APP_PAYOUT_BATCHES_H_
#define UNIONCARD_CARD_SVC_SRC_APP_PAYOUT_BATCHES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "card-svc/src/app/payout_sender.h"
#include "card-svc/src/domain/card_access.h"
#include "card-svc/src/domain/payouts.h"
#include "card-svc/src/store/payout_store.h"
#include "common/auth/principal.h"

namespace unioncard::card {

struct PayoutLimits {
  int64_t max_item_fen = 5'000'000;  // 50,000 yuan per item
  int max_items = 10'000;            // per batch
};

// PayoutService's use cases (docs/rules.md §5.8–§5.9): relief and other
// money paid onto members' cards in batches that one person of the city or
// a county union makes and another approves (maker-checker); each item is
// paid at most once (its idempotency key, made here, goes to the bank).
class PayoutBatches {
 public:
  // `approved` is told after an approval (wakes the sender of payouts).
  PayoutBatches(PayoutStore* payouts, DayReconciler* reconciler,
                std::function<void()> approved, CardAccess access = {},
                PayoutLimits limits = {})
      : payouts_(payouts),
        reconciler_(reconciler),
        approved_(std::move(approved)),
        access_(access),
        limits_(limits) {}

  // (id, name) of every programme, for anyone who reads cards.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> Programmes(
      const auth::Principal& caller) const;

  // A batch awaiting approval, in the caller's unit, once per request id
  // ("": a new one). INVALID_ARGUMENT naming the field or items[i];
  // PERMISSION_DENIED listing every line whose member's card lies outside
  // the caller's unit; FAILED_PRECONDITION listing every line without an
  // ACTIVATED live card; NOT_FOUND for an unknown programme. `items`'
  // idempotency keys are made here.
  absl::StatusOr<PayoutBatchRecord> Create(const auth::Principal& caller,
                                           const std::string& request_id,
                                           const std::string& programme_id,
                                           const std::string& title,
                                           std::vector<PayoutItem> items) const;

  // The checker's decision: PERMISSION_DENIED for the maker or outside the
  // batch's unit, FAILED_PRECONDITION when decided already.
  absl::StatusOr<PayoutBatchRecord> Decide(const auth::Principal& caller,
                                           int64_t batch_id, bool approve,
                                           const std::string& note) const;

  absl::StatusOr<PayoutBatchRecord> Get(const auth::Principal& caller,
                                        int64_t batch_id) const;

  // A member's payouts, newest first, item ids below `before_id`, of the
  // `limit` looked at: a member sees their own, staff only those to cards
  // in their unit (the others are left out before the page is cut, so its
  // token tells nothing of them).
  absl::StatusOr<std::vector<MemberPayoutRecord>> OfMember(
      const auth::Principal& caller, int64_t member_id, int64_t before_id,
      int limit) const;

  // A day's ledger against the bank's statement: city-wide roles.
  absl::StatusOr<Reconciliation> Reconcile(const auth::Principal& caller,
                                           absl::CivilDay day) const;

 private:
  PayoutStore* payouts_;
  DayReconciler* reconciler_;
  std::function<void()> approved_;
  CardAccess access_;
  PayoutLimits limits_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_PAYOUT_BATCHES_H_
