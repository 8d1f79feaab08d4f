#include "card-svc/src/app/payout_sender.h"

#include "card-svc/src/app/bank_statement.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/log/json_log.h"
#include "common/status/macros.h"

namespace unioncard::card {

void PayoutSender::SendQueued(const std::function<bool()>& stopping) {
  while (!stopping()) {
    absl::StatusOr<std::vector<PayoutToSend>> queued = payouts_->Queued(500);
    if (!queued.ok()) {
      log::Warn("queued payouts unavailable",
                {{"error", queued.status().ToString()}});
      return;
    }
    if (queued->empty()) return;
    bank::v1::SubmitPayoutsRequest request;
    std::vector<PayoutToSend> sending;
    for (const PayoutToSend& p : *queued) {
      if (!p.card_payable) {
        // Left queued if this fails: the next round looks at it again.
        if (absl::Status failed = payouts_->FailLocally(
                p.item_id,
                "the card is no longer ACTIVATED; not sent to the bank");
            !failed.ok()) {
          log::Warn("could not fail a payout to a card no longer ACTIVATED",
                    {{"item_id", p.item_id}, {"error", failed.ToString()}});
        }
        continue;
      }
      bank::v1::Payout* payout = request.add_payouts();
      payout->set_idempotency_key(p.idempotency_key);
      payout->set_bank_token(p.bank_token);
      payout->set_amount_fen(p.amount_fen);
      payout->set_programme(p.programme_id);
      sending.push_back(p);
    }
    if (sending.empty()) continue;
    bank::v1::SubmitPayoutsResponse response;
    auto context = rpc::OutboundContext(absl::Seconds(10));
    const absl::Status sent = rpc::FromGrpcStatus(
        bank_->SubmitPayouts(context.get(), request, &response));
    if (!sent.ok()) {
      log::Warn("payouts not taken by the bank; will resend",
                {{"payouts", sending.size()}, {"error", sent.ToString()}});
      return;
    }
    log::Info("payouts sent", {{"accepted", response.accepted()},
                               {"already_known", response.already_known()}});
    if (absl::Status marked = payouts_->MarkAtBank(sending); !marked.ok()) {
      log::Warn("payouts sent but not marked; a resend is harmless",
                {{"error", marked.ToString()}});
      return;
    }
  }
}

absl::StatusOr<Reconciliation> DayReconciler::Reconcile(absl::CivilDay day) {
  ASSIGN_OR_RETURN(std::vector<Movement> ledger, payouts_->LedgerOfDay(day));
  ASSIGN_OR_RETURN(bank::v1::Statement statement, FetchStatement(*bank_, day));
  std::vector<Movement> booked;
  for (const bank::v1::StatementLine& line : statement.lines()) {
    booked.push_back(
        {line.idempotency_key(), line.bank_token(), line.amount_fen()});
  }
  return card::Reconcile(ledger, booked);
}

}  // namespace unioncard::card
