#include "card-svc/src/store/payout_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "card-svc/src/domain/card_access.h"
#include "card-svc/src/store/card_columns.h"
#include "common/db/audit_log.h"
#include "common/db/idempotency.h"
#include "common/db/multi_row_insert.h"
#include "common/db/row.h"
#include "common/db/sql_types.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/time/china_time.h"

namespace unioncard::card {
namespace {

constexpr char kBatchColumns[] =
    "id, programme_id, title, org_path, state, created_by, created_at, "
    "decided_by, decided_at";
constexpr char kItemColumns[] =
    "id, line_no, member_id, card_id, amount_fen, reason, idempotency_key, "
    "state, bank_token, bank_reference, result, result_at";

PayoutBatchRecord ReadBatch(const db::Row& r) {
  PayoutBatchRecord b;
  b.id = r.Int64("id");
  b.programme_id = r.String("programme_id");
  b.title = r.String("title");
  b.org_path = r.String("org_path");
  b.state = r.Enum("state", kPayoutBatchStateColumn);
  b.created_by = r.String("created_by");
  b.created_at = r.Time("created_at");
  b.decided_by = r.String("decided_by");
  b.decided_at = r.OptionalTime("decided_at");
  return b;
}

PayoutItemRecord ReadItem(const db::Row& r) {
  PayoutItemRecord i;
  i.id = r.Int64("id");
  i.line = r.Int("line_no");
  i.member_id = r.Int64("member_id");
  i.card_id = r.Int64("card_id");
  i.amount_fen = r.Int64("amount_fen");
  i.reason = r.String("reason");
  i.idempotency_key = r.String("idempotency_key");
  i.state = r.Enum("state", kPayoutItemStateColumn);
  i.bank_token = r.String("bank_token");
  i.bank_reference = r.String("bank_reference");
  i.result = r.String("result");
  i.result_at = r.OptionalTime("result_at");
  return i;
}

// The batch's audit row, in the transaction of the change: a change that
// cannot be audited is not made.
absl::Status Audit(sql::Connection& c, const auth::Principal& who,
                   const std::string& action, int64_t batch_id,
                   nlohmann::json detail) {
  return db::AppendAudit(
      c, {{who.subject, std::string(auth::RoleName(who.role)), action,
           "payout_batch", std::to_string(batch_id), std::move(detail)}});
}

}  // namespace

absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
PayoutStore::Programmes() {
  std::vector<std::pair<std::string, std::string>> programmes;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::ResultSet> rows(
        std::unique_ptr<sql::Statement>(c.createStatement())
            ->executeQuery(
                "SELECT id, name FROM payout_programmes ORDER BY id"));
    while (rows->next()) {
      const db::Row row(*rows);
      programmes.emplace_back(row.String("id"), row.String("name"));
    }
    return absl::OkStatus();
  }));
  return programmes;
}

absl::StatusOr<PayoutBatchRecord> PayoutStore::Create(
    const auth::Principal& caller, const std::string& request_id,
    const std::string& programme_id, const std::string& title,
    const std::vector<PayoutItem>& items, const CheckPayees& check) {
  int64_t batch_id = 0;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(
        std::optional<std::string> earlier,
        db::RequestLedger::Claim(c, request_id, "CreatePayoutBatch",
                                 auth::CallerKey(caller)));
    if (earlier.has_value()) {
      batch_id = std::stoll(*earlier);
      return absl::OkStatus();
    }
    {
      std::unique_ptr<sql::PreparedStatement> programme(
          c.prepareStatement("SELECT 1 FROM payout_programmes WHERE id = ?"));
      programme->setString(1, programme_id);
      std::unique_ptr<sql::ResultSet> row(programme->executeQuery());
      if (!row->next()) {
        return absl::NotFoundError(absl::StrCat(
            "payout programme '", status::Echo(programme_id), "' not found"));
      }
    }
    // Every member's live card, locked so it cannot change under us.
    std::vector<PayeeCard> cards(items.size());
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement("SELECT id, state, county_id, org_id FROM cards "
                           "WHERE live_member_id = ? LOCK IN SHARE MODE"));
    for (size_t i = 0; i < items.size(); ++i) {
      select->setInt64(1, items[i].member_id);
      std::unique_ptr<sql::ResultSet> row(select->executeQuery());
      if (!row->next()) continue;
      const db::Row card(*row);
      cards[i] = {card.Int64("id"), card.Enum("state", kCardStateColumn),
                  CardOrgPath(card.String("county_id"), card.String("org_id"))};
    }
    RETURN_IF_ERROR(check(cards));
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO payout_batches (programme_id, title, org_path, state, "
        "created_by) VALUES (?, ?, ?, ?, ?)"));
    insert->setString(1, programme_id);
    insert->setString(2, title);
    insert->setString(3, caller.org_path);
    insert->setInt(
        4, kPayoutBatchStateColumn.Encode(PayoutBatchState::kAwaitingApproval));
    insert->setString(5, caller.subject);
    insert->executeUpdate();
    batch_id = db::LastInsertId(c);
    db::MultiRowInsert lines(
        "INSERT INTO payout_items (batch_id, line_no, member_id, card_id, "
        "amount_fen, reason, idempotency_key, state) VALUES ",
        8);
    RETURN_IF_ERROR(lines.Run(
        c, items.size(), [&](sql::PreparedStatement& s, size_t i, int col) {
          s.setInt64(col++, batch_id);
          s.setInt(col++, static_cast<int>(i + 1));
          s.setInt64(col++, items[i].member_id);
          s.setInt64(col++, cards[i].card_id);
          s.setInt64(col++, items[i].amount_fen);
          s.setString(col++, items[i].reason);
          s.setString(col++, items[i].idempotency_key);
          s.setInt(col++,
                   kPayoutItemStateColumn.Encode(PayoutItemState::kAwaiting));
        }));
    int64_t total = 0;
    for (const PayoutItem& item : items) total += item.amount_fen;
    RETURN_IF_ERROR(Audit(c, caller, "payout.batch.create", batch_id,
                          {{"programme_id", programme_id},
                           {"items", items.size()},
                           {"total_fen", total}}));
    return db::RequestLedger::Complete(c, request_id, std::to_string(batch_id));
  }));
  return Get(batch_id);
}

absl::StatusOr<PayoutBatchRecord> PayoutStore::Decide(
    const auth::Principal& caller, int64_t batch_id, bool approve,
    const std::string& note, const CheckDecision& check) {
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat("SELECT ", kBatchColumns,
                     " FROM payout_batches WHERE id = ? FOR UPDATE")));
    select->setInt64(1, batch_id);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (!row->next()) {
      return absl::NotFoundError(
          absl::StrCat("payout batch ", batch_id, " not found"));
    }
    RETURN_IF_ERROR(check(ReadBatch(db::Row(*row))));
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE payout_batches SET state = ?, decided_by = ?, "
        "decided_at = CURRENT_TIMESTAMP(6), decision_note = ? WHERE id = ?"));
    update->setInt(1, kPayoutBatchStateColumn.Encode(
                          approve ? PayoutBatchState::kApproved
                                  : PayoutBatchState::kDeclined));
    update->setString(2, caller.subject);
    update->setString(3, note.substr(0, 200));
    update->setInt64(4, batch_id);
    update->executeUpdate();
    std::unique_ptr<sql::PreparedStatement> items(c.prepareStatement(
        "UPDATE payout_items SET state = ? WHERE batch_id = ?"));
    items->setInt(1, kPayoutItemStateColumn.Encode(
                         approve ? PayoutItemState::kQueued
                                 : PayoutItemState::kWithdrawn));
    items->setInt64(2, batch_id);
    items->executeUpdate();
    return Audit(c, caller,
                 approve ? "payout.batch.approve" : "payout.batch.decline",
                 batch_id, {{"note", note}});
  }));
  return Get(batch_id);
}

absl::StatusOr<PayoutBatchRecord> PayoutStore::Get(int64_t batch_id) {
  std::optional<PayoutBatchRecord> batch;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement(absl::StrCat("SELECT ", kBatchColumns,
                                        " FROM payout_batches WHERE id = ?")));
    select->setInt64(1, batch_id);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (!row->next()) return absl::OkStatus();
    batch = ReadBatch(db::Row(*row));
    std::unique_ptr<sql::PreparedStatement> items(
        c.prepareStatement(absl::StrCat(
            "SELECT ", kItemColumns,
            " FROM payout_items WHERE batch_id = ? ORDER BY line_no")));
    items->setInt64(1, batch_id);
    std::unique_ptr<sql::ResultSet> rows(items->executeQuery());
    while (rows->next()) batch->items.push_back(ReadItem(db::Row(*rows)));
    return absl::OkStatus();
  }));
  if (!batch.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("payout batch ", batch_id, " not found"));
  }
  return *std::move(batch);
}

absl::StatusOr<std::vector<MemberPayoutRecord>> PayoutStore::OfMember(
    int64_t member_id, int64_t before_id, int limit) {
  std::vector<MemberPayoutRecord> payouts;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    // Items of declined batches were never going to be paid: not shown.
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT i.id, i.line_no, i.member_id, i.card_id, i.amount_fen, "
        "i.reason, i.idempotency_key, i.state, i.bank_token, "
        "i.bank_reference, i.result, i.result_at, b.id AS batch_id, "
        "b.programme_id, COALESCE(p.name, b.programme_id) AS programme_name, "
        "b.title, b.created_at, c.county_id, c.org_id FROM payout_items i "
        "JOIN payout_batches b ON b.id = i.batch_id "
        "JOIN cards c ON c.id = i.card_id "
        "LEFT JOIN payout_programmes p ON p.id = b.programme_id "
        "WHERE i.member_id = ? AND i.id < ? AND i.state <> ? "
        "ORDER BY i.id DESC LIMIT ?"));
    select->setInt64(1, member_id);
    select->setInt64(2, before_id > 0 ? before_id : INT64_MAX);
    select->setInt(3,
                   kPayoutItemStateColumn.Encode(PayoutItemState::kWithdrawn));
    select->setInt(4, limit);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      const db::Row row(*rows);
      MemberPayoutRecord p;
      p.item = ReadItem(row);
      p.batch_id = row.Int64("batch_id");
      p.programme_id = row.String("programme_id");
      p.programme_name = row.String("programme_name");
      p.title = row.String("title");
      p.created_at = row.Time("created_at");
      p.card_county_id = row.String("county_id");
      p.card_org_id = row.String("org_id");
      payouts.push_back(std::move(p));
    }
    return absl::OkStatus();
  }));
  return payouts;
}

absl::StatusOr<std::vector<PayoutToSend>> PayoutStore::Queued(int limit) {
  std::vector<PayoutToSend> queued;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT i.id, i.idempotency_key, c.bank_token, i.amount_fen, "
        "b.programme_id, c.state AS card_state, "
        "c.live_member_id IS NOT NULL AS card_live FROM payout_items i "
        "JOIN payout_batches b ON b.id = i.batch_id "
        "JOIN cards c ON c.id = i.card_id "
        "WHERE i.state = ? ORDER BY i.id LIMIT ?"));
    select->setInt(1, kPayoutItemStateColumn.Encode(PayoutItemState::kQueued));
    select->setInt(2, limit);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      const db::Row row(*rows);
      PayoutToSend p;
      p.item_id = row.Int64("id");
      p.idempotency_key = row.String("idempotency_key");
      p.bank_token = row.OptionalString("bank_token").value_or("");
      p.amount_fen = row.Int64("amount_fen");
      p.programme_id = row.String("programme_id");
      p.card_payable =
          row.Enum("card_state", kCardStateColumn) == CardState::kActivated &&
          row.Bool("card_live");
      queued.push_back(std::move(p));
    }
    return absl::OkStatus();
  }));
  return queued;
}

absl::StatusOr<std::vector<PayoutAwaitingResult>> PayoutStore::AtBankSentBefore(
    absl::Time before, int64_t after_id, int limit) {
  std::vector<PayoutAwaitingResult> waiting;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT i.id, i.idempotency_key, i.bank_token, i.amount_fen, "
        "COALESCE(b.decided_at, b.created_at) AS approved_at, i.sent_at "
        "FROM payout_items i JOIN payout_batches b ON b.id = i.batch_id "
        "WHERE i.state = ? AND i.id > ? AND i.sent_at < ? "
        "ORDER BY i.id LIMIT ?"));
    select->setInt(1, kPayoutItemStateColumn.Encode(PayoutItemState::kAtBank));
    select->setInt64(2, after_id);
    select->setString(3, db::FormatSqlTimestamp(before));
    select->setInt(4, limit);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      const db::Row row(*rows);
      PayoutAwaitingResult p;
      p.item_id = row.Int64("id");
      p.idempotency_key = row.String("idempotency_key");
      p.bank_token = row.String("bank_token");
      p.amount_fen = row.Int64("amount_fen");
      p.approved_at = row.Time("approved_at");
      p.sent_at = row.Time("sent_at");
      waiting.push_back(std::move(p));
    }
    return absl::OkStatus();
  }));
  return waiting;
}

absl::Status PayoutStore::MarkAtBank(const std::vector<PayoutToSend>& sent) {
  return pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    // Only QUEUED items move: a result that overtook us stays as it is.
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE payout_items SET state = ?, bank_token = ?, "
        "sent_at = CURRENT_TIMESTAMP(6) WHERE id = ? AND state = ?"));
    for (const PayoutToSend& p : sent) {
      update->setInt(1,
                     kPayoutItemStateColumn.Encode(PayoutItemState::kAtBank));
      update->setString(2, p.bank_token);
      update->setInt64(3, p.item_id);
      update->setInt(4,
                     kPayoutItemStateColumn.Encode(PayoutItemState::kQueued));
      update->executeUpdate();
    }
    return absl::OkStatus();
  });
}

absl::Status PayoutStore::FailLocally(int64_t item_id, const std::string& why) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE payout_items SET state = ?, result = ?, "
        "result_at = CURRENT_TIMESTAMP(6) WHERE id = ? AND state = ?"));
    update->setInt(1, kPayoutItemStateColumn.Encode(PayoutItemState::kFailed));
    update->setString(2, why.substr(0, 200));
    update->setInt64(3, item_id);
    update->setInt(4, kPayoutItemStateColumn.Encode(PayoutItemState::kQueued));
    update->executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<PayoutStore::Applied> PayoutStore::ApplyOutcome(
    const PayoutOutcome& outcome) {
  Applied applied = Applied::kNow;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat("SELECT ", kItemColumns,
                     " FROM payout_items WHERE idempotency_key = ? "
                     "FOR UPDATE")));
    select->setString(1, outcome.idempotency_key);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (!row->next()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "no payout has idempotency key ", outcome.idempotency_key));
    }
    const PayoutItemRecord item = ReadItem(db::Row(*row));
    const PayoutItemState to =
        outcome.paid ? PayoutItemState::kPaid : PayoutItemState::kFailed;
    if (item.state == to) {
      applied = Applied::kBefore;
      return absl::OkStatus();
    }
    if (item.state != PayoutItemState::kQueued &&
        item.state != PayoutItemState::kAtBank) {
      return absl::FailedPreconditionError(absl::StrCat(
          "payout ", outcome.idempotency_key,
          " is settled already; the "
          "bank's contradicting result needs a person to look at it"));
    }
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE payout_items SET state = ?, bank_reference = ?, result = ?, "
        "result_at = ? WHERE id = ?"));
    update->setInt(1, kPayoutItemStateColumn.Encode(to));
    update->setString(2, outcome.bank_reference.substr(0, 64));
    update->setString(3, outcome.reason.substr(0, 200));
    update->setString(4, db::FormatSqlTimestamp(outcome.at));
    update->setInt64(5, item.id);
    update->executeUpdate();
    if (outcome.paid) {
      std::unique_ptr<sql::PreparedStatement> ledger(c.prepareStatement(
          "INSERT INTO payout_ledger (item_id, idempotency_key, bank_token, "
          "amount_fen, bank_reference, booked_at, business_day) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)"));
      ledger->setInt64(1, item.id);
      ledger->setString(2, item.idempotency_key);
      ledger->setString(3, item.bank_token);
      ledger->setInt64(4, item.amount_fen);
      ledger->setString(5, outcome.bank_reference.substr(0, 64));
      ledger->setString(6, db::FormatSqlTimestamp(outcome.at));
      ledger->setString(
          7, db::FormatSqlDate(absl::ToCivilDay(outcome.at, ChinaTime())));
      ledger->executeUpdate();
    }
    // A result read off the statement is card-svc's own finding, not a
    // report the bank sent: the audit trail keeps the two apart.
    const bool from_statement =
        outcome.source == PayoutOutcome::Source::kStatement;
    const auth::Principal by =
        from_statement ? auth::Principal{"card-svc", auth::Role::kService,
                                         "city",     "/city/",
                                         {},         {}}
                       : auth::Principal{"partner-bank",
                                         auth::Role::kPartnerBank,
                                         "bank",
                                         "/bank/",
                                         {},
                                         {}};
    const char* action = from_statement ? "payout.paid_per_statement"
                         : outcome.paid ? "payout.paid"
                                        : "payout.failed";
    return db::AppendAudit(c, {{by.subject,
                                std::string(auth::RoleName(by.role)),
                                action,
                                "payout_item",
                                outcome.idempotency_key,
                                {{"amount_fen", item.amount_fen},
                                 {"member_id", item.member_id},
                                 {"reason", outcome.reason}}}});
  }));
  return applied;
}

absl::StatusOr<std::vector<Movement>> PayoutStore::LedgerOfDay(
    absl::CivilDay day) {
  std::vector<Movement> movements;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT idempotency_key, bank_token, amount_fen FROM payout_ledger "
        "WHERE business_day = ? ORDER BY id"));
    select->setString(1, db::FormatSqlDate(day));
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      const db::Row row(*rows);
      movements.push_back({row.String("idempotency_key"),
                           row.String("bank_token"), row.Int64("amount_fen")});
    }
    return absl::OkStatus();
  }));
  return movements;
}

}  // namespace unioncard::card
