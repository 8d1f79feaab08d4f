#include "member-svc/src/store/org_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/db/audit_log.h"
#include "common/db/idempotency.h"
#include "common/db/row.h"
#include "common/db/sql_types.h"
#include "common/status/field_violations.h"
#include "member-svc/src/store/member_columns.h"

namespace unioncard::member {
namespace {

constexpr char kColumns[] =
    "id, parent_id, level, name, path, county_id, closed, created_at";

OrgUnit ReadOrg(const db::Row& row) {
  OrgUnit org;
  org.id = row.String("id");
  org.parent_id = row.OptionalString("parent_id").value_or("");
  org.level = row.Enum("level", kOrgLevelColumn);
  org.name = row.String("name");
  org.path = row.String("path");
  org.county_id = row.String("county_id");
  org.closed = row.Bool("closed");
  org.created_at = row.Time("created_at");
  return org;
}

std::optional<OrgUnit> SelectOrg(sql::Connection& c, const std::string& id,
                                 bool for_update) {
  std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
      absl::StrCat("SELECT ", kColumns, " FROM org_units WHERE id = ?",
                   for_update ? " FOR UPDATE" : "")));
  select->setString(1, id);
  std::unique_ptr<sql::ResultSet> row(select->executeQuery());
  if (!row->next()) return std::nullopt;
  return ReadOrg(db::Row(*row));
}

absl::Status NotFound(const std::string& id) {
  return absl::NotFoundError(
      absl::StrCat("org unit \"", status::Echo(id), "\" not found"));
}

void InsertOrg(sql::Connection& c, const OrgUnit& org) {
  std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
      "INSERT IGNORE INTO org_units (id, parent_id, level, name, path, "
      "county_id) VALUES (?, ?, ?, ?, ?, ?)"));
  insert->setString(1, org.id);
  if (org.parent_id.empty()) {
    insert->setNull(2, 0);
  } else {
    insert->setString(2, org.parent_id);
  }
  insert->setInt(3, kOrgLevelColumn.Encode(org.level));
  insert->setString(4, org.name);
  insert->setString(5, org.path);
  insert->setString(6, org.county_id);
  insert->executeUpdate();
}

db::AuditEntry Audit(const auth::Principal& caller, const char* action,
                     const std::string& id, nlohmann::json detail) {
  return {caller.subject,
          std::string(auth::RoleName(caller.role)),
          action,
          "org_unit",
          id,
          std::move(detail)};
}

// Runs `change` once per request id: a retry returns the unit as it is.
absl::StatusOr<OrgUnit> Idempotent(
    db::ConnectionPool& pool, const auth::Principal& caller,
    const std::string& request_id, const char* method,
    const std::function<absl::StatusOr<std::string>(sql::Connection&)>&
        change) {
  std::string org_id;
  absl::Status status =
      pool.InTransaction([&](sql::Connection& c) -> absl::Status {
        absl::StatusOr<std::optional<std::string>> earlier =
            db::RequestLedger::Claim(c, request_id, method,
                                     auth::CallerKey(caller));
        if (!earlier.ok()) return earlier.status();
        if (earlier->has_value()) {
          org_id = **earlier;
          return absl::OkStatus();
        }
        absl::StatusOr<std::string> id = change(c);
        if (!id.ok()) return id.status();
        org_id = *id;
        return db::RequestLedger::Complete(c, request_id, org_id);
      });
  if (!status.ok()) return status;
  OrgStore store(&pool);
  return store.Get(org_id);
}

}  // namespace

absl::Status OrgStore::LoadReference(
    const std::vector<reference::CountyPlan>& plan,
    const std::string& city_name) {
  return pool_->InTransaction([&](sql::Connection& c) {
    OrgUnit city{"city",   "", OrgLevel::kCity, city_name,
                 "/city/", "", false,           {}};
    InsertOrg(c, city);
    for (const reference::CountyPlan& county : plan) {
      InsertOrg(c, OrgUnit{county.unit_code,
                           "city",
                           OrgLevel::kCounty,
                           county.name_zh,
                           absl::StrCat("/city/", county.unit_code, "/"),
                           county.unit_code,
                           false,
                           {}});
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<OrgUnit> OrgStore::Get(const std::string& id) {
  std::optional<OrgUnit> org;
  absl::Status status = pool_->Run([&](sql::Connection& c) {
    org = SelectOrg(c, id, false);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!org.has_value()) return NotFound(id);
  return *org;
}

absl::StatusOr<std::vector<OrgUnit>> OrgStore::ListChildren(
    const std::string& parent_id, bool include_closed,
    const std::string& after_id, int limit) {
  std::vector<OrgUnit> out;
  absl::Status status = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement(absl::StrCat(
            "SELECT ", kColumns,
            " FROM org_units WHERE parent_id = ? AND id > ? ",
            include_closed ? "" : "AND closed = 0 ", "ORDER BY id LIMIT ?")));
    select->setString(1, parent_id);
    select->setString(2, after_id);
    select->setInt(3, limit);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) out.push_back(ReadOrg(db::Row(*rows)));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<OrgUnit> OrgStore::CreateGrassroots(
    const auth::Principal& caller, const std::string& request_id,
    const OrgUnit& parent, const std::string& id, const std::string& name) {
  return Idempotent(
      *pool_, caller, request_id, "CreateGrassrootsUnion",
      [&](sql::Connection& c) -> absl::StatusOr<std::string> {
        std::optional<OrgUnit> county = SelectOrg(c, parent.id, true);
        if (!county.has_value()) return NotFound(parent.id);
        std::string new_id = id;
        if (new_id.empty()) {
          // Numbered per county under the county row's lock.
          std::unique_ptr<sql::PreparedStatement> next(c.prepareStatement(
              "SELECT next_child FROM org_units WHERE id = ?"));
          next->setString(1, county->id);
          std::unique_ptr<sql::ResultSet> row(next->executeQuery());
          row->next();
          int n = db::Row(*row).Int("next_child");
          for (;; ++n) {
            new_id = absl::StrFormat("%s-g%04d", county->id, n);
            if (!SelectOrg(c, new_id, false).has_value()) break;
          }
          std::unique_ptr<sql::PreparedStatement> bump(c.prepareStatement(
              "UPDATE org_units SET next_child = ? WHERE id = ?"));
          bump->setInt(1, n + 1);
          bump->setString(2, county->id);
          bump->executeUpdate();
        } else if (SelectOrg(c, new_id, false).has_value()) {
          return absl::AlreadyExistsError(absl::StrCat(
              "org unit id \"", status::Echo(new_id), "\" is taken"));
        }
        OrgUnit org{new_id,
                    county->id,
                    OrgLevel::kGrassroots,
                    name,
                    absl::StrCat(county->path, new_id, "/"),
                    county->id,
                    false,
                    {}};
        InsertOrg(c, org);
        if (absl::Status s = db::AppendAudit(
                c, {Audit(caller, "org.create", new_id,
                          {{"parent", county->id}, {"name", name}})});
            !s.ok()) {
          return s;
        }
        return new_id;
      });
}

absl::StatusOr<OrgUnit> OrgStore::Rename(const auth::Principal& caller,
                                         const std::string& request_id,
                                         const std::string& id,
                                         const std::string& name) {
  return Idempotent(
      *pool_, caller, request_id, "RenameOrgUnit",
      [&](sql::Connection& c) -> absl::StatusOr<std::string> {
        std::optional<OrgUnit> org = SelectOrg(c, id, true);
        if (!org.has_value()) return NotFound(id);
        std::unique_ptr<sql::PreparedStatement> update(
            c.prepareStatement("UPDATE org_units SET name = ? WHERE id = ?"));
        update->setString(1, name);
        update->setString(2, id);
        update->executeUpdate();
        if (absl::Status s = db::AppendAudit(
                c, {Audit(caller, "org.rename", id,
                          {{"from", org->name}, {"to", name}})});
            !s.ok()) {
          return s;
        }
        return id;
      });
}

absl::StatusOr<OrgUnit> OrgStore::CloseGrassroots(const auth::Principal& caller,
                                                  const std::string& request_id,
                                                  const std::string& id) {
  return Idempotent(
      *pool_, caller, request_id, "CloseGrassrootsUnion",
      [&](sql::Connection& c) -> absl::StatusOr<std::string> {
        std::optional<OrgUnit> org = SelectOrg(c, id, true);
        if (!org.has_value()) return NotFound(id);
        if (org->level != OrgLevel::kGrassroots) {
          return absl::FailedPreconditionError(absl::StrCat(
              id, " is not a grassroots union; only those can be closed"));
        }
        // Locks the union's member rows too, so no member can be
        // registered or transferred in while it closes.
        std::unique_ptr<sql::PreparedStatement> count(
            c.prepareStatement(absl::StrCat(
                "SELECT COUNT(*) AS active FROM members WHERE org_id = ? AND "
                "membership_status = ",
                kMembershipStatusColumn.Encode(MembershipStatus::kActive),
                " FOR UPDATE")));
        count->setString(1, id);
        std::unique_ptr<sql::ResultSet> row(count->executeQuery());
        row->next();
        if (const int64_t active = db::Row(*row).Int64("active"); active > 0) {
          return absl::FailedPreconditionError(absl::StrCat(
              id, " still has ", active,
              " active members; transfer them to another union first"));
        }
        std::unique_ptr<sql::PreparedStatement> close(
            c.prepareStatement("UPDATE org_units SET closed = 1 WHERE id = ?"));
        close->setString(1, id);
        close->executeUpdate();
        if (absl::Status s =
                db::AppendAudit(c, {Audit(caller, "org.close", id, {})});
            !s.ok()) {
          return s;
        }
        return id;
      });
}

}  // namespace unioncard::member
