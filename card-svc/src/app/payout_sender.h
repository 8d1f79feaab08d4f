#ifndef UNIONCARD_CARD_SVC_SRC_APP_PAYOUT_SENDER_H_
#define UNIONCARD_CARD_SVC_SRC_APP_PAYOUT_SENDER_H_

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "bank/v1/bank.grpc.pb.h"
#include "card-svc/src/domain/payouts.h"
#include "card-svc/src/store/payout_store.h"

namespace unioncard::card {

// Sends approved payouts to the bank (one round, run by a PeriodicWorker):
// each with its idempotency key, so a resend after a crash or a timeout is
// never a second payment. A payout whose card stopped being ACTIVATED
// since approval fails here, without reaching the bank.
class PayoutSender {
 public:
  PayoutSender(PayoutStore* payouts,
               std::shared_ptr<bank::v1::PartnerBank::StubInterface> bank)
      : payouts_(payouts), bank_(std::move(bank)) {}

  void SendQueued(const std::function<bool()>& stopping);

 private:
  PayoutStore* payouts_;
  std::shared_ptr<bank::v1::PartnerBank::StubInterface> bank_;
};

// A day's ledger against the bank's statement of that day.
class DayReconciler {
 public:
  DayReconciler(PayoutStore* payouts,
                std::shared_ptr<bank::v1::PartnerBank::StubInterface> bank)
      : payouts_(payouts), bank_(std::move(bank)) {}

  // UNAVAILABLE when the bank cannot give its statement.
  absl::StatusOr<Reconciliation> Reconcile(absl::CivilDay day);

 private:
  PayoutStore* payouts_;
  std::shared_ptr<bank::v1::PartnerBank::StubInterface> bank_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_PAYOUT_SENDER_H_
