#include "card-svc/src/store/card_change_records.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "card-svc/src/domain/insurance_coverage.h"
#include "card-svc/src/store/card_columns.h"
#include "card-svc/src/store/card_rows.h"
#include "common/db/audit_log.h"
#include "common/db/multi_row_insert.h"
#include "common/db/row.h"
#include "common/db/sql_types.h"
#include "common/status/macros.h"
#include "common/text/utf8.h"
#include "common/time/china_time.h"

namespace unioncard::card {
namespace {

constexpr size_t kCardsPerStatement = 500;

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

void CardDayCounts::AddLive(const std::string& county, absl::Time at,
                            int64_t n) {
  deltas_[{county, absl::ToCivilDay(at, ChinaTime())}].live += n;
}

void CardDayCounts::Add(const RecordedChange& change) {
  const CardRecord& card = change.card;
  const CardState to = card.lifecycle.state;
  if (!change.from.has_value() || *change.from == to) return;
  const CardState from = *change.from;
  if (from == CardState::kSubmitted && to == CardState::kIssued &&
      card.issued_at.has_value()) {
    AddLive(card.county_id, *card.issued_at, 1);
  }
  if (from == CardState::kIssued && to == CardState::kActivated &&
      card.activated_at.has_value()) {
    const absl::CivilDay day =
        absl::ToCivilDay(*card.activated_at, ChinaTime());
    deltas_[{card.issued_county_id, day}].activated += 1;
  }
  if (IsLive(from) && !IsLive(to) && card.issued_at.has_value()) {
    // It ends at the change — or, if the bank's issue time is later than
    // our end time (clocks differ), it never counted: end it that day.
    AddLive(card.county_id, std::max(change.at, *card.issued_at), -1);
  }
}

void CardDayCounts::Move(const CardRecord& card, const std::string& to_county,
                         std::optional<absl::Time> ended_at) {
  if (!card.issued_at.has_value() || to_county == card.county_id) return;
  AddLive(card.county_id, *card.issued_at, -1);
  AddLive(to_county, *card.issued_at, 1);
  if (ended_at.has_value()) {
    const absl::Time ended = std::max(*ended_at, *card.issued_at);  // as Add
    AddLive(card.county_id, ended, 1);
    AddLive(to_county, ended, -1);
  }
}

absl::Status CardDayCounts::Write(sql::Connection& connection) const {
  std::vector<
      std::pair<const std::pair<std::string, absl::CivilDay>*, const Delta*>>
      rows;
  for (const auto& [key, delta] : deltas_) {
    if (delta.activated != 0 || delta.live != 0) rows.push_back({&key, &delta});
  }
  db::MultiRowInsert upsert(
      "INSERT INTO card_day_counts (county_id, day, activated, live) VALUES ",
      4,
      " ON DUPLICATE KEY UPDATE activated = activated + VALUES(activated), "
      "live = live + VALUES(live)");
  return upsert.Run(connection, rows.size(),
                    [&](sql::PreparedStatement& s, size_t i, int column) {
                      s.setString(column, rows[i].first->first);
                      s.setString(column + 1,
                                  absl::FormatCivilTime(rows[i].first->second));
                      s.setInt64(column + 2, rows[i].second->activated);
                      s.setInt64(column + 3, rows[i].second->live);
                    });
}

namespace {

using Spans = std::vector<CoverageSpan>;

// Day counts: +1 on a span's first day, -1 on the day after its last.
void CountSpans(const Spans& spans, int sign,
                std::map<absl::CivilDay, int64_t>& deltas) {
  for (const CoverageSpan& s : spans) {
    deltas[s.from] += sign;
    if (s.through.has_value()) deltas[*s.through + 1] -= sign;
  }
}

absl::Status WriteCoverage(sql::Connection& connection,
                           const std::vector<std::pair<int64_t, Spans>>& spans,
                           const std::map<absl::CivilDay, int64_t>& deltas) {
  std::vector<std::pair<int64_t, const CoverageSpan*>> rows;
  for (const auto& [member, member_spans] : spans) {
    for (const CoverageSpan& s : member_spans) rows.push_back({member, &s});
  }
  db::MultiRowInsert insert(
      "INSERT INTO coverage_spans (member_id, from_day, through_day) VALUES ",
      3);
  RETURN_IF_ERROR(insert.Run(
      connection, rows.size(),
      [&](sql::PreparedStatement& s, size_t i, int column) {
        s.setInt64(column, rows[i].first);
        s.setString(column + 1, absl::FormatCivilTime(rows[i].second->from));
        if (rows[i].second->through.has_value()) {
          s.setString(column + 2,
                      absl::FormatCivilTime(*rows[i].second->through));
        } else {
          s.setNull(column + 2, 0);
        }
      }));
  std::vector<std::pair<absl::CivilDay, int64_t>> changed;
  for (const auto& [day, n] : deltas) {
    if (n != 0) changed.push_back({day, n});
  }
  db::MultiRowInsert upsert(
      "INSERT INTO coverage_day_counts (day, covered) VALUES ", 2,
      " ON DUPLICATE KEY UPDATE covered = covered + VALUES(covered)");
  return upsert.Run(connection, changed.size(),
                    [&](sql::PreparedStatement& s, size_t i, int column) {
                      s.setString(column,
                                  absl::FormatCivilTime(changed[i].first));
                      s.setInt64(column + 1, changed[i].second);
                    });
}

// Coverage follows the days cards are issued and end and which card ends a
// chain (CoverageOf): a new card that replaces nothing, a move between two
// live states other than the issue, or a move to another union cannot
// change it — most of a batch's changes (requests, submissions,
// activations) skip the refresh.
bool MayChangeCoverage(const RecordedChange& change) {
  const CardState to = change.card.lifecycle.state;
  if (!change.from.has_value()) return change.card.replaces_card_id.has_value();
  const CardState from = *change.from;
  return IsLive(from) != IsLive(to) ||
         (from == CardState::kSubmitted && to == CardState::kIssued);
}

CoverageSpan ReadSpan(const db::Row& r) {
  CoverageSpan span;
  span.from = r.Day("from_day");
  span.through = r.OptionalDay("through_day");
  return span;
}

}  // namespace

absl::Status RefreshCoverage(sql::Connection& connection,
                             std::vector<int64_t> members) {
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  if (members.empty()) return absl::OkStatus();
  std::map<int64_t, std::vector<CardFacts>> cards;
  db::SelectIn<int64_t>(
      connection,
      absl::StrCat("SELECT ", kFactsColumns, " FROM cards WHERE member_id"),
      members, " ORDER BY member_id, id", [&](sql::ResultSet& r) {
        cards[db::Row(r).Int64("member_id")].push_back(ReadFacts(r));
      });
  std::map<int64_t, Spans> stored;
  db::SelectIn<int64_t>(
      connection,
      "SELECT member_id, from_day, through_day FROM "
      "coverage_spans WHERE member_id",
      members, " ORDER BY member_id, from_day FOR UPDATE",
      [&](sql::ResultSet& r) {
        const db::Row row(r);
        stored[row.Int64("member_id")].push_back(ReadSpan(row));
      });
  std::vector<std::pair<int64_t, Spans>> changed;
  std::map<absl::CivilDay, int64_t> deltas;
  for (int64_t member : members) {
    Spans now = CoveredDays(cards[member]);
    if (now == stored[member]) continue;
    CountSpans(stored[member], -1, deltas);
    CountSpans(now, 1, deltas);
    changed.push_back({member, std::move(now)});
  }
  if (changed.empty()) return absl::OkStatus();
  std::vector<int64_t> ids;
  for (const auto& [member, spans] : changed) ids.push_back(member);
  for (size_t start = 0; start < ids.size(); start += kCardsPerStatement) {
    const size_t n = std::min(kCardsPerStatement, ids.size() - start);
    std::unique_ptr<sql::PreparedStatement> forget(connection.prepareStatement(
        absl::StrCat("DELETE FROM coverage_spans WHERE member_id IN (",
                     db::Placeholders(n), ")")));
    for (size_t i = 0; i < n; ++i) {
      forget->setInt64(static_cast<int>(i + 1), ids[start + i]);
    }
    forget->executeUpdate();
  }
  return WriteCoverage(connection, changed, deltas);
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
          s.setInt(column + 1, kCardStateColumn.Encode(*change.from));
        } else {
          s.setNull(column + 1, 0);
        }
        s.setInt(column + 2,
                 kCardStateColumn.Encode(change.card.lifecycle.state));
        s.setString(column + 3, db::FormatSqlTimestamp(change.at));
        s.setString(column + 4, text::TruncateUtf8(change.reason, 200));
      }));

  std::vector<db::OutboxEvent> events;
  std::vector<db::AuditEntry> audit;
  events.reserve(changes.size());
  audit.reserve(changes.size());
  const std::string role(auth::RoleName(caller.role));
  for (const RecordedChange& change : changes) {
    const CardRecord& card = change.card;
    events.push_back({0, kCardStateColumn.Encode(card.lifecycle.state), card.id,
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
  RETURN_IF_ERROR(db::AppendAudit(connection, audit));
  CardDayCounts counts;
  std::vector<int64_t> members;
  for (const RecordedChange& change : changes) {
    counts.Add(change);
    if (MayChangeCoverage(change)) members.push_back(change.card.member_id);
  }
  RETURN_IF_ERROR(counts.Write(connection));
  return RefreshCoverage(connection, std::move(members));
}

std::map<int64_t, CardRecord> LockCards(sql::Connection& connection,
                                        const std::vector<int64_t>& card_ids) {
  std::map<int64_t, CardRecord> cards;
  db::SelectIn<int64_t>(
      connection, absl::StrCat("SELECT ", kCardColumns, " FROM cards WHERE id"),
      card_ids, " FOR UPDATE", [&](sql::ResultSet& r) {
        CardRecord card = ReadCard(r);
        cards[card.id] = std::move(card);
      });
  return cards;
}

absl::Status WriteCardStates(sql::Connection& connection,
                             const std::vector<CardStateRow>& rows) {
  // The new values as a derived table joined on the id: one statement for
  // many cards whose values all differ. The first SELECT names the columns.
  constexpr int kColumns = 11;
  // Types are given there too, not left to the first row's bound values.
  constexpr char kFirstRow[] =
      "SELECT CAST(? AS SIGNED) AS id, CAST(? AS SIGNED) AS state, "
      "CAST(? AS SIGNED) AS before_freeze, CAST(? AS CHAR) AS note, "
      "CAST(? AS CHAR) AS bank_token, CAST(? AS CHAR) AS last4, "
      "CAST(? AS CHAR) AS expiry, CAST(? AS CHAR) AS issued_county_id, "
      "CAST(? AS DATETIME(6)) AS issued_at, "
      "CAST(? AS DATETIME(6)) AS activated_at, "
      "CAST(? AS DATETIME(6)) AS ended_at";
  for (size_t start = 0; start < rows.size(); start += kCardsPerStatement) {
    const size_t n = std::min(kCardsPerStatement, rows.size() - start);
    std::string values = kFirstRow;
    for (size_t i = 1; i < n; ++i) {
      absl::StrAppend(&values, " UNION ALL SELECT ",
                      db::Placeholders(kColumns));
    }
    std::unique_ptr<sql::PreparedStatement> update(
        // The new values first, then each card by its primary key.
        connection.prepareStatement(absl::StrCat(
            "UPDATE (", values,
            ") v STRAIGHT_JOIN cards c ON c.id = v.id SET c.state = v.state, "
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
      update->setInt(column + 1, kCardStateColumn.Encode(card.lifecycle.state));
      update->setInt(column + 2,
                     kCardStateColumn.Encode(card.lifecycle.before_freeze));
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
