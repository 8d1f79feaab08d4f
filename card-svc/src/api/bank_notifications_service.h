#ifndef UNIONCARD_CARD_SVC_SRC_API_BANK_NOTIFICATIONS_SERVICE_H_
#define UNIONCARD_CARD_SVC_SRC_API_BANK_NOTIFICATIONS_SERVICE_H_

#include <string>

#include "bank/v1/bank.grpc.pb.h"
#include "card-svc/src/store/card_store.h"

namespace unioncard::card {

// card-svc's end of the bank link: applies the bank's card notifications
// through the card lifecycle. The caller is known by its TLS client
// certificate, which must name the partner bank; each notification is
// applied once however often it arrives (its id is the request id).
class BankNotificationsService final
    : public bank::v1::BankNotifications::Service {
 public:
  BankNotificationsService(CardStore* cards, std::string bank_peer_name)
      : cards_(cards), bank_peer_name_(std::move(bank_peer_name)) {}

  grpc::Status NotifyCards(grpc::ServerContext* context,
                           const bank::v1::CardNotifications* request,
                           bank::v1::NotificationAcks* response) override;

 private:
  CardStore* cards_;
  std::string bank_peer_name_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_API_BANK_NOTIFICATIONS_SERVICE_H_
