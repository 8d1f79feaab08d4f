#include "card-svc/src/api/bank_notifications_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/mutual_tls.h"
#include "common/grpc/status_bridge.h"
#include "common/log/json_log.h"

namespace unioncard::card {
namespace {

using bank::v1::CardNotification;

absl::StatusOr<CardEvent> EventOf(CardNotification::Kind kind) {
  switch (kind) {
    case CardNotification::REJECTED:
      return CardEvent::kBankRejected;
    case CardNotification::ISSUED:
      return CardEvent::kBankIssued;
    case CardNotification::ACTIVATED:
      return CardEvent::kBankActivated;
    default:
      return absl::InvalidArgumentError(
          "kind is not REJECTED, ISSUED or ACTIVATED");
  }
}

}  // namespace

grpc::Status BankNotificationsService::NotifyCards(
    grpc::ServerContext* context, const bank::v1::CardNotifications* request,
    bank::v1::NotificationAcks* response) {
  const std::string peer = rpc::PeerCertificateName(*context);
  if (peer != bank_peer_name_) {
    log::Warn("bank notification refused", {{"peer", peer}});
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "only the partner bank may send card notifications");
  }
  auth::Principal bank;
  bank.subject = absl::StrCat("bank:", peer);
  bank.role = auth::Role::kPartnerBank;
  bank.org_id = "bank";
  bank.org_path = "/bank/";
  for (const CardNotification& n : request->notifications()) {
    bank::v1::NotificationAck* ack = response->add_acks();
    ack->set_notification_id(n.notification_id());
    absl::Status status;
    absl::StatusOr<CardEvent> event = EventOf(n.kind());
    if (n.notification_id().empty() || n.notification_id().size() > 100) {
      status = absl::InvalidArgumentError(
          "notification_id must be 1 to 100 characters");
    } else if (!event.ok()) {
      status = event.status();
    } else {
      std::optional<IssuedCard> issued;
      if (*event == CardEvent::kBankIssued) {
        issued = IssuedCard{n.bank_token(), n.last4(), n.expiry()};
      }
      const absl::Time at = n.has_time()
                                ? absl::FromUnixSeconds(n.time().seconds()) +
                                      absl::Nanoseconds(n.time().nanos())
                                : absl::Now();
      status = cards_
                   ->Apply(bank, absl::StrCat("bank:", n.notification_id()),
                           n.card_id(), *event, at, n.reason(), issued)
                   .status();
    }
    ack->set_code(static_cast<int>(status.code()));
    ack->set_message(std::string(status.message()));
  }
  return grpc::Status::OK;
}

}  // namespace unioncard::card
