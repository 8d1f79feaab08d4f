#include "assessment-svc/src/store/regular_items_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "assessment-svc/src/store/assessment_store.h"
#include "common/db/audit_log.h"
#include "common/db/row.h"
#include "common/status/macros.h"

namespace unioncard::assessment {

absl::Status RegularItemsStore::Set(const auth::Principal& caller, int year,
                                    const std::string& unit_code,
                                    const RegularItems& items) {
  return pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    RETURN_IF_ERROR(ChangeInputsOf(c, year));
    std::unique_ptr<sql::PreparedStatement> upsert(c.prepareStatement(
        "INSERT INTO regular_items (year, unit_code, leadership_halves, "
        "measures_halves, omissions, criticisms, updated_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
        "leadership_halves = VALUES(leadership_halves), "
        "measures_halves = VALUES(measures_halves), "
        "omissions = VALUES(omissions), criticisms = VALUES(criticisms), "
        "updated_by = VALUES(updated_by)"));
    upsert->setInt(1, year);
    upsert->setString(2, unit_code);
    upsert->setInt64(3, items.leadership.halves());
    upsert->setInt64(4, items.measures.halves());
    upsert->setInt(5, items.omissions);
    upsert->setInt(6, items.criticisms);
    upsert->setString(7, caller.subject);
    upsert->executeUpdate();
    return db::AppendAudit(c, {{caller.subject,
                                std::string(auth::RoleName(caller.role)),
                                "assessment.regular_items",
                                "unit_year",
                                unit_code + "/" + std::to_string(year),
                                {{"leadership", items.leadership.ToString()},
                                 {"measures", items.measures.ToString()},
                                 {"omissions", items.omissions},
                                 {"criticisms", items.criticisms}}}});
  });
}

absl::StatusOr<std::map<std::string, RegularItemsRecord>>
RegularItemsStore::OfYear(int year) {
  std::map<std::string, RegularItemsRecord> entries;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT unit_code, leadership_halves, measures_halves, omissions, "
        "criticisms, updated_by FROM regular_items WHERE year = ?"));
    select->setInt(1, year);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    while (r->next()) {
      const db::Row row(*r);
      RegularItemsRecord& e = entries[row.String("unit_code")];
      e.items.leadership = Score::Halves(row.Int64("leadership_halves"));
      e.items.measures = Score::Halves(row.Int64("measures_halves"));
      e.items.omissions = row.Int("omissions");
      e.items.criticisms = row.Int("criticisms");
      e.updated_by = row.String("updated_by");
    }
    return absl::OkStatus();
  }));
  return entries;
}

}  // namespace unioncard::assessment
