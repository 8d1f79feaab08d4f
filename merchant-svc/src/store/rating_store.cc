#include "merchant-svc/src/store/rating_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/db/audit_log.h"
#include "common/db/idempotency.h"
#include "common/db/row.h"
#include "common/db/sql_types.h"
#include "common/status/macros.h"
#include "merchant-svc/src/store/merchant_columns.h"

namespace unioncard::merchant {
namespace {

Evaluation ReadEvaluation(const db::Row& r) {
  Evaluation e;
  e.day = r.Day("day");
  e.standing = r.Enum("standing", kStandingColumn);
  e.ratings = r.Int("ratings");
  e.stars_total = r.Int64("stars_total");
  e.warning_since = r.OptionalDay("warning_since");
  e.reason = r.String("reason");
  return e;
}

constexpr char kEvaluationColumns[] =
    "day, standing, ratings, stars_total, warning_since, reason";

}  // namespace

absl::StatusOr<bool> RatingStore::Rate(int64_t merchant_id, int64_t member_id,
                                       int stars, const std::string& comment,
                                       absl::CivilDay day, bool edit) {
  bool replaced = false;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) -> absl::Status {
    // Without `edit` the insert is plain: the primary key refuses a second
    // rating of the month (ER_DUP_ENTRY), atomically.
    std::unique_ptr<sql::PreparedStatement> upsert(c.prepareStatement(
        edit ? "INSERT INTO ratings (merchant_id, member_id, month, stars, "
               "comment, day) VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY "
               "UPDATE stars = VALUES(stars), comment = VALUES(comment), "
               "day = VALUES(day)"
             : "INSERT IGNORE INTO ratings (merchant_id, member_id, month, "
               "stars, comment, day) VALUES (?, ?, ?, ?, ?, ?)"));
    upsert->setInt64(1, merchant_id);
    upsert->setInt64(2, member_id);
    upsert->setString(3, absl::FormatCivilTime(absl::CivilMonth(day)));
    upsert->setInt(4, stars);
    upsert->setString(5, comment.substr(0, 500));
    upsert->setString(6, db::FormatSqlDate(day));
    // MySQL: 1 row affected for an insert, 2 for an update, 0 when equal
    // (or, without `edit`, when the month's rating exists).
    const int affected = upsert->executeUpdate();
    if (!edit && affected == 0) {
      return absl::AlreadyExistsError(
          absl::StrCat("you rated merchant ", merchant_id, " in ",
                       absl::FormatCivilTime(absl::CivilMonth(day)),
                       " already; change that rating instead (edit = true)"));
    }
    replaced = affected != 1;
    return absl::OkStatus();
  }));
  return replaced;
}

absl::StatusOr<std::vector<Rating>> RatingStore::RatingsUpTo(
    int64_t merchant_id, absl::CivilDay day) {
  std::vector<Rating> ratings;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT member_id, day, stars FROM ratings WHERE merchant_id = ? AND "
        "day <= ? ORDER BY day, member_id"));
    select->setInt64(1, merchant_id);
    select->setString(2, db::FormatSqlDate(day));
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    int64_t sequence = 0;
    while (r->next()) {
      const db::Row row(*r);
      ratings.push_back({row.Int64("member_id"), row.Day("day"),
                         row.Int("stars"), ++sequence});
    }
    return absl::OkStatus();
  }));
  return ratings;
}

absl::StatusOr<InspectionRecord> RatingStore::RecordInspection(
    const auth::Principal& caller, const std::string& request_id,
    int64_t merchant_id, int score, const std::string& notes) {
  int64_t id = 0;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     db::RequestLedger::Claim(c, request_id, "RecordInspection",
                                              auth::CallerKey(caller)));
    if (earlier.has_value()) {
      id = std::stoll(*earlier);
      return absl::OkStatus();
    }
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO inspections (merchant_id, score, notes, inspector) "
        "VALUES (?, ?, ?, ?)"));
    insert->setInt64(1, merchant_id);
    insert->setInt(2, score);
    insert->setString(3, notes);
    insert->setString(4, caller.subject);
    insert->executeUpdate();
    id = db::LastInsertId(c);
    RETURN_IF_ERROR(
        db::AppendAudit(c, {{caller.subject,
                             std::string(auth::RoleName(caller.role)),
                             "merchant.inspection",
                             "merchant",
                             std::to_string(merchant_id),
                             {{"score", score}}}}));
    return db::RequestLedger::Complete(c, request_id, std::to_string(id));
  }));
  InspectionRecord record;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT id, merchant_id, score, notes, inspector, at FROM "
        "inspections WHERE id = ?"));
    select->setInt64(1, id);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    if (!r->next()) return absl::InternalError("inspection vanished");
    const db::Row row(*r);
    record = {row.Int64("id"),     row.Int64("merchant_id"), row.Int("score"),
              row.String("notes"), row.String("inspector"),  row.Time("at")};
    return absl::OkStatus();
  }));
  return record;
}

absl::StatusOr<std::optional<Evaluation>> RatingStore::EvaluationBefore(
    int64_t merchant_id, absl::CivilDay day) {
  std::optional<Evaluation> e;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat("SELECT ", kEvaluationColumns,
                     " FROM evaluations WHERE merchant_id = ? AND day < ? "
                     "ORDER BY day DESC LIMIT 1")));
    select->setInt64(1, merchant_id);
    select->setString(2, db::FormatSqlDate(day));
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    if (r->next()) e = ReadEvaluation(db::Row(*r));
    return absl::OkStatus();
  }));
  return e;
}

absl::StatusOr<std::optional<Evaluation>> RatingStore::LatestEvaluation(
    int64_t merchant_id) {
  return EvaluationBefore(merchant_id, absl::CivilDay(9999, 12, 31));
}

absl::Status RatingStore::SaveEvaluation(int64_t merchant_id,
                                         const Evaluation& e) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> upsert(c.prepareStatement(
        "REPLACE INTO evaluations (merchant_id, day, standing, ratings, "
        "stars_total, warning_since, reason) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    upsert->setInt64(1, merchant_id);
    upsert->setString(2, db::FormatSqlDate(e.day));
    upsert->setInt(3, kStandingColumn.Encode(e.standing));
    upsert->setInt(4, e.ratings);
    upsert->setInt64(5, e.stars_total);
    if (e.warning_since) {
      upsert->setString(6, db::FormatSqlDate(*e.warning_since));
    } else {
      upsert->setNull(6, 0);
    }
    upsert->setString(7, e.reason.substr(0, 500));
    upsert->executeUpdate();
    return absl::OkStatus();
  });
}

}  // namespace unioncard::merchant
