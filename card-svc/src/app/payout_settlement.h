#ifndef UNIONCARD_CARD_SVC_SRC_APP_PAYOUT_SETTLEMENT_H_
#define UNIONCARD_CARD_SVC_SRC_APP_PAYOUT_SETTLEMENT_H_

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bank/v1/bank.grpc.pb.h"
#include "card-svc/src/store/payout_store.h"

namespace unioncard::card {

// Settles payouts whose result never reached card-svc, from the bank's
// statements. The bank reports each result once (NotifyPayouts); if that
// report is lost to card-svc — its database restored from a backup taken
// before the report came — the item would wait AT_BANK for ever. A payout
// the bank booked is on the statement of the day it was booked, which lies
// between its batch's approval and today; so an item still AT_BANK `wait`
// after it was last sent and found there with the same card token and
// amount is PAID with the statement's reference, through the same
// once-only step as the report. Items found with another card or amount,
// or on no statement, stay AT_BANK and are counted and logged: a payout
// the bank refused is on no statement, and only the bank can say
// (docs/architecture.md §6; card-svc/README.md "Payouts").
class PayoutSettlement {
 public:
  PayoutSettlement(PayoutStore* payouts,
                   std::shared_ptr<bank::v1::PartnerBank::StubInterface> bank,
                   absl::Duration wait)
      : payouts_(payouts), bank_(std::move(bank)), wait_(wait) {}

  // How far back statements are read: an item approved earlier is looked
  // for on the last kDaysBack days only.
  static constexpr int kDaysBack = 31;

  struct Round {
    int settled = 0;        // found booked; now PAID with a ledger row
    int still_waiting = 0;  // on no statement
    int different = 0;      // booked with another card or amount: a person
    int unchecked = 0;      // a statement it needed was not to be had
  };
  // One pass over every item overdue at `now`, page by page, until done or
  // `stopping`.
  absl::StatusOr<Round> SettleOverdue(absl::Time now,
                                      const std::function<bool()>& stopping);

 private:
  PayoutStore* payouts_;
  std::shared_ptr<bank::v1::PartnerBank::StubInterface> bank_;
  absl::Duration wait_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_PAYOUT_SETTLEMENT_H_
