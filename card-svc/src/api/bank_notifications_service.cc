#include "card-svc/src/api/bank_notifications_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/api_types.h"
#include "common/grpc/call_admission.h"
#include "common/grpc/mutual_tls.h"
#include "common/grpc/status_bridge.h"
#include "common/log/json_log.h"

namespace unioncard::card {
namespace {

using bank::v1::CardNotification;

absl::StatusOr<CardEvent> EventOf(CardNotification::Kind kind) {
  switch (kind) {
    case CardNotification::KIND_REJECTED:
      return CardEvent::kBankRejected;
    case CardNotification::KIND_ISSUED:
      return CardEvent::kBankIssued;
    case CardNotification::KIND_ACTIVATED:
      return CardEvent::kBankActivated;
    default:
      return absl::InvalidArgumentError(
          "kind is not KIND_REJECTED, KIND_ISSUED or KIND_ACTIVATED");
  }
}

// The ledger compares ids ignoring trailing spaces (utf8mb4_bin pads), so
// ids with spaces could be one id to it and two to the service.
bool IsNotificationId(const std::string& id) {
  if (id.empty() || id.size() > 100) return false;
  for (char c : id) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace

grpc::Status BankNotificationsService::CheckPeer(
    const grpc::ServerContext& context) const {
  // The bank link is bounded like every other server (CallAdmission).
  if (absl::Status admitted = rpc::CurrentCallAdmission(); !admitted.ok()) {
    return rpc::ToGrpcStatus(admitted);
  }
  const std::string peer = rpc::PeerCertificateName(context);
  if (peer != bank_peer_name_) {
    log::Warn("bank notification refused", {{"peer", peer}});
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "only the partner bank may send notifications");
  }
  return grpc::Status::OK;
}

grpc::Status BankNotificationsService::NotifyCards(
    grpc::ServerContext* context, const bank::v1::NotifyCardsRequest* request,
    bank::v1::NotificationAcks* response) {
  if (grpc::Status peer = CheckPeer(*context); !peer.ok()) return peer;
  auth::Principal bank;
  bank.subject = absl::StrCat("bank:", bank_peer_name_);
  bank.role = auth::Role::kPartnerBank;
  bank.org_id = "bank";
  bank.org_path = "/bank/";
  // Checked one by one; the valid ones applied together in one
  // transaction, each on its own (a refused one does not stop the others).
  const int n_total = request->notifications_size();
  std::vector<absl::Status> statuses(n_total);
  std::vector<CardChange> changes;
  std::vector<int> change_of;  // notification index of each change
  for (int i = 0; i < n_total; ++i) {
    const CardNotification& n = request->notifications(i);
    absl::StatusOr<CardEvent> event = EventOf(n.kind());
    if (!IsNotificationId(n.notification_id())) {
      statuses[i] = absl::InvalidArgumentError(
          "notification_id must be 1 to 100 printable ASCII characters "
          "without spaces");
      continue;
    }
    if (!event.ok()) {
      statuses[i] = event.status();
      continue;
    }
    std::optional<IssuedCard> issued;
    if (*event == CardEvent::kBankIssued) {
      issued = IssuedCard{n.bank_token(), n.last4(), n.expiry()};
    }
    changes.push_back(
        {absl::StrCat("bank:", n.notification_id()), n.card_id(), *event,
         n.has_time() ? rpc::FromTimestamp(n.time()) : absl::Now(), n.reason(),
         issued});
    change_of.push_back(i);
  }
  absl::StatusOr<std::vector<absl::Status>> applied =
      cards_->ApplyMany(bank, changes);
  if (!applied.ok()) return rpc::ToGrpcStatus(applied.status());
  for (size_t k = 0; k < changes.size(); ++k) {
    statuses[change_of[k]] = (*applied)[k];
  }
  for (int i = 0; i < n_total; ++i) {
    bank::v1::NotificationAck* ack = response->add_acks();
    ack->set_notification_id(request->notifications(i).notification_id());
    ack->set_code(static_cast<int>(statuses[i].code()));
    ack->set_message(std::string(statuses[i].message()));
  }
  if (on_applied_) on_applied_();
  return grpc::Status::OK;
}

grpc::Status BankNotificationsService::NotifyPayouts(
    grpc::ServerContext* context, const bank::v1::NotifyPayoutsRequest* request,
    bank::v1::NotificationAcks* response) {
  if (grpc::Status peer = CheckPeer(*context); !peer.ok()) return peer;
  for (const bank::v1::PayoutResult& r : request->results()) {
    bank::v1::NotificationAck* ack = response->add_acks();
    ack->set_notification_id(r.notification_id());
    absl::Status status;
    if (r.outcome() != bank::v1::PayoutResult::OUTCOME_PAID &&
        r.outcome() != bank::v1::PayoutResult::OUTCOME_FAILED) {
      status = absl::InvalidArgumentError(
          "outcome must be OUTCOME_PAID or OUTCOME_FAILED");
    } else {
      absl::StatusOr<PayoutStore::Applied> applied = payouts_->ApplyOutcome(
          {r.idempotency_key(),
           r.outcome() == bank::v1::PayoutResult::OUTCOME_PAID,
           r.bank_reference(), r.reason(),
           r.has_time() ? rpc::FromTimestamp(r.time()) : absl::Now()});
      // The bank link's ack codes (bank.v1): ALREADY_EXISTS tells the bank
      // a repeat was taken before.
      status = !applied.ok() ? applied.status()
               : *applied == PayoutStore::Applied::kBefore
                   ? absl::AlreadyExistsError("this result was applied before")
                   : absl::OkStatus();
    }
    if (status.code() == absl::StatusCode::kFailedPrecondition) {
      log::Error("payout result not applied",
                 {{"key", r.idempotency_key()}, {"error", status.ToString()}});
    }
    ack->set_code(static_cast<int>(status.code()));
    ack->set_message(std::string(status.message()));
  }
  return grpc::Status::OK;
}

grpc::Status BankNotificationsService::NotifyTransactions(
    grpc::ServerContext* context,
    const bank::v1::NotifyTransactionsRequest* request,
    bank::v1::NotificationAcks* response) {
  if (grpc::Status peer = CheckPeer(*context); !peer.ok()) return peer;
  std::vector<BankTransaction> batch;
  batch.reserve(request->transactions_size());
  for (const bank::v1::CardTransaction& t : request->transactions()) {
    batch.push_back(
        {t.bank_transaction_id(), t.bank_token(), t.bank_merchant_id(),
         t.amount_fen(),
         t.has_time() ? rpc::FromTimestamp(t.time()) : absl::Now()});
  }
  absl::StatusOr<std::vector<absl::Status>> results =
      transactions_->Ingest(batch);
  if (!results.ok()) return rpc::ToGrpcStatus(results.status());
  for (size_t i = 0; i < batch.size(); ++i) {
    bank::v1::NotificationAck* ack = response->add_acks();
    ack->set_notification_id(batch[i].bank_transaction_id);
    ack->set_code(static_cast<int>((*results)[i].code()));
    ack->set_message(std::string((*results)[i].message()));
  }
  if (on_applied_) on_applied_();
  return grpc::Status::OK;
}

}  // namespace unioncard::card
