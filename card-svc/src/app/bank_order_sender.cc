#include "card-svc/src/app/bank_order_sender.h"

#include "absl/strings/str_cat.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/log/json_log.h"

namespace unioncard::card {
namespace {

using bank::v1::ChangeCardRequest;

ChangeCardRequest::Action ActionOf(CardEvent event) {
  switch (event) {
    case CardEvent::kFreeze:
      return ChangeCardRequest::ACTION_FREEZE;
    case CardEvent::kUnfreeze:
      return ChangeCardRequest::ACTION_UNFREEZE;
    case CardEvent::kReportLost:
      return ChangeCardRequest::ACTION_REPORT_LOST;
    default:
      return ChangeCardRequest::ACTION_CANCEL;
  }
}

}  // namespace

void BankOrderSender::SendPending(const std::function<bool()>& stopping) {
  absl::StatusOr<std::vector<BankCardOrder>> pending = orders_->Pending(200);
  if (!pending.ok()) {
    log::Warn("bank card orders unavailable",
              {{"error", pending.status().ToString()}});
    return;
  }
  for (const BankCardOrder& order : *pending) {
    if (stopping()) return;
    ChangeCardRequest request;
    request.set_order_id(absl::StrCat("card-order-", order.id));
    request.set_card_id(order.card_id);
    request.set_bank_token(order.bank_token);
    request.set_action(ActionOf(order.event));
    request.set_reason(order.reason);
    bank::v1::CardChangeAck ack;
    auto context = rpc::OutboundContext(absl::Seconds(10));
    const absl::Status sent =
        rpc::FromGrpcStatus(bank_->ChangeCard(context.get(), request, &ack));
    if (sent.ok()) {
      // Unmarked, the order is sent again next round; the bank takes a
      // repeated change of the same order once.
      if (absl::Status marked = orders_->MarkSent(order.id); !marked.ok()) {
        log::Warn("card change sent but not marked; it will be sent again",
                  {{"order_id", order.id}, {"error", marked.ToString()}});
      }
      continue;
    }
    if (absl::Status recorded = orders_->RecordFailure(order.id, sent);
        !recorded.ok()) {
      log::Warn("could not record a failed send of a card change",
                {{"order_id", order.id}, {"error", recorded.ToString()}});
    }
    log::Warn("card change not taken by the bank; will resend",
              {{"order_id", order.id},
               {"card_id", order.card_id},
               {"error", sent.ToString()}});
    if (sent.code() == absl::StatusCode::kUnavailable ||
        sent.code() == absl::StatusCode::kDeadlineExceeded) {
      return;  // the bank is away; the next round tries again
    }
  }
}

}  // namespace unioncard::card
