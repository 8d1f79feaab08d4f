#include "card-svc/src/app/payout_settlement.h"

#include <map>
#include <set>

#include "absl/time/civil_time.h"
#include "common/grpc/api_types.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/log/json_log.h"
#include "common/status/macros.h"

namespace unioncard::card {

absl::StatusOr<PayoutSettlement::Round> PayoutSettlement::SettleOverdue(
    absl::Time now) {
  ASSIGN_OR_RETURN(std::vector<PayoutAwaitingResult> overdue,
                   payouts_->AtBankSentBefore(now - wait_, 1000));
  Round round;
  if (overdue.empty()) return round;
  // A payout is booked on the day it was sent or, sent just before
  // midnight, the next (China time); days to come have no statement.
  const absl::CivilDay today = absl::ToCivilDay(now, rpc::ChinaTime());
  std::set<absl::CivilDay> days;
  for (const PayoutAwaitingResult& p : overdue) {
    const absl::CivilDay sent = absl::ToCivilDay(p.sent_at, rpc::ChinaTime());
    days.insert(sent);
    if (sent + 1 <= today) days.insert(sent + 1);
  }
  std::map<std::string, bank::v1::StatementLine> booked;
  for (absl::CivilDay day : days) {
    bank::v1::GetStatementRequest request;
    request.set_date(absl::FormatCivilTime(day));
    bank::v1::Statement statement;
    auto context = rpc::OutboundContext(absl::Seconds(30));
    RETURN_IF_ERROR(rpc::FromGrpcStatus(
        bank_->GetStatement(context.get(), request, &statement)));
    for (const bank::v1::StatementLine& line : statement.lines()) {
      booked[line.idempotency_key()] = line;
    }
  }
  for (const PayoutAwaitingResult& p : overdue) {
    const auto line = booked.find(p.idempotency_key);
    if (line == booked.end()) {
      ++round.still_waiting;
      continue;
    }
    if (line->second.bank_token() != p.bank_token ||
        line->second.amount_fen() != p.amount_fen) {
      // Left AT_BANK: the day's reconciliation shows the difference.
      ++round.different;
      log::Warn("payout booked with another card or amount; left for a person",
                {{"idempotency_key", p.idempotency_key},
                 {"ledger_fen", p.amount_fen},
                 {"bank_fen", line->second.amount_fen()}});
      continue;
    }
    PayoutOutcome outcome;
    outcome.idempotency_key = p.idempotency_key;
    outcome.paid = true;
    outcome.bank_reference = line->second.bank_reference();
    outcome.at = rpc::FromTimestamp(line->second.time());
    const absl::Status applied = payouts_->ApplyOutcome(outcome);
    if (applied.ok()) {
      ++round.settled;
    } else if (!absl::IsAlreadyExists(applied)) {  // the report came meanwhile
      log::Warn("overdue payout not settled",
                {{"idempotency_key", p.idempotency_key},
                 {"error", applied.ToString()}});
    }
  }
  return round;
}

}  // namespace unioncard::card
