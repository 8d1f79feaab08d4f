#include "assessment-svc/src/store/plan_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/db/audit_log.h"
#include "common/db/multi_row_insert.h"
#include "common/db/row.h"
#include "common/db/sql_types.h"
#include "common/status/macros.h"

namespace unioncard::assessment {
namespace {

// plans.state, as stored (the numbers of assessment.v1.PlanState): named
// here so that no state is a bare number in the SQL below.
constexpr int kPlanDraft = 1;
constexpr int kPlanApproved = 2;

// The plan `where` selects (one parameter, bound as a string), with its
// units; nullopt when there is none.
std::optional<StoredPlan> Load(sql::Connection& c, const std::string& where,
                               const std::string& key, bool lock) {
  std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
      absl::StrCat("SELECT plan_id, first_year, last_year, state, created_by, "
                   "approved_by FROM plans ",
                   where, lock ? " FOR UPDATE" : "")));
  select->setString(1, key);
  std::unique_ptr<sql::ResultSet> r(select->executeQuery());
  if (!r->next()) return std::nullopt;
  const db::Row plan(*r);
  StoredPlan p;
  p.plan_id = plan.Int64("plan_id");
  p.first_year = plan.Int("first_year");
  p.last_year = plan.Int("last_year");
  p.approved = plan.Int("state") == kPlanApproved;
  p.created_by = plan.String("created_by");
  p.approved_by = plan.OptionalString("approved_by").value_or("");
  std::unique_ptr<sql::PreparedStatement> units(c.prepareStatement(
      "SELECT year, unit_code, coverage_target, members_base, plan "
      "FROM plan_units WHERE plan_id = ? ORDER BY year, unit_code"));
  units->setInt64(1, p.plan_id);
  r.reset(units->executeQuery());
  while (r->next()) {
    const db::Row unit(*r);
    p.units.push_back({unit.Int("year"), unit.String("unit_code"),
                       unit.String("coverage_target"),
                       unit.Int64("members_base"), unit.Int64("plan")});
  }
  return p;
}

absl::StatusOr<StoredPlan> LoadById(sql::Connection& c, int64_t plan_id,
                                    bool lock) {
  std::optional<StoredPlan> p =
      Load(c, "WHERE plan_id = ?", std::to_string(plan_id), lock);
  if (!p)
    return absl::NotFoundError(absl::StrCat("there is no plan ", plan_id));
  return *std::move(p);
}

db::AuditEntry Audit(const auth::Principal& caller, const std::string& action,
                     int64_t plan_id, nlohmann::json detail) {
  return {caller.subject,
          std::string(auth::RoleName(caller.role)),
          action,
          "plan",
          std::to_string(plan_id),
          std::move(detail)};
}

}  // namespace

absl::StatusOr<StoredPlan> PlanStore::Create(const auth::Principal& caller,
                                             const std::string& request_id,
                                             const StoredPlan& plan) {
  StoredPlan stored;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    if (auto earlier = Load(c, "WHERE request_id = ?", request_id, true)) {
      stored = *std::move(earlier);
      return absl::OkStatus();
    }
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        absl::StrCat("INSERT INTO plans (request_id, first_year, last_year, "
                     "state, created_by) VALUES (?, ?, ?, ",
                     kPlanDraft, ", ?)")));
    insert->setString(1, request_id);
    insert->setInt(2, plan.first_year);
    insert->setInt(3, plan.last_year);
    insert->setString(4, caller.subject);
    insert->executeUpdate();
    const int64_t plan_id = db::LastInsertId(c);
    db::MultiRowInsert units(
        "INSERT INTO plan_units (plan_id, year, unit_code, coverage_target, "
        "members_base, plan) VALUES ",
        6);
    RETURN_IF_ERROR(
        units.Run(c, plan.units.size(),
                  [&](sql::PreparedStatement& s, size_t i, int column) {
                    const PlanUnitRow& u = plan.units[i];
                    s.setInt64(column, plan_id);
                    s.setInt(column + 1, u.year);
                    s.setString(column + 2, u.unit_code);
                    s.setString(column + 3, u.coverage_target);
                    s.setInt64(column + 4, u.members_base);
                    s.setInt64(column + 5, u.plan);
                  }));
    RETURN_IF_ERROR(
        db::AppendAudit(c, {Audit(caller, "assessment.plan.generate", plan_id,
                                  {{"first_year", plan.first_year},
                                   {"last_year", plan.last_year}})}));
    ASSIGN_OR_RETURN(stored, LoadById(c, plan_id, false));
    return absl::OkStatus();
  }));
  return stored;
}

absl::StatusOr<StoredPlan> PlanStore::Get(int64_t plan_id) {
  StoredPlan stored;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(stored, LoadById(c, plan_id, false));
    return absl::OkStatus();
  }));
  return stored;
}

absl::StatusOr<StoredPlan> PlanStore::UpdateUnit(const auth::Principal& caller,
                                                 int64_t plan_id, int year,
                                                 const std::string& unit_code,
                                                 int64_t plan) {
  StoredPlan stored;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(StoredPlan p, LoadById(c, plan_id, true));
    if (p.approved) {
      return absl::FailedPreconditionError(
          absl::StrCat("plan ", plan_id, " was approved by ", p.approved_by,
                       " and is frozen; generate a new plan to change it"));
    }
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE plan_units SET plan = ? WHERE plan_id = ? AND year = ? AND "
        "unit_code = ?"));
    update->setInt64(1, plan);
    update->setInt64(2, plan_id);
    update->setInt(3, year);
    update->setString(4, unit_code);
    // Rows matched, not changed: setting the same figure again is fine.
    if (update->executeUpdate() == 0) {
      bool exists = false;
      for (const PlanUnitRow& u : p.units) {
        exists |= u.year == year && u.unit_code == unit_code;
      }
      if (!exists) {
        return absl::NotFoundError(absl::StrCat(
            "plan ", plan_id, " has no unit ", unit_code, " in ", year));
      }
    }
    RETURN_IF_ERROR(db::AppendAudit(
        c,
        {Audit(caller, "assessment.plan.edit", plan_id,
               {{"year", year}, {"unit_code", unit_code}, {"plan", plan}})}));
    ASSIGN_OR_RETURN(stored, LoadById(c, plan_id, false));
    return absl::OkStatus();
  }));
  return stored;
}

absl::StatusOr<StoredPlan> PlanStore::Approve(
    const auth::Principal& caller, int64_t plan_id,
    const std::function<absl::Status(const StoredPlan&)>& check) {
  StoredPlan stored;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(stored, LoadById(c, plan_id, true));
    if (stored.approved) return absl::OkStatus();
    RETURN_IF_ERROR(check(stored));
    // Approvals serialise on the approved plans they could overlap.
    std::unique_ptr<sql::PreparedStatement> overlap(c.prepareStatement(
        absl::StrCat("SELECT plan_id FROM plans WHERE state = ", kPlanApproved,
                     " AND first_year <= ? AND last_year >= ? LIMIT 1 FOR "
                     "UPDATE")));
    overlap->setInt(1, stored.last_year);
    overlap->setInt(2, stored.first_year);
    std::unique_ptr<sql::ResultSet> r(overlap->executeQuery());
    if (r->next()) {
      return absl::FailedPreconditionError(
          absl::StrCat("approved plan ", db::Row(*r).Int64("plan_id"),
                       " already covers some of ", stored.first_year, "–",
                       stored.last_year));
    }
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        absl::StrCat("UPDATE plans SET state = ", kPlanApproved,
                     ", approved_by = ? WHERE plan_id = ?")));
    update->setString(1, caller.subject);
    update->setInt64(2, plan_id);
    update->executeUpdate();
    stored.approved = true;
    stored.approved_by = caller.subject;
    return db::AppendAudit(
        c, {Audit(caller, "assessment.plan.approve", plan_id, {})});
  }));
  return stored;
}

absl::StatusOr<std::optional<StoredPlan>> PlanStore::ApprovedFor(int year) {
  std::optional<StoredPlan> found;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    found = Load(c,
                 absl::StrCat("WHERE state = ", kPlanApproved,
                              " AND CAST(? AS SIGNED) BETWEEN first_year "
                              "AND last_year"),
                 std::to_string(year), false);
    return absl::OkStatus();
  }));
  return found;
}

}  // namespace unioncard::assessment
