#include "member-svc/src/store/help_desk_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/db/audit_log.h"
#include "common/db/idempotency.h"
#include "common/db/row.h"
#include "common/db/sql_query.h"
#include "common/db/sql_types.h"
#include "common/status/macros.h"
#include "member-svc/src/store/member_columns.h"

namespace unioncard::member {
namespace {

// The member's name comes from the register as it is now.
constexpr char kHelpColumns[] =
    "h.id, h.member_id, COALESCE(m.name, '') AS member_name, h.org_id, "
    "h.org_path, "
    "h.county_id, h.kind, h.subject, h.body, h.state, h.answer, "
    "h.handled_by, h.created_at, h.updated_at";
constexpr char kHelpFrom[] =
    " FROM help_requests h LEFT JOIN members m ON m.id = h.member_id";

HelpRequestRecord ReadHelp(const db::Row& r) {
  HelpRequestRecord h;
  h.id = r.Int64("id");
  h.member_id = r.Int64("member_id");
  h.member_name = r.String("member_name");
  h.org_id = r.String("org_id");
  h.org_path = r.String("org_path");
  h.county_id = r.String("county_id");
  h.kind = r.Enum("kind", kHelpKindColumn);
  h.subject = r.String("subject");
  h.body = r.String("body");
  h.state = r.Enum("state", kHelpStateColumn);
  h.answer = r.String("answer");
  h.handled_by = r.String("handled_by");
  h.created_at = r.Time("created_at");
  h.updated_at = r.Time("updated_at");
  return h;
}

constexpr char kNoticeColumns[] =
    "id, org_id, title, body, published_by, published_at";

NoticeRecord ReadNotice(const db::Row& r) {
  return {r.Int64("id"),    r.String("org_id"),       r.String("title"),
          r.String("body"), r.String("published_by"), r.Time("published_at")};
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
    insert->setInt(5, kHelpKindColumn.Encode(request.kind));
    insert->setString(6, request.subject);
    insert->setString(7, request.body);
    insert->setInt(8, kHelpStateColumn.Encode(HelpState::kSubmitted));
    insert->executeUpdate();
    id = db::LastInsertId(c);
    RETURN_IF_ERROR(db::AppendAudit(
        c, {AuditOf(caller, "help_request.submit", "help_request", id,
                    {{"member_id", request.member_id},
                     {"county_id", request.county_id},
                     {"kind", kHelpKindColumn.Encode(request.kind)}})}));
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
    if (r->next()) found = ReadHelp(db::Row(*r));
    return absl::OkStatus();
  }));
  if (!found.has_value()) return HelpNotFound(id);
  return *std::move(found);
}

absl::StatusOr<std::vector<HelpRequestRecord>> HelpDeskStore::List(
    const HelpRequestFilter& filter) {
  std::vector<HelpRequestRecord> rows;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    db::SqlQuery q(
        absl::StrCat("SELECT ", kHelpColumns, kHelpFrom, " WHERE h.id < ?"),
        {filter.before_id > 0 ? filter.before_id : INT64_MAX});
    if (filter.member_id > 0) q.And("h.member_id = ?", {filter.member_id});
    if (!filter.county_id.empty()) {
      q.And("h.county_id = ?", {filter.county_id});
    }
    if (filter.state) {
      q.And("h.state = ?", {int64_t{kHelpStateColumn.Encode(*filter.state)}});
    }
    q.Append(" ORDER BY h.id DESC LIMIT ?", {int64_t{filter.limit}});
    std::unique_ptr<sql::ResultSet> r(q.Prepare(c)->executeQuery());
    while (r->next()) rows.push_back(ReadHelp(db::Row(*r)));
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
    const HelpRequestRecord current = ReadHelp(db::Row(*r));
    ASSIGN_OR_RETURN(HelpChange change, decide(current));
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE help_requests SET state = ?, answer = ?, handled_by = ?, "
        "updated_at = CURRENT_TIMESTAMP(6) WHERE id = ?"));
    update->setInt(1, kHelpStateColumn.Encode(change.state));
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
        absl::StrCat("SELECT ", kNoticeColumns, " FROM notices WHERE id = ?")));
    select->setInt64(1, id);
    std::unique_ptr<sql::ResultSet> r(select->executeQuery());
    if (r->next()) found = ReadNotice(db::Row(*r));
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
    db::SqlQuery q(
        absl::StrCat("SELECT ", kNoticeColumns, " FROM notices WHERE id < ?"),
        {before_id > 0 ? before_id : INT64_MAX});
    if (!owners.empty()) {
      std::vector<std::string> marks(owners.size(), "?");
      q.And(absl::StrCat("org_id IN (", absl::StrJoin(marks, ", "), ")"));
      for (const std::string& owner : owners) q.Append("", {owner});
    }
    q.Append(" ORDER BY id DESC LIMIT ?", {int64_t{limit}});
    std::unique_ptr<sql::ResultSet> r(q.Prepare(c)->executeQuery());
    while (r->next()) rows.push_back(ReadNotice(db::Row(*r)));
    return absl::OkStatus();
  }));
  return rows;
}

}  // namespace unioncard::member
