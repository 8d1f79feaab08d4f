#include "member-svc/src/store/help_desk_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/db/audit_log.h"
#include "common/db/idempotency.h"
#include "common/db/sql_types.h"
#include "common/status/macros.h"

namespace unioncard::member {
namespace {

// The member's name comes from the register as it is now.
constexpr char kHelpColumns[] =
    "h.id, h.member_id, COALESCE(m.name, ''), h.org_id, h.org_path, "
    "h.county_id, h.kind, h.subject, h.body, h.state, h.answer, "
    "h.handled_by, h.created_at, h.updated_at";
constexpr char kHelpFrom[] =
    " FROM help_requests h LEFT JOIN members m ON m.id = h.member_id";

HelpRequestRecord ReadHelp(sql::ResultSet& r) {
  HelpRequestRecord h;
  h.id = r.getInt64(1);
  h.member_id = r.getInt64(2);
  h.member_name = r.getString(3);
  h.org_id = r.getString(4);
  h.org_path = r.getString(5);
  h.county_id = r.getString(6);
  h.kind = static_cast<HelpKind>(r.getInt(7));
  h.subject = r.getString(8);
  h.body = r.getString(9);
  h.state = static_cast<HelpState>(r.getInt(10));
  h.answer = r.getString(11);
  h.handled_by = r.getString(12);
  h.created_at = db::ParseSqlTimestamp(std::string(r.getString(13)));
  h.updated_at = db::ParseSqlTimestamp(std::string(r.getString(14)));
  return h;
}

db::AuditEntry AuditOf(const auth::Principal& caller, std::string action,
                       std::string type, int64_t id, nlohmann::json detail) {
  return {caller.subject,     std::string(auth::RoleName(caller.role)),
          std::move(action),  std::move(type),
          std::to_string(id), std::move(detail)};
}

absl::Status HelpNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("help request ", id, " not found"));
}

}  // namespace

absl::StatusOr<HelpRequestRecord> HelpDeskStore::Submit(
    const auth::Principal& caller, const std::string& request_id,
    const HelpRequestRecord& request) {
  int64_t id = 0;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(
        std::optional<std::string> earlier,
        db::RequestLedger::Claim(c, request_id, "SubmitHelpRequest",
                                 auth::CallerKey(caller)));
    if (earlier.has_value()) {
      id = std::stoll(*earlier);
      return absl::OkStatus();
    }
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO help_requests (member_id, org_id, org_path, county_id, "
        "kind, subject, body, state, answer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
        "'')"));
    insert->setInt64(1, request.member_id);
    insert->setString(2, request.org_id);
    insert->setString(3, request.org_path);
    insert->setString(4, request.county_id);
    insert->setInt(5, static_cast<int>(request.kind));
    insert->setString(6, request.subject);
    insert->setString(7, request.body);
    insert->setInt(8, static_cast<int>(HelpState::kSubmitted));
    insert->executeUpdate();
    id = db::LastInsertId(c);
    RETURN_IF_ERROR(db::AppendAudit(
        c, {AuditOf(caller, "help_request.submit", "help_request", id,
                    {{"member_id", request.member_id},
                     {"county_id", request.county_id},
                     {"kind", static_cast<int>(request.kind)}})}));
    return db::RequestLedger::Complete(c, request_id, std::to_string(id));
  }));
  return Get(id);
}

absl::StatusOr<HelpRequestRecord> HelpDeskStore::Get(int64_t id) {
  std::optional<HelpRequestRecord> found;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat("SELECT ", kHelpColumns, kHelpFrom, " WHERE h.id = ?")));
    select->setInt64(1, id);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    if (r->next()) found = ReadHelp(*r);
    return absl::OkStatus();
  }));
  if (!found.has_value()) return HelpNotFound(id);
  return *std::move(found);
}

absl::StatusOr<std::vector<HelpRequestRecord>> HelpDeskStore::List(
    const HelpRequestFilter& filter) {
  std::vector<HelpRequestRecord> rows;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::vector<std::string> where = {"h.id < ?"};
    if (filter.member_id > 0) where.push_back("h.member_id = ?");
    if (!filter.county_id.empty()) where.push_back("h.county_id = ?");
    if (filter.state) where.push_back("h.state = ?");
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement(absl::StrCat(
            "SELECT ", kHelpColumns, kHelpFrom, " WHERE ",
            absl::StrJoin(where, " AND "), " ORDER BY h.id DESC LIMIT ?")));
    int col = 1;
    select->setInt64(col++,
                     filter.before_id > 0 ? filter.before_id : INT64_MAX);
    if (filter.member_id > 0) select->setInt64(col++, filter.member_id);
    if (!filter.county_id.empty()) select->setString(col++, filter.county_id);
    if (filter.state) select->setInt(col++, static_cast<int>(*filter.state));
    select->setInt(col++, filter.limit);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    while (r->next()) rows.push_back(ReadHelp(*r));
    return absl::OkStatus();
  }));
  return rows;
}

absl::StatusOr<HelpRequestRecord> HelpDeskStore::Act(
    const auth::Principal& caller, int64_t id, const std::string& action,
    const DecideHelpChange& decide) {
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement(absl::StrCat("SELECT ", kHelpColumns, kHelpFrom,
                                        " WHERE h.id = ? FOR UPDATE")));
    select->setInt64(1, id);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    if (!r->next()) return HelpNotFound(id);
    const HelpRequestRecord current = ReadHelp(*r);
    ASSIGN_OR_RETURN(HelpChange change, decide(current));
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE help_requests SET state = ?, answer = ?, handled_by = ?, "
        "updated_at = CURRENT_TIMESTAMP(6) WHERE id = ?"));
    update->setInt(1, static_cast<int>(change.state));
    update->setString(2, change.answer.value_or(current.answer));
    update->setString(3, caller.subject);
    update->setInt64(4, id);
    update->executeUpdate();
    return db::AppendAudit(
        c, {AuditOf(caller, absl::StrCat("help_request.", action),
                    "help_request", id,
                    {{"from", HelpStateName(current.state)},
                     {"to", HelpStateName(change.state)}})});
  }));
  return Get(id);
}

absl::StatusOr<NoticeRecord> HelpDeskStore::Publish(
    const auth::Principal& caller, const std::string& request_id,
    const NoticeRecord& notice) {
  int64_t id = 0;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     db::RequestLedger::Claim(c, request_id, "PublishNotice",
                                              auth::CallerKey(caller)));
    if (earlier.has_value()) {
      id = std::stoll(*earlier);
      return absl::OkStatus();
    }
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO notices (org_id, title, body, published_by) VALUES (?, "
        "?, ?, ?)"));
    insert->setString(1, notice.org_id);
    insert->setString(2, notice.title);
    insert->setString(3, notice.body);
    insert->setString(4, caller.subject);
    insert->executeUpdate();
    id = db::LastInsertId(c);
    RETURN_IF_ERROR(db::AppendAudit(
        c, {AuditOf(caller, "notice.publish", "notice", id,
                    {{"org_id", notice.org_id}, {"title", notice.title}})}));
    return db::RequestLedger::Complete(c, request_id, std::to_string(id));
  }));
  std::optional<NoticeRecord> found;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT id, org_id, title, body, published_by, published_at FROM "
        "notices WHERE id = ?"));
    select->setInt64(1, id);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    if (r->next()) {
      found = NoticeRecord{
          r->getInt64(1),  r->getString(2),
          r->getString(3), r->getString(4),
          r->getString(5), db::ParseSqlTimestamp(std::string(r->getString(6)))};
    }
    return absl::OkStatus();
  }));
  if (!found.has_value()) {
    return absl::InternalError("the notice just published was not found");
  }
  return *std::move(found);
}

absl::StatusOr<std::vector<NoticeRecord>> HelpDeskStore::ListNotices(
    const std::vector<std::string>& owners, int64_t before_id, int limit) {
  std::vector<NoticeRecord> rows;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::string owner_clause;
    if (!owners.empty()) {
      std::vector<std::string> marks(owners.size(), "?");
      owner_clause =
          absl::StrCat(" AND org_id IN (", absl::StrJoin(marks, ", "), ")");
    }
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat("SELECT id, org_id, title, body, published_by, "
                     "published_at FROM notices WHERE id < ?",
                     owner_clause, " ORDER BY id DESC LIMIT ?")));
    int col = 1;
    select->setInt64(col++, before_id > 0 ? before_id : INT64_MAX);
    for (const std::string& owner : owners) select->setString(col++, owner);
    select->setInt(col++, limit);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    while (r->next()) {
      rows.push_back({r->getInt64(1), r->getString(2), r->getString(3),
                      r->getString(4), r->getString(5),
                      db::ParseSqlTimestamp(std::string(r->getString(6)))});
    }
    return absl::OkStatus();
  }));
  return rows;
}

}  // namespace unioncard::member
