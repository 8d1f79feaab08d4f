#ifndef UNIONCARD_CARD_SVC_SRC_API_BANK_NOTIFICATIONS_SERVICE_H_
#define UNIONCARD_CARD_SVC_SRC_API_BANK_NOTIFICATIONS_SERVICE_H_

#include <functional>
#include <string>

#include "bank/v1/bank.grpc.pb.h"
#include "card-svc/src/store/card_store.h"
#include "card-svc/src/store/payout_store.h"
#include "card-svc/src/store/transaction_store.h"

namespace unioncard::card {

// card-svc's end of the bank link: applies the bank's card notifications
// through the card lifecycle, payout results to the payouts and ledger,
// and stores card transactions. The caller is known by its TLS client
// certificate, which must name the partner bank; each notification is
// applied once however often it arrives (its id is the request id).
class BankNotificationsService final
    : public bank::v1::BankNotifications::Service {
 public:
  BankNotificationsService(CardStore* cards, PayoutStore* payouts,
                           TransactionStore* transactions,
                           std::string bank_peer_name,
                           std::function<void()> on_applied = nullptr)
      : cards_(cards),
        payouts_(payouts),
        transactions_(transactions),
        bank_peer_name_(std::move(bank_peer_name)),
        on_applied_(std::move(on_applied)) {}

  grpc::Status NotifyCards(grpc::ServerContext* context,
                           const bank::v1::NotifyCardsRequest* request,
                           bank::v1::NotificationAcks* response) override;
  grpc::Status NotifyPayouts(grpc::ServerContext* context,
                             const bank::v1::NotifyPayoutsRequest* request,
                             bank::v1::NotificationAcks* response) override;
  grpc::Status NotifyTransactions(
      grpc::ServerContext* context,
      const bank::v1::NotifyTransactionsRequest* request,
      bank::v1::NotificationAcks* response) override;

 private:
  // PERMISSION_DENIED unless the TLS client certificate names the bank.
  grpc::Status CheckPeer(const grpc::ServerContext& context) const;

  CardStore* cards_;
  PayoutStore* payouts_;
  TransactionStore* transactions_;
  std::string bank_peer_name_;
  std::function<void()> on_applied_;  // new feed events were written
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_API_BANK_NOTIFICATIONS_SERVICE_H_
