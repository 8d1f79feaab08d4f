#ifndef UNIONCARD_CARD_SVC_SRC_APP_BANK_ORDER_SENDER_H_
#define UNIONCARD_CARD_SVC_SRC_APP_BANK_ORDER_SENDER_H_

#include <functional>
#include <memory>

#include "bank/v1/bank.grpc.pb.h"
#include "card-svc/src/store/bank_order_store.h"

namespace unioncard::card {

// One round of telling the bank about card changes (run by a
// PeriodicWorker): each pending order goes out with its id as the bank's
// idempotency key and is marked sent once the bank has it. While the bank
// is unreachable the round ends and the next one tries again.
class BankOrderSender {
 public:
  BankOrderSender(BankOrderStore* orders,
                  std::shared_ptr<bank::v1::PartnerBank::StubInterface> bank)
      : orders_(orders), bank_(std::move(bank)) {}

  void SendPending(const std::function<bool()>& stopping);

 private:
  BankOrderStore* orders_;
  std::shared_ptr<bank::v1::PartnerBank::StubInterface> bank_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_BANK_ORDER_SENDER_H_
