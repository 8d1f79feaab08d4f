#include "card-svc/src/store/card_change_records.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "card-svc/src/store/card_rows.h"
#include "common/db/audit_log.h"
#include "common/db/multi_row_insert.h"
#include "common/db/sql_types.h"
#include "common/status/macros.h"

namespace unioncard::card {
namespace {

constexpr size_t kCardsPerStatement = 500;

// "?,?,…" for n values.
std::string Marks(size_t n) {
  std::string marks;
  for (size_t i = 0; i < n; ++i) marks += i == 0 ? "?" : ",?";
  return marks;
}

void SetOptionalText(sql::PreparedStatement& s, int column,
                     const std::string& text) {
  if (text.empty()) {
    s.setNull(column, 0);
  } else {
    s.setString(column, text);
  }
}

void SetOptionalTime(sql::PreparedStatement& s, int column,
                     const std::optional<absl::Time>& t) {
  if (t.has_value()) {
    s.setString(column, db::FormatSqlTimestamp(*t));
  } else {
    s.setNull(column, 0);
  }
}

}  // namespace

absl::Time ToStoredPrecision(absl::Time t) {
  return absl::FromUnixMicros(absl::ToUnixMicros(t));
}

absl::Status RecordChanges(sql::Connection& connection,
                           const db::EventOutbox& outbox,
                           const CardFeedEncoder& encoder,
                           const auth::Principal& caller,
                           const std::vector<RecordedChange>& changes) {
  if (changes.empty()) return absl::OkStatus();
  db::MultiRowInsert history(
      "INSERT INTO card_history (card_id, from_state, to_state, at, reason) "
      "VALUES ",
      5);
  RETURN_IF_ERROR(history.Run(
      connection, changes.size(),
      [&](sql::PreparedStatement& s, size_t i, int column) {
        const RecordedChange& change = changes[i];
        s.setInt64(column, change.card.id);
        if (change.from.has_value()) {
          s.setInt(column + 1, static_cast<int>(*change.from));
        } else {
          s.setNull(column + 1, 0);
        }
        s.setInt(column + 2, static_cast<int>(change.card.lifecycle.state));
        s.setString(column + 3, db::FormatSqlTimestamp(change.at));
        s.setString(column + 4, change.reason.substr(0, 200));
      }));

  std::vector<db::OutboxEvent> events;
  std::vector<db::AuditEntry> audit;
  events.reserve(changes.size());
  audit.reserve(changes.size());
  const std::string role(auth::RoleName(caller.role));
  for (const RecordedChange& change : changes) {
    const CardRecord& card = change.card;
    events.push_back({0, static_cast<int>(card.lifecycle.state), card.id,
                      encoder.CardChanged(card, change.from, change.at)});
    audit.push_back({caller.subject,
                     role,
                     change.action,
                     "card",
                     std::to_string(card.id),
                     {{"member_id", card.member_id},
                      {"state", CardStateName(card.lifecycle.state)},
                      {"reason", change.reason}}});
  }
  RETURN_IF_ERROR(outbox.Append(connection, events));
  return db::AppendAudit(connection, audit);
}

std::map<int64_t, CardRecord> LockCards(sql::Connection& connection,
                                        const std::vector<int64_t>& card_ids) {
  std::map<int64_t, CardRecord> cards;
  for (size_t start = 0; start < card_ids.size(); start += kCardsPerStatement) {
    const size_t n = std::min(kCardsPerStatement, card_ids.size() - start);
    std::unique_ptr<sql::PreparedStatement> select(connection.prepareStatement(
        absl::StrCat("SELECT ", kCardColumns, " FROM cards WHERE id IN (",
                     Marks(n), ") FOR UPDATE")));
    for (size_t i = 0; i < n; ++i) {
      select->setInt64(static_cast<int>(i + 1), card_ids[start + i]);
    }
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      CardRecord card = ReadCard(*rows);
      cards[card.id] = std::move(card);
    }
  }
  return cards;
}

absl::Status WriteCardStates(sql::Connection& connection,
                             const std::vector<CardStateRow>& rows) {
  // The new values as a derived table joined on the id: one statement for
  // many cards whose values all differ. The first SELECT names the columns.
  constexpr int kColumns = 11;
  constexpr char kFirstRow[] =
      "SELECT ? AS id, ? AS state, ? AS before_freeze, ? AS note, "
      "? AS bank_token, ? AS last4, ? AS expiry, ? AS issued_county_id, "
      "? AS issued_at, ? AS activated_at, ? AS ended_at";
  for (size_t start = 0; start < rows.size(); start += kCardsPerStatement) {
    const size_t n = std::min(kCardsPerStatement, rows.size() - start);
    std::string values = kFirstRow;
    for (size_t i = 1; i < n; ++i) {
      absl::StrAppend(&values, " UNION ALL SELECT ", Marks(kColumns));
    }
    std::unique_ptr<sql::PreparedStatement> update(
        connection.prepareStatement(absl::StrCat(
            "UPDATE cards c JOIN (", values,
            ") v ON c.id = v.id SET c.state = v.state, "
            "c.before_freeze = v.before_freeze, c.note = v.note, "
            "c.bank_token = v.bank_token, c.last4 = v.last4, "
            "c.expiry = v.expiry, c.issued_county_id = v.issued_county_id, "
            "c.issued_at = v.issued_at, c.activated_at = v.activated_at, "
            "c.ended_at = COALESCE(v.ended_at, c.ended_at), "
            "c.updated_at = CURRENT_TIMESTAMP(6)")));
    for (size_t i = 0; i < n; ++i) {
      const CardRecord& card = *rows[start + i].card;
      const int column = static_cast<int>(i) * kColumns + 1;
      update->setInt64(column, card.id);
      update->setInt(column + 1, static_cast<int>(card.lifecycle.state));
      update->setInt(column + 2,
                     static_cast<int>(card.lifecycle.before_freeze));
      update->setString(column + 3, card.note);
      SetOptionalText(*update, column + 4, card.bank_token);
      SetOptionalText(*update, column + 5, card.last4);
      SetOptionalText(*update, column + 6, card.expiry);
      SetOptionalText(*update, column + 7, card.issued_county_id);
      SetOptionalTime(*update, column + 8, card.issued_at);
      SetOptionalTime(*update, column + 9, card.activated_at);
      SetOptionalTime(*update, column + 10, rows[start + i].ended_at);
    }
    update->executeUpdate();
  }
  return absl::OkStatus();
}

}  // namespace unioncard::card
