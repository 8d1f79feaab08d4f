#include "member-svc/src/store/member_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <sodium.h>

#include <map>
#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/audit_log.h"
#include "common/db/idempotency.h"
#include "common/db/multi_row_insert.h"
#include "common/db/row.h"
#include "common/db/sql_query.h"
#include "common/db/sql_types.h"
#include "common/person/mobile_number.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "member-svc/src/store/member_columns.h"

namespace unioncard::member {
namespace {

constexpr char kIdNumberContext[] = "member.id_number";
constexpr char kMobileContext[] = "member.mobile";

constexpr char kColumns[] =
    "id, name, id_number_masked, mobile_masked, gender, birth_date, org_id, "
    "org_path, county_id, employer, migrant_worker, join_date, review_state, "
    "review_note, membership_status, end_reason, created_at, updated_at";

MemberRecord ReadMember(const db::Row& r) {
  MemberRecord m;
  m.id = r.Int64("id");
  m.name = r.String("name");
  m.id_number = r.String("id_number_masked");
  m.mobile = r.String("mobile_masked");
  m.gender = r.Enum("gender", kGenderColumn);
  m.birth_date = r.Day("birth_date");
  m.org_id = r.String("org_id");
  m.org_path = r.String("org_path");
  m.county_id = r.String("county_id");
  m.employer = r.String("employer");
  m.migrant_worker = r.Bool("migrant_worker");
  m.join_date = r.Day("join_date");
  m.review_state = r.Enum("review_state", kReviewStateColumn);
  m.review_note = r.String("review_note");
  m.membership_status = r.Enum("membership_status", kMembershipStatusColumn);
  if (r.Int("end_reason") != kNoEndReason) {
    m.end_reason = r.Enum("end_reason", kEndReasonColumn);
  }
  m.created_at = r.Time("created_at");
  m.updated_at = r.Time("updated_at");
  return m;
}

std::string SelectMemberSql(bool for_update) {
  return absl::StrCat("SELECT ", kColumns, " FROM members WHERE id = ?",
                      for_update ? " FOR UPDATE" : "");
}

std::optional<MemberRecord> SelectMember(sql::PreparedStatement& select,
                                         int64_t id) {
  select.setInt64(1, id);
  std::unique_ptr<sql::ResultSet> row(select.executeQuery());
  if (!row->next()) return std::nullopt;
  return ReadMember(db::Row(*row));
}

std::optional<MemberRecord> SelectMember(sql::Connection& c, int64_t id,
                                         bool for_update) {
  std::unique_ptr<sql::PreparedStatement> select(
      c.prepareStatement(SelectMemberSql(for_update)));
  return SelectMember(*select, id);
}

// Why a person cannot be registered twice. Inside the caller's scope the
// existing member is named, so the clerk can open that record; outside it
// neither the member id nor the union is given (they are personal data of
// another county), only how to get the member over.
std::string AlreadyAMember(const auth::Principal& caller, int64_t member_id,
                           const std::string& org_path) {
  if (caller.Covers(org_path)) {
    return absl::StrCat("is already registered as member ", member_id,
                        " in your area; one record per person city-wide "
                        "(transfer that member instead)");
  }
  return "belongs to a person who is already a member of a union elsewhere "
         "in the city; one record per person city-wide. Ask the member to "
         "have their current union's county staff transfer them to your "
         "union (TransferMember); you need not register them again";
}

absl::Status MemberNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("member ", id, " not found"));
}

db::OutboxEvent EventFor(const MemberFeedEncoder& encoder,
                         const MemberRecord& m, MemberChangeKind kind,
                         const std::string& from_org_id = "",
                         const std::string& from_county_id = "") {
  return {
      0, kMemberChangeKindColumn.Encode(kind), m.id,
      encoder.MemberChanged(m, kind, from_org_id, from_county_id, absl::Now())};
}

db::AuditEntry AuditFor(const auth::Principal& caller, std::string action,
                        int64_t member_id, nlohmann::json detail) {
  return {caller.subject,
          std::string(auth::RoleName(caller.role)),
          std::move(action),
          "member",
          std::to_string(member_id),
          std::move(detail)};
}

}  // namespace

struct MemberStore::Sealed {
  std::string index;
  std::string index_kid;
  std::string id_number_cipher;
  std::string id_number_masked;
  std::string mobile_cipher;
  std::string mobile_masked;
};

absl::StatusOr<MemberStore::Sealed> MemberStore::Seal(
    const ValidMember& m) const {
  Sealed s;
  s.index = index_.Compute(m.id.number);
  s.index_kid = index_.active_kid();
  ASSIGN_OR_RETURN(s.id_number_cipher,
                   cipher_.Encrypt(m.id.number, kIdNumberContext));
  s.id_number_masked = person::MaskResidentId(m.id.number);
  ASSIGN_OR_RETURN(s.mobile_cipher, cipher_.Encrypt(m.mobile, kMobileContext));
  s.mobile_masked = person::MaskMobileNumber(m.mobile);
  return s;
}

namespace {

constexpr char kInsertMember[] =
    "INSERT INTO members (name, id_number_index, id_number_key, "
    "id_number_cipher, id_number_masked, mobile_cipher, mobile_masked, "
    "gender, birth_date, org_id, org_path, county_id, employer, "
    "migrant_worker, join_date, review_state, membership_status) VALUES ";
constexpr int kInsertMemberColumns = 17;

}  // namespace

absl::StatusOr<MemberRecord> MemberStore::Register(
    const auth::Principal& caller, const std::string& request_id,
    const NewMember& member) {
  ASSIGN_OR_RETURN(Sealed sealed, Seal(member.member));
  int64_t id = 0;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     db::RequestLedger::Claim(c, request_id, "RegisterMember",
                                              auth::CallerKey(caller)));
    if (earlier.has_value()) {
      id = std::stoll(*earlier);
      return absl::OkStatus();
    }
    {
      std::unique_ptr<sql::PreparedStatement> open(c.prepareStatement(
          "SELECT closed FROM org_units WHERE id = ? LOCK IN SHARE MODE"));
      open->setString(1, member.org.id);
      std::unique_ptr<sql::ResultSet> row(open->executeQuery());
      if (!row->next() || db::Row(*row).Bool("closed")) {
        return absl::FailedPreconditionError(absl::StrCat(
            "union ", member.org.id, " is closed; choose an open union"));
      }
    }
    {
      std::unique_ptr<sql::PreparedStatement> existing(c.prepareStatement(
          "SELECT id, id_number_masked, org_path FROM members WHERE "
          "id_number_index = ?"));
      existing->setString(1, sealed.index);
      std::unique_ptr<sql::ResultSet> row(existing->executeQuery());
      if (row->next()) {
        const db::Row other(*row);
        return absl::AlreadyExistsError(
            absl::StrCat("ID number ", other.String("id_number_masked"), " ",
                         AlreadyAMember(caller, other.Int64("id"),
                                        other.String("org_path"))));
      }
    }
    const ValidMember& m = member.member;
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        absl::StrCat(kInsertMember, "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")));
    int col = 1;
    insert->setString(col++, m.name);
    insert->setString(col++, sealed.index);
    insert->setString(col++, sealed.index_kid);
    insert->setString(col++, sealed.id_number_cipher);
    insert->setString(col++, sealed.id_number_masked);
    insert->setString(col++, sealed.mobile_cipher);
    insert->setString(col++, sealed.mobile_masked);
    insert->setInt(col++, kGenderColumn.Encode(m.id.gender));
    insert->setString(col++, db::FormatSqlDate(m.id.birth_date));
    insert->setString(col++, member.org.id);
    insert->setString(col++, member.org.path);
    insert->setString(col++, member.org.county_id);
    insert->setString(col++, m.employer);
    insert->setInt(col++, m.migrant_worker ? 1 : 0);
    insert->setString(col++, db::FormatSqlDate(m.join_date));
    insert->setInt(col++, kReviewStateColumn.Encode(ReviewState::kCollected));
    insert->setInt(col++,
                   kMembershipStatusColumn.Encode(MembershipStatus::kActive));
    insert->executeUpdate();
    id = db::LastInsertId(c);
    std::optional<MemberRecord> created = SelectMember(c, id, false);
    std::vector<db::OutboxEvent> events = {
        EventFor(*encoder_, *created, MemberChangeKind::kRegistered)};
    RETURN_IF_ERROR(outbox_->Append(c, events));
    RETURN_IF_ERROR(db::AppendAudit(
        c, {AuditFor(caller, "member.register", id,
                     {{"org_id", member.org.id},
                      {"id_number", sealed.id_number_masked}})}));
    return db::RequestLedger::Complete(c, request_id, std::to_string(id));
  }));
  return Get(id);
}

absl::StatusOr<MemberRecord> MemberStore::Get(int64_t id) {
  std::optional<MemberRecord> member;
  // The hottest read (GetMember): its statement stays prepared.
  static const std::string* const kSelect =
      new std::string(SelectMemberSql(false));
  RETURN_IF_ERROR(
      pool_->RunPrepared(*kSelect, [&](sql::PreparedStatement& select) {
        member = SelectMember(select, id);
        return absl::OkStatus();
      }));
  if (!member.has_value()) return MemberNotFound(id);
  return *member;
}

absl::StatusOr<MemberRecord> MemberStore::Reveal(const auth::Principal& caller,
                                                 int64_t id) {
  std::optional<MemberRecord> member;
  std::string id_cipher, mobile_cipher;
  // The read and its audit row commit together: no reveal goes unrecorded.
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) {
    member = SelectMember(c, id, false);
    if (!member.has_value()) return MemberNotFound(id);
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT id_number_cipher, mobile_cipher FROM members WHERE id = ?"));
    select->setInt64(1, id);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    row->next();
    const db::Row sealed(*row);
    id_cipher = sealed.String("id_number_cipher");
    mobile_cipher = sealed.String("mobile_cipher");
    return db::AppendAudit(c, {AuditFor(caller, "member.reveal", id, {})});
  }));
  ASSIGN_OR_RETURN(member->id_number,
                   cipher_.Decrypt(id_cipher, kIdNumberContext));
  ASSIGN_OR_RETURN(member->mobile,
                   cipher_.Decrypt(mobile_cipher, kMobileContext));
  member->revealed = true;
  return *member;
}

namespace {

// The key id inside a sealed column (version, kid length, kid, ...), and a
// WHERE clause for "sealed under one of `n` keys" in either column.
std::string SealedUnderAnyOf(size_t n) {
  const auto kid = [](const char* column) {
    return absl::StrCat("SUBSTRING(", column, ", 3, ORD(SUBSTRING(", column,
                        ", 2, 1)))");
  };
  std::string marks = "?";
  for (size_t i = 1; i < n; ++i) marks += ", ?";
  return absl::StrCat("(", kid("id_number_cipher"), " IN (", marks, ") OR ",
                      kid("mobile_cipher"), " IN (", marks, "))");
}

// Binds the retired key ids twice (one list per column) from `first`.
int BindRetired(sql::PreparedStatement& s, int first,
                const std::set<std::string>& retired) {
  for (int round = 0; round < 2; ++round) {
    for (const std::string& kid : retired) s.setString(first++, kid);
  }
  return first;
}

}  // namespace

absl::StatusOr<MemberStore::ResealPage> MemberStore::ResealRetiredKeys(
    int64_t after_id, int limit) {
  struct Sealed {
    int64_t id;
    std::string id_number, mobile;
  };
  ResealPage result;
  const std::set<std::string>& retired = cipher_.retired();
  if (retired.empty()) return result;
  std::vector<Sealed> page;
  // The server skips rows under other keys without sending them.
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) -> absl::Status {
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement(absl::StrCat(
            "SELECT id, id_number_cipher, mobile_cipher FROM members "
            "WHERE id > ? AND ",
            SealedUnderAnyOf(retired.size()), " ORDER BY id LIMIT ?")));
    select->setInt64(1, after_id);
    select->setInt(BindRetired(*select, 2, retired), limit);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      const db::Row row(*rows);
      page.push_back({row.Int64("id"), row.String("id_number_cipher"),
                      row.String("mobile_cipher")});
    }
    return absl::OkStatus();
  }));
  if (page.empty()) return result;
  result.last_id = page.back().id;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    result.moved = result.lost_race = 0;
    result.unreadable.clear();
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE members SET id_number_cipher = ?, mobile_cipher = ? "
        "WHERE id = ? AND id_number_cipher = ? AND mobile_cipher = ?"));
    for (const Sealed& row : page) {
      absl::StatusOr<std::string> id_number =
          cipher_.Decrypt(row.id_number, kIdNumberContext);
      absl::StatusOr<std::string> mobile =
          cipher_.Decrypt(row.mobile, kMobileContext);
      if (!id_number.ok() || !mobile.ok()) {
        result.unreadable.push_back(row.id);
        continue;
      }
      ASSIGN_OR_RETURN(std::string id_sealed,
                       cipher_.Encrypt(*id_number, kIdNumberContext));
      ASSIGN_OR_RETURN(std::string mobile_sealed,
                       cipher_.Encrypt(*mobile, kMobileContext));
      update->setString(1, id_sealed);
      update->setString(2, mobile_sealed);
      update->setInt64(3, row.id);
      update->setString(4, row.id_number);
      update->setString(5, row.mobile);
      if (update->executeUpdate() == 1) {
        ++result.moved;
      } else {
        ++result.lost_race;
      }
    }
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<int64_t> MemberStore::CountUnderRetiredKeys() {
  const std::set<std::string>& retired = cipher_.retired();
  if (retired.empty()) return 0;
  int64_t n = 0;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) -> absl::Status {
    std::unique_ptr<sql::PreparedStatement> count(
        c.prepareStatement(absl::StrCat("SELECT COUNT(*) AS members FROM "
                                        "members WHERE ",
                                        SealedUnderAnyOf(retired.size()))));
    BindRetired(*count, 1, retired);
    std::unique_ptr<sql::ResultSet> row(count->executeQuery());
    if (row->next()) n = db::Row(*row).Int64("members");
    return absl::OkStatus();
  }));
  return n;
}

absl::StatusOr<bool> MemberStore::MobileMatches(int64_t id,
                                                const std::string& mobile) {
  std::string mobile_cipher;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) -> absl::Status {
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement("SELECT mobile_cipher FROM members WHERE id = ?"));
    select->setInt64(1, id);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (!row->next()) return MemberNotFound(id);
    mobile_cipher = db::Row(*row).String("mobile_cipher");
    return absl::OkStatus();
  }));
  ASSIGN_OR_RETURN(std::string on_record,
                   cipher_.Decrypt(mobile_cipher, kMobileContext));
  return on_record.size() == mobile.size() &&
         sodium_memcmp(on_record.data(), mobile.data(), mobile.size()) == 0;
}

absl::StatusOr<std::optional<int64_t>> MemberStore::FindIdByIdNumber(
    const std::string& id_number) {
  std::optional<int64_t> id;
  const std::string key = index_.Compute(id_number);
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement("SELECT id FROM members WHERE id_number_index = ?"));
    select->setString(1, key);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (row->next()) id = db::Row(*row).Int64("id");
    return absl::OkStatus();
  }));
  return id;
}

absl::StatusOr<std::vector<MemberRecord>> MemberStore::List(
    const MemberFilter& f) {
  db::SqlQuery query(
      absl::StrCat("SELECT ", kColumns,
                   " FROM members WHERE org_path LIKE ? AND id > ?"),
      {db::EscapeLike(f.org_path) + "%", f.after_id});
  if (f.review_state) {
    query.And("review_state = ?",
              {int64_t{kReviewStateColumn.Encode(*f.review_state)}});
  }
  if (f.membership_status) {
    query.And("membership_status = ?",
              {int64_t{kMembershipStatusColumn.Encode(*f.membership_status)}});
  }
  if (f.migrant_workers_only) query.And("migrant_worker = 1");
  if (!f.name_prefix.empty()) {
    query.And("name LIKE ?", {db::EscapeLike(f.name_prefix) + "%"});
  }
  query.Append(" ORDER BY id LIMIT ?", {int64_t{f.limit} + 1});

  std::vector<MemberRecord> out;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select = query.Prepare(c);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) out.push_back(ReadMember(db::Row(*rows)));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<MemberRecord> MemberStore::Change(const auth::Principal& caller,
                                                 const std::string& request_id,
                                                 const std::string& method,
                                                 int64_t member_id,
                                                 const DecideChange& decide) {
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                     db::RequestLedger::Claim(c, request_id, method,
                                              auth::CallerKey(caller)));
    if (earlier.has_value()) {  // done before
      if (*earlier != std::to_string(member_id)) {
        return status::InvalidField("request_id",
                                    "was already used for another member");
      }
      return absl::OkStatus();
    }

    std::optional<MemberRecord> current = SelectMember(c, member_id, true);
    if (!current.has_value()) return MemberNotFound(member_id);
    ASSIGN_OR_RETURN(MemberChange change, decide(*current));
    const MemberRecord& m = change.updated;

    db::SqlQuery update(
        "UPDATE members SET name = ?, org_id = ?, org_path = ?, "
        "county_id = ?, employer = ?, migrant_worker = ?, join_date = ?, "
        "review_state = ?, review_note = ?, membership_status = ?, "
        "end_reason = ?, updated_at = CURRENT_TIMESTAMP(6)",
        {m.name, m.org_id, m.org_path, m.county_id, m.employer,
         int64_t{m.migrant_worker ? 1 : 0}, db::FormatSqlDate(m.join_date),
         int64_t{kReviewStateColumn.Encode(m.review_state)}, m.review_note,
         int64_t{kMembershipStatusColumn.Encode(m.membership_status)},
         int64_t{m.membership_status == MembershipStatus::kEnded
                     ? kEndReasonColumn.Encode(m.end_reason)
                     : kNoEndReason}});
    if (change.new_mobile.has_value()) {
      ASSIGN_OR_RETURN(std::string mobile_cipher,
                       cipher_.Encrypt(*change.new_mobile, kMobileContext));
      update.Append(
          ", mobile_cipher = ?, mobile_masked = ?",
          {mobile_cipher, person::MaskMobileNumber(*change.new_mobile)});
    }
    update.Append(" WHERE id = ?", {member_id});
    update.Prepare(c)->executeUpdate();

    std::vector<db::OutboxEvent> events = {EventFor(
        *encoder_, m, change.kind, change.from_org_id, change.from_county_id)};
    RETURN_IF_ERROR(outbox_->Append(c, events));
    RETURN_IF_ERROR(
        db::AppendAudit(c, {AuditFor(caller, change.audit_action, member_id,
                                     change.audit_detail)}));
    return db::RequestLedger::Complete(c, request_id,
                                       std::to_string(member_id));
  }));
  return Get(member_id);
}

absl::Status MemberStore::ImportChunk(const auth::Principal& caller,
                                      const std::string& source_name,
                                      std::vector<ImportCandidate*>& rows) {
  if (rows.empty()) return absl::OkStatus();
  std::vector<Sealed> sealed;
  sealed.reserve(rows.size());
  for (ImportCandidate* row : rows) {
    ASSIGN_OR_RETURN(Sealed s, Seal(row->member.member));
    sealed.push_back(std::move(s));
  }

  absl::Status status;
  // A concurrent import of the same person can win the unique key between
  // our check and insert; the rerun then sees that row.
  for (int attempt = 0; attempt < 2; ++attempt) {
    status = pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
      // Who is already registered?
      std::map<std::string, std::pair<int64_t, std::string>> existing;
      std::string in_list;
      for (size_t i = 0; i < rows.size(); ++i) in_list += i ? ",?" : "?";
      std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
          absl::StrCat("SELECT id_number_index, id, org_id, org_path "
                       "FROM members WHERE id_number_index IN (",
                       in_list, ")")));
      for (size_t i = 0; i < rows.size(); ++i) {
        select->setString(static_cast<int>(i) + 1, sealed[i].index);
      }
      std::unique_ptr<sql::ResultSet> found(select->executeQuery());
      while (found->next()) {
        const db::Row row(*found);
        existing[row.String("id_number_index")] = {
            row.Int64("id"),
            absl::StrCat(row.String("org_id"), "|", row.String("org_path"))};
      }

      // Unions closed since the rows were checked take no new members;
      // the shared lock keeps them open until this commits.
      std::set<std::string> closed;
      {
        std::set<std::string> unions;
        for (ImportCandidate* row : rows) unions.insert(row->member.org.id);
        std::unique_ptr<sql::PreparedStatement> open(c.prepareStatement(
            "SELECT closed FROM org_units WHERE id = ? LOCK IN SHARE MODE"));
        for (const std::string& id : unions) {
          open->setString(1, id);
          std::unique_ptr<sql::ResultSet> r(open->executeQuery());
          if (!r->next() || db::Row(*r).Bool("closed")) closed.insert(id);
        }
      }

      std::map<std::string, int> first_row_of;  // index -> row number
      std::vector<size_t> fresh;
      for (size_t i = 0; i < rows.size(); ++i) {
        ImportCandidate& row = *rows[i];
        row.member_id = 0;
        row.field.clear();
        row.reason.clear();
        if (closed.count(row.member.org.id) > 0) {
          row.outcome = ImportRowOutcome::kFailed;
          row.field = "grassroots_code";
          row.reason = absl::StrCat("union ", row.member.org.id, " is closed");
          continue;
        }
        auto hit = existing.find(sealed[i].index);
        if (hit != existing.end()) {
          const std::string& org_and_path = hit->second.second;
          const size_t bar = org_and_path.find('|');
          const std::string org = org_and_path.substr(0, bar);
          const std::string path = org_and_path.substr(bar + 1);
          if (org == row.member.org.id) {
            row.outcome = ImportRowOutcome::kUnchanged;
            row.member_id = hit->second.first;
          } else {
            row.outcome = ImportRowOutcome::kFailed;
            row.field = "id_number";
            // The id only when the caller may see that member anyway.
            if (caller.Covers(path)) row.member_id = hit->second.first;
            row.reason = AlreadyAMember(caller, hit->second.first, path);
          }
          continue;
        }
        auto [seen, inserted] =
            first_row_of.emplace(sealed[i].index, row.row_number);
        if (!inserted) {
          row.outcome = ImportRowOutcome::kFailed;
          row.field = "id_number";
          row.reason =
              absl::StrCat("same ID number as row ", seen->second, " above");
          continue;
        }
        row.outcome = ImportRowOutcome::kCreated;
        fresh.push_back(i);
      }
      if (fresh.empty()) return absl::OkStatus();

      db::MultiRowInsert insert(kInsertMember, kInsertMemberColumns);
      RETURN_IF_ERROR(insert.Run(
          c, fresh.size(), [&](sql::PreparedStatement& s, size_t k, int col) {
            const size_t i = fresh[k];
            const ValidMember& m = rows[i]->member.member;
            const OrgUnit& org = rows[i]->member.org;
            const Sealed& z = sealed[i];
            s.setString(col++, m.name);
            s.setString(col++, z.index);
            s.setString(col++, z.index_kid);
            s.setString(col++, z.id_number_cipher);
            s.setString(col++, z.id_number_masked);
            s.setString(col++, z.mobile_cipher);
            s.setString(col++, z.mobile_masked);
            s.setInt(col++, kGenderColumn.Encode(m.id.gender));
            s.setString(col++, db::FormatSqlDate(m.id.birth_date));
            s.setString(col++, org.id);
            s.setString(col++, org.path);
            s.setString(col++, org.county_id);
            s.setString(col++, m.employer);
            s.setInt(col++, m.migrant_worker ? 1 : 0);
            s.setString(col++, db::FormatSqlDate(m.join_date));
            s.setInt(col++, kReviewStateColumn.Encode(ReviewState::kCollected));
            s.setInt(col++,
                     kMembershipStatusColumn.Encode(MembershipStatus::kActive));
          }));

      // The new ids, by index (not by LAST_INSERT_ID arithmetic, which
      // depends on the server's auto-increment lock mode).
      std::string fresh_list;
      for (size_t k = 0; k < fresh.size(); ++k) fresh_list += k ? ",?" : "?";
      std::unique_ptr<sql::PreparedStatement> ids(c.prepareStatement(
          absl::StrCat("SELECT id_number_index, id FROM members WHERE "
                       "id_number_index IN (",
                       fresh_list, ")")));
      for (size_t k = 0; k < fresh.size(); ++k) {
        ids->setString(static_cast<int>(k) + 1, sealed[fresh[k]].index);
      }
      std::map<std::string, int64_t> id_of;
      std::unique_ptr<sql::ResultSet> id_rows(ids->executeQuery());
      while (id_rows->next()) {
        const db::Row row(*id_rows);
        id_of[row.String("id_number_index")] = row.Int64("id");
      }

      std::vector<db::OutboxEvent> events;
      events.reserve(fresh.size());
      // One audit row per chunk, listing each member registered and the
      // file row it came from: a full trail at a fraction of the writes.
      nlohmann::json created = nlohmann::json::array();
      for (size_t i : fresh) {
        ImportCandidate& row = *rows[i];
        row.member_id = id_of[sealed[i].index];
        MemberRecord m;
        m.id = row.member_id;
        m.org_id = row.member.org.id;
        m.county_id = row.member.org.county_id;
        m.review_state = ReviewState::kCollected;
        m.membership_status = MembershipStatus::kActive;
        events.push_back(EventFor(*encoder_, m, MemberChangeKind::kRegistered));
        created.push_back({{"member_id", row.member_id},
                           {"org_id", m.org_id},
                           {"row", row.row_number}});
      }
      db::AuditEntry audit{caller.subject,
                           std::string(auth::RoleName(caller.role)),
                           "member.import",
                           "member_import",
                           source_name.substr(0, 64),
                           {{"source", source_name}, {"created", created}}};
      RETURN_IF_ERROR(db::AppendAudit(c, {audit}));
      // Last: the feed's sequence lock is held from here to commit.
      return outbox_->Append(c, events);
    });
    if (status.code() != absl::StatusCode::kAlreadyExists) break;
  }
  return status;
}

absl::StatusOr<std::vector<MemberCountRow>> MemberStore::Count(
    const std::string& org_path, bool by_grassroots) {
  const char* unit = by_grassroots ? "org_id" : "county_id";
  std::vector<MemberCountRow> out;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat("SELECT ", unit,
                     ", county_id, review_state, membership_status, "
                     "COUNT(*) AS members "
                     "FROM members WHERE org_path LIKE ? GROUP BY ",
                     unit,
                     ", county_id, review_state, membership_status "
                     "ORDER BY county_id, ",
                     unit, ", review_state, membership_status")));
    select->setString(1, db::EscapeLike(org_path) + "%");
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      const db::Row row(*rows);
      out.push_back({row.String(unit), row.String("county_id"),
                     row.Enum("review_state", kReviewStateColumn),
                     row.Enum("membership_status", kMembershipStatusColumn),
                     row.Int64("members")});
    }
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace unioncard::member
