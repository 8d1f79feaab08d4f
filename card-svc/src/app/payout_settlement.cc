#include "card-svc/src/app/payout_settlement.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/time/civil_time.h"
#include "card-svc/src/app/bank_statement.h"
#include "common/grpc/api_types.h"
#include "common/log/json_log.h"
#include "common/status/macros.h"

namespace unioncard::card {
namespace {

constexpr int kPage = 500;

// A day's statement lines by idempotency key; nullopt when the bank could
// not give it (asked once per round).
using Booked = std::optional<std::map<std::string, bank::v1::StatementLine>>;

}  // namespace

absl::StatusOr<PayoutSettlement::Round> PayoutSettlement::SettleOverdue(
    absl::Time now, const std::function<bool()>& stopping) {
  Round round;
  const absl::CivilDay today = absl::ToCivilDay(now, rpc::ChinaTime());
  std::map<absl::CivilDay, Booked> statements;
  auto statement_of = [&](absl::CivilDay day) -> const Booked& {
    auto [it, fresh] = statements.try_emplace(day);
    if (fresh) {
      absl::StatusOr<bank::v1::Statement> s = FetchStatement(*bank_, day);
      if (s.ok()) {
        it->second.emplace();
        for (const bank::v1::StatementLine& line : s->lines()) {
          (*it->second)[line.idempotency_key()] = line;
        }
      } else {
        log::Warn("bank statement not had; its payouts are looked at later",
                  {{"day", absl::FormatCivilTime(day)},
                   {"error", s.status().ToString()}});
      }
    }
    return it->second;
  };

  int64_t after_id = 0;
  while (!stopping()) {
    ASSIGN_OR_RETURN(std::vector<PayoutAwaitingResult> page,
                     payouts_->AtBankSentBefore(now - wait_, after_id, kPage));
    if (page.empty()) break;
    after_id = page.back().item_id;
    for (const PayoutAwaitingResult& p : page) {
      if (stopping()) break;
      // Booked on a day from its approval to today.
      const absl::CivilDay first = std::max(
          absl::ToCivilDay(p.approved_at, rpc::ChinaTime()), today - kDaysBack);
      std::optional<bank::v1::StatementLine> found;
      bool unchecked = false;
      for (absl::CivilDay day = first; day <= today && !found; ++day) {
        const Booked& booked = statement_of(day);
        if (!booked) {
          unchecked = true;
          continue;
        }
        if (auto line = booked->find(p.idempotency_key);
            line != booked->end()) {
          found = line->second;
        }
      }
      if (!found) {
        ++(unchecked ? round.unchecked : round.still_waiting);
        continue;
      }
      if (found->bank_token() != p.bank_token ||
          found->amount_fen() != p.amount_fen) {
        // Left AT_BANK, out of the ledger: the day's reconciliation lists
        // the booking as unknown to us, and this line says why.
        ++round.different;
        log::Warn(
            "payout booked with another card or amount; left for a person",
            {{"idempotency_key", p.idempotency_key},
             {"ledger_fen", p.amount_fen},
             {"bank_fen", found->amount_fen()}});
        continue;
      }
      PayoutOutcome outcome;
      outcome.idempotency_key = p.idempotency_key;
      outcome.paid = true;
      outcome.bank_reference = found->bank_reference();
      outcome.at = rpc::FromTimestamp(found->time());
      outcome.source = PayoutOutcome::Source::kStatement;
      const absl::StatusOr<PayoutStore::Applied> applied =
          payouts_->ApplyOutcome(outcome);
      if (!applied.ok()) {
        log::Warn("overdue payout not settled",
                  {{"idempotency_key", p.idempotency_key},
                   {"error", applied.status().ToString()}});
      } else if (*applied == PayoutStore::Applied::kNow) {
        ++round.settled;  // (kBefore: the bank's report came meanwhile)
      }
    }
  }
  return round;
}

}  // namespace unioncard::card
