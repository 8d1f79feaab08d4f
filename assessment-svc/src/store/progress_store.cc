#include "assessment-svc/src/store/progress_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "common/db/sql_types.h"
#include "common/status/macros.h"

namespace unioncard::assessment {

absl::Status ProgressStore::RecordIssued(int64_t card_id, int64_t member_id,
                                         const std::string& county_id,
                                         absl::CivilDay day) {
  return pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    const std::string d = db::FormatSqlDate(day);
    // The member's earliest issue wins (county first: it reads the old day).
    std::unique_ptr<sql::PreparedStatement> first(c.prepareStatement(
        "INSERT INTO first_issues (member_id, county_id, issued_day) "
        "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
        "county_id = IF(VALUES(issued_day) < issued_day, VALUES(county_id), "
        "county_id), issued_day = LEAST(issued_day, VALUES(issued_day))"));
    first->setInt64(1, member_id);
    first->setString(2, county_id);
    first->setString(3, d);
    first->executeUpdate();
    std::unique_ptr<sql::PreparedStatement> span(c.prepareStatement(
        "INSERT IGNORE INTO card_spans (card_id, member_id, county_id, "
        "issued_day) VALUES (?, ?, ?, ?)"));
    span->setInt64(1, card_id);
    span->setInt64(2, member_id);
    span->setString(3, county_id);
    span->setString(4, d);
    span->executeUpdate();
    return absl::OkStatus();
  });
}

absl::Status ProgressStore::RecordActivated(int64_t card_id,
                                            const std::string& county_id,
                                            absl::CivilDay day) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT IGNORE INTO activations (card_id, county_id, day) "
        "VALUES (?, ?, ?)"));
    insert->setInt64(1, card_id);
    insert->setString(2, county_id);
    insert->setString(3, db::FormatSqlDate(day));
    insert->executeUpdate();
    return absl::OkStatus();
  });
}

absl::Status ProgressStore::RecordEnded(int64_t card_id, absl::CivilDay day) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE card_spans SET ended_day = ? WHERE card_id = ? AND "
        "ended_day IS NULL"));
    update->setString(1, db::FormatSqlDate(day));
    update->setInt64(2, card_id);
    update->executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::map<std::string, CountyProgress>> ProgressStore::ProgressOn(
    absl::CivilDay from, absl::CivilDay day) {
  std::map<std::string, CountyProgress> progress;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    const std::string f = db::FormatSqlDate(from);
    const std::string d = db::FormatSqlDate(day);
    std::unique_ptr<sql::PreparedStatement> issued(c.prepareStatement(
        "SELECT county_id, SUM(issued_day >= ?), COUNT(*) FROM first_issues "
        "WHERE issued_day <= ? GROUP BY county_id"));
    issued->setString(1, f);
    issued->setString(2, d);
    std::unique_ptr<sql::ResultSet> r(issued->executeQuery());
    while (r->next()) {
      CountyProgress& p = progress[r->getString(1)];
      p.issued_in_range = r->getInt64(2);
      p.issued_cumulative = r->getInt64(3);
    }
    std::unique_ptr<sql::PreparedStatement> live(c.prepareStatement(
        "SELECT county_id, COUNT(DISTINCT member_id) FROM card_spans WHERE "
        "issued_day <= ? AND (ended_day IS NULL OR ended_day > ?) "
        "GROUP BY county_id"));
    live->setString(1, d);
    live->setString(2, d);
    r.reset(live->executeQuery());
    while (r->next()) progress[r->getString(1)].live_cards = r->getInt64(2);
    std::unique_ptr<sql::PreparedStatement> activated(c.prepareStatement(
        "SELECT county_id, COUNT(*) FROM activations WHERE day <= ? "
        "GROUP BY county_id"));
    activated->setString(1, d);
    r.reset(activated->executeQuery());
    while (r->next()) progress[r->getString(1)].activated = r->getInt64(2);
    return absl::OkStatus();
  }));
  return progress;
}

}  // namespace unioncard::assessment
