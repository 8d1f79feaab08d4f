#include "assessment-svc/src/store/progress_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>

#include "common/db/row.h"
#include "common/db/sql_types.h"
#include "common/status/macros.h"

namespace unioncard::assessment {
namespace {

// Moves the day's counters of a county, in the caller's transaction.
void AddToDay(sql::Connection& c, const std::string& county, absl::CivilDay day,
              int64_t first_issues, int64_t live, int64_t activations) {
  std::unique_ptr<sql::PreparedStatement> add(c.prepareStatement(
      "INSERT INTO daily_cards (county_id, day, first_issues, live_delta, "
      "activations) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
      "first_issues = first_issues + VALUES(first_issues), "
      "live_delta = live_delta + VALUES(live_delta), "
      "activations = activations + VALUES(activations)"));
  add->setString(1, county);
  add->setString(2, db::FormatSqlDate(day));
  add->setInt64(3, first_issues);
  add->setInt64(4, live);
  add->setInt64(5, activations);
  add->executeUpdate();
}

void AddMembers(sql::Connection& c, const std::string& county,
                absl::CivilDay day, int64_t delta) {
  std::unique_ptr<sql::PreparedStatement> add(c.prepareStatement(
      "INSERT INTO daily_members (county_id, day, delta) VALUES (?, ?, ?) "
      "ON DUPLICATE KEY UPDATE delta = delta + VALUES(delta)"));
  add->setString(1, county);
  add->setString(2, db::FormatSqlDate(day));
  add->setInt64(3, delta);
  add->executeUpdate();
}

struct Row {
  std::string county;
  absl::CivilDay day;
};

// The (county, day) of `key` in `table`, locked; nullopt when absent.
std::optional<Row> Locked(sql::Connection& c, const char* select, int64_t key) {
  std::unique_ptr<sql::PreparedStatement> s(c.prepareStatement(select));
  s->setInt64(1, key);
  std::unique_ptr<sql::ResultSet> r(s->executeQuery());
  if (!r->next()) return std::nullopt;
  const db::Row row(*r);
  return Row{row.String("county_id"), row.Day("issued_day")};
}

}  // namespace

absl::Status ProgressStore::RecordIssued(int64_t card_id, int64_t member_id,
                                         const std::string& county_id,
                                         absl::CivilDay day) {
  return pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    const std::string d = db::FormatSqlDate(day);
    // The member's earliest issue is its first card, where it was issued.
    std::optional<Row> first = Locked(
        c,
        "SELECT county_id, issued_day FROM first_issues WHERE member_id = ? "
        "FOR UPDATE",
        member_id);
    if (!first || day < first->day) {
      std::unique_ptr<sql::PreparedStatement> put(c.prepareStatement(
          "INSERT INTO first_issues (member_id, county_id, issued_day) "
          "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
          "county_id = VALUES(county_id), issued_day = VALUES(issued_day)"));
      put->setInt64(1, member_id);
      put->setString(2, county_id);
      put->setString(3, d);
      put->executeUpdate();
      if (first) AddToDay(c, first->county, first->day, -1, 0, 0);
      AddToDay(c, county_id, day, 1, 0, 0);
    }
    std::unique_ptr<sql::PreparedStatement> span(c.prepareStatement(
        "INSERT IGNORE INTO card_spans (card_id, member_id, county_id, "
        "issued_day) VALUES (?, ?, ?, ?)"));
    span->setInt64(1, card_id);
    span->setInt64(2, member_id);
    span->setString(3, county_id);
    span->setString(4, d);
    if (span->executeUpdate() == 1) AddToDay(c, county_id, day, 0, 1, 0);
    return absl::OkStatus();
  });
}

absl::Status ProgressStore::RecordActivated(int64_t card_id,
                                            const std::string& county_id,
                                            absl::CivilDay day) {
  return pool_->InTransaction([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT IGNORE INTO activations (card_id, county_id, day) "
        "VALUES (?, ?, ?)"));
    insert->setInt64(1, card_id);
    insert->setString(2, county_id);
    insert->setString(3, db::FormatSqlDate(day));
    if (insert->executeUpdate() == 1) AddToDay(c, county_id, day, 0, 0, 1);
    return absl::OkStatus();
  });
}

absl::Status ProgressStore::RecordEnded(int64_t card_id, absl::CivilDay day) {
  return pool_->InTransaction([&](sql::Connection& c) {
    std::optional<Row> span = Locked(
        c,
        "SELECT county_id, issued_day FROM card_spans WHERE card_id = ? AND "
        "ended_day IS NULL FOR UPDATE",
        card_id);
    if (!span) return absl::OkStatus();  // never issued, or ended already
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE card_spans SET ended_day = ? WHERE card_id = ?"));
    update->setString(1, db::FormatSqlDate(day));
    update->setInt64(2, card_id);
    update->executeUpdate();
    AddToDay(c, span->county, day, 0, -1, 0);
    return absl::OkStatus();
  });
}

absl::Status ProgressStore::RecordMember(int64_t member_id,
                                         const std::string& county_id,
                                         bool counted, absl::CivilDay day) {
  return pool_->InTransaction([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT county_id, counted FROM member_states WHERE member_id = ? "
        "FOR UPDATE"));
    select->setInt64(1, member_id);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    std::optional<std::pair<std::string, bool>> before;
    if (r->next()) {
      const db::Row row(*r);
      before.emplace(row.String("county_id"), row.Bool("counted"));
    }
    if (before && before->first == county_id && before->second == counted) {
      return absl::OkStatus();  // the same event again, or no change
    }
    if (before && before->second) AddMembers(c, before->first, day, -1);
    if (counted) AddMembers(c, county_id, day, 1);
    std::unique_ptr<sql::PreparedStatement> put(c.prepareStatement(
        "INSERT INTO member_states (member_id, county_id, counted) "
        "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
        "county_id = VALUES(county_id), counted = VALUES(counted)"));
    put->setInt64(1, member_id);
    put->setString(2, county_id);
    put->setInt(3, counted ? 1 : 0);
    put->executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::map<std::string, CountyProgress>> ProgressStore::ProgressOn(
    absl::CivilDay from, absl::CivilDay day) {
  std::map<std::string, CountyProgress> progress;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    const std::string d = db::FormatSqlDate(day);
    std::unique_ptr<sql::PreparedStatement> cards(c.prepareStatement(
        "SELECT county_id, "
        "SUM(IF(day >= ?, first_issues, 0)) AS issued_in_range, "
        "SUM(first_issues) AS issued_cumulative, "
        "SUM(live_delta) AS live_cards, SUM(activations) AS activated "
        "FROM daily_cards WHERE day <= ? GROUP BY county_id"));
    cards->setString(1, db::FormatSqlDate(from));
    cards->setString(2, d);
    std::unique_ptr<sql::ResultSet> r(cards->executeQuery());
    while (r->next()) {
      const db::Row row(*r);
      CountyProgress& p = progress[row.String("county_id")];
      p.issued_in_range = row.Int64("issued_in_range");
      p.issued_cumulative = row.Int64("issued_cumulative");
      p.live_cards = row.Int64("live_cards");
      p.activated = row.Int64("activated");
    }
    std::unique_ptr<sql::PreparedStatement> members(c.prepareStatement(
        "SELECT county_id, SUM(delta) AS members FROM daily_members "
        "WHERE day <= ? "
        "GROUP BY county_id"));
    members->setString(1, d);
    r.reset(members->executeQuery());
    while (r->next()) {
      const db::Row row(*r);
      progress[row.String("county_id")].members = row.Int64("members");
    }
    return absl::OkStatus();
  }));
  return progress;
}

}  // namespace unioncard::assessment
