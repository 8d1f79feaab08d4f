#include "assessment-svc/src/store/incident_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "assessment-svc/src/store/assessment_columns.h"
#include "assessment-svc/src/store/assessment_store.h"
#include "common/db/audit_log.h"
#include "common/db/row.h"
#include "common/db/sql_types.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"

namespace unioncard::assessment {
namespace {

constexpr char kColumns[] =
    "SELECT id, unit_code, kind, day, note, entered_by, withdrawn_reason "
    "FROM incidents ";

Incident FromRow(const db::Row& r) {
  Incident i;
  i.id = r.Int64("id");
  i.unit_code = r.String("unit_code");
  i.kind = r.Enum("kind", kIncidentKindColumn);
  i.day = r.Day("day");
  i.note = r.String("note");
  i.entered_by = r.String("entered_by");
  i.withdrawn_reason = r.OptionalString("withdrawn_reason");
  return i;
}

std::optional<Incident> SelectOne(sql::Connection& c, const std::string& where,
                                  const std::string& key) {
  std::unique_ptr<sql::PreparedStatement> select(
      c.prepareStatement(absl::StrCat(kColumns, where, " FOR UPDATE")));
  select->setString(1, key);
  std::unique_ptr<sql::ResultSet> r(select->executeQuery());
  if (!r->next()) return std::nullopt;
  return FromRow(db::Row(*r));
}

db::AuditEntry Audit(const auth::Principal& caller, const std::string& action,
                     const Incident& i) {
  return {caller.subject,
          std::string(auth::RoleName(caller.role)),
          action,
          "incident",
          std::to_string(i.id),
          {{"unit_code", i.unit_code},
           {"kind", kIncidentKindColumn.Encode(i.kind)},
           {"day", absl::FormatCivilTime(i.day)},
           {"note", i.note},
           {"withdrawn_reason", i.withdrawn_reason.value_or("")}}};
}

}  // namespace

absl::StatusOr<Incident> IncidentStore::Add(const auth::Principal& caller,
                                            const std::string& request_id,
                                            const Incident& incident) {
  Incident stored;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    if (auto earlier = SelectOne(c, "WHERE request_id = ?", request_id)) {
      if (earlier->unit_code != incident.unit_code ||
          earlier->kind != incident.kind || earlier->day != incident.day) {
        return status::InvalidField(
            "request_id",
            absl::StrCat("was already used for incident ", earlier->id,
                         " of another unit, kind "
                         "or date"));
      }
      stored = *earlier;
      return absl::OkStatus();
    }
    RETURN_IF_ERROR(ChangeInputsOf(c, static_cast<int>(incident.day.year())));
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO incidents (request_id, unit_code, kind, day, note, "
        "entered_by) VALUES (?, ?, ?, ?, ?, ?)"));
    insert->setString(1, request_id);
    insert->setString(2, incident.unit_code);
    insert->setInt(3, kIncidentKindColumn.Encode(incident.kind));
    insert->setString(4, db::FormatSqlDate(incident.day));
    insert->setString(5, incident.note);
    insert->setString(6, caller.subject);
    insert->executeUpdate();
    stored = incident;
    stored.id = db::LastInsertId(c);
    stored.entered_by = caller.subject;
    stored.withdrawn_reason.reset();
    return db::AppendAudit(c,
                           {Audit(caller, "assessment.incident.add", stored)});
  }));
  return stored;
}

absl::StatusOr<Incident> IncidentStore::Withdraw(const auth::Principal& caller,
                                                 int64_t id,
                                                 const std::string& reason) {
  Incident stored;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    std::optional<Incident> found =
        SelectOne(c, "WHERE id = ?", std::to_string(id));
    if (!found) {
      return absl::NotFoundError(absl::StrCat("there is no incident ", id));
    }
    stored = *found;
    if (stored.withdrawn_reason) return absl::OkStatus();
    RETURN_IF_ERROR(ChangeInputsOf(c, static_cast<int>(stored.day.year())));
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE incidents SET withdrawn_reason = ?, withdrawn_by = ? "
        "WHERE id = ?"));
    update->setString(1, reason);
    update->setString(2, caller.subject);
    update->setInt64(3, id);
    update->executeUpdate();
    stored.withdrawn_reason = reason;
    return db::AppendAudit(
        c, {Audit(caller, "assessment.incident.withdraw", stored)});
  }));
  return stored;
}

absl::StatusOr<std::vector<Incident>> IncidentStore::OfYear(
    int year, const std::string& unit_code) {
  std::vector<Incident> incidents;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat(kColumns,
                     "WHERE day BETWEEN ? AND ? AND (? = '' OR unit_code = ?) "
                     "ORDER BY day, id")));
    select->setString(1, db::FormatSqlDate(absl::CivilDay(year, 1, 1)));
    select->setString(2, db::FormatSqlDate(absl::CivilDay(year, 12, 31)));
    select->setString(3, unit_code);
    select->setString(4, unit_code);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    while (r->next()) incidents.push_back(FromRow(db::Row(*r)));
    return absl::OkStatus();
  }));
  return incidents;
}

std::map<std::string, IncidentCounts> CountIncidents(
    const std::vector<Incident>& incidents) {
  std::map<std::string, IncidentCounts> counts;
  for (const Incident& i : incidents) {
    if (i.withdrawn_reason) continue;
    IncidentCounts& c = counts[i.unit_code];
    (i.kind == IncidentKind::kOmission ? c.omissions : c.criticisms) += 1;
  }
  return counts;
}

}  // namespace unioncard::assessment
