#include "gateway/src/store/member_login_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <sstream>

#include "common/db/sql_types.h"

namespace unioncard::gateway {
namespace {

// Binary keys go in as blobs; the stream must outlive the statement's run.
struct Blob {
  explicit Blob(const std::string& bytes) : stream(bytes) {}
  std::istringstream stream;
};

absl::StatusOr<int> CountSince(db::ConnectionPool* pool, const char* sql,
                               const std::string& key, bool binary,
                               absl::Time since) {
  int count = 0;
  absl::Status s = pool->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(sql));
    Blob blob(key);
    if (binary) {
      select->setBlob(1, &blob.stream);
    } else {
      select->setString(1, key);
    }
    select->setString(2, db::FormatSqlTimestamp(since));
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (row->next()) count = row->getInt(1);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return count;
}

}  // namespace

absl::Status MemberLoginStore::AddCode(const IssuedCode& code) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO member_login_codes (number_key, code_hash, member_id, "
        "org_id, org_path, county_id, address, created_at, expires_at) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    Blob key(code.number_key), hash(code.code_hash);
    insert->setBlob(1, &key.stream);
    insert->setBlob(2, &hash.stream);
    insert->setInt64(3, code.member.member_id);
    insert->setString(4, code.member.org_id);
    insert->setString(5, code.member.org_path);
    insert->setString(6, code.member.county_id);
    insert->setString(7, code.address);
    insert->setString(8, db::FormatSqlTimestamp(code.created_at));
    insert->setString(9, db::FormatSqlTimestamp(code.expires_at));
    insert->executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<int> MemberLoginStore::CodesForNumberSince(
    const std::string& number_key, absl::Time since) {
  return CountSince(pool_,
                    "SELECT COUNT(*) FROM member_login_codes WHERE "
                    "number_key = ? AND created_at >= ?",
                    number_key, true, since);
}

absl::StatusOr<int> MemberLoginStore::CodesFromAddressSince(
    const std::string& address, absl::Time since) {
  return CountSince(pool_,
                    "SELECT COUNT(*) FROM member_login_codes WHERE address = "
                    "? AND created_at >= ?",
                    address, false, since);
}

absl::StatusOr<std::optional<MemberLoginStore::LiveCode>>
MemberLoginStore::NewestLiveCode(const std::string& number_key,
                                 absl::Time now) {
  std::optional<LiveCode> found;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT id, code_hash, member_id, org_id, org_path, county_id FROM "
        "member_login_codes WHERE number_key = ? AND member_id > 0 AND "
        "used_at IS NULL AND expires_at > ? ORDER BY id DESC LIMIT 1"));
    Blob key(number_key);
    select->setBlob(1, &key.stream);
    select->setString(2, db::FormatSqlTimestamp(now));
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (row->next()) {
      LiveCode code;
      code.id = row->getInt64(1);
      code.code_hash = row->getString(2);
      code.member = {row->getInt64(3), row->getString(4), row->getString(5),
                     row->getString(6)};
      found = std::move(code);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return found;
}

absl::StatusOr<bool> MemberLoginStore::ClaimAttempt(int64_t id, int max) {
  bool claimed = false;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE member_login_codes SET attempts = attempts + 1 WHERE id = ? "
        "AND attempts < ? AND used_at IS NULL"));
    update->setInt64(1, id);
    update->setInt(2, max);
    claimed = update->executeUpdate() == 1;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return claimed;
}

absl::StatusOr<bool> MemberLoginStore::UseCode(int64_t id, absl::Time now) {
  bool used = false;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE member_login_codes SET used_at = ? WHERE id = ? AND used_at "
        "IS NULL"));
    update->setString(1, db::FormatSqlTimestamp(now));
    update->setInt64(2, id);
    used = update->executeUpdate() == 1;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return used;
}

absl::Status MemberLoginStore::AddFailure(const std::string& number_key,
                                          absl::Time at) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO member_login_failures (number_key, at) VALUES (?, ?)"));
    Blob key(number_key);
    insert->setBlob(1, &key.stream);
    insert->setString(2, db::FormatSqlTimestamp(at));
    insert->executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<MemberLoginStore::Failures> MemberLoginStore::FailuresSince(
    const std::string& number_key, absl::Time since, int nth) {
  Failures failures;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT at FROM member_login_failures WHERE number_key = ? AND at >= "
        "? ORDER BY at DESC"));
    Blob key(number_key);
    select->setBlob(1, &key.stream);
    select->setString(2, db::FormatSqlTimestamp(since));
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    while (row->next()) {
      if (++failures.count == nth) {
        failures.nth_latest =
            db::ParseSqlTimestamp(std::string(row->getString(1)));
      }
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return failures;
}

absl::Status MemberLoginStore::ClearFailures(const std::string& number_key) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> del(c.prepareStatement(
        "DELETE FROM member_login_failures WHERE number_key = ?"));
    Blob key(number_key);
    del->setBlob(1, &key.stream);
    del->executeUpdate();
    return absl::OkStatus();
  });
}

absl::Status MemberLoginStore::CreateSession(const MemberSessionRow& session) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO member_sessions (id_hash, member_id, org_id, org_path, "
        "county_id, csrf_token, created_at, last_seen) VALUES (?, ?, ?, ?, ?, "
        "?, ?, ?)"));
    Blob hash(session.id_hash);
    insert->setBlob(1, &hash.stream);
    insert->setInt64(2, session.member.member_id);
    insert->setString(3, session.member.org_id);
    insert->setString(4, session.member.org_path);
    insert->setString(5, session.member.county_id);
    insert->setString(6, session.csrf_token);
    insert->setString(7, db::FormatSqlTimestamp(session.created_at));
    insert->setString(8, db::FormatSqlTimestamp(session.last_seen));
    insert->executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<MemberSessionRow>> MemberLoginStore::FindSession(
    const std::string& id_hash) {
  std::optional<MemberSessionRow> found;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT member_id, org_id, org_path, county_id, csrf_token, "
        "created_at, last_seen FROM member_sessions WHERE id_hash = ?"));
    Blob hash(id_hash);
    select->setBlob(1, &hash.stream);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (row->next()) {
      MemberSessionRow session;
      session.id_hash = id_hash;
      session.member = {row->getInt64(1), row->getString(2), row->getString(3),
                        row->getString(4)};
      session.csrf_token = row->getString(5);
      session.created_at =
          db::ParseSqlTimestamp(std::string(row->getString(6)));
      session.last_seen = db::ParseSqlTimestamp(std::string(row->getString(7)));
      found = std::move(session);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return found;
}

absl::Status MemberLoginStore::TouchSession(const std::string& id_hash,
                                            absl::Time at) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE member_sessions SET last_seen = ? WHERE id_hash = ?"));
    Blob hash(id_hash);
    update->setString(1, db::FormatSqlTimestamp(at));
    update->setBlob(2, &hash.stream);
    update->executeUpdate();
    return absl::OkStatus();
  });
}

absl::Status MemberLoginStore::DeleteOtherSessions(
    int64_t member_id, const std::string& keep_hash) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> del(c.prepareStatement(
        "DELETE FROM member_sessions WHERE member_id = ? AND id_hash <> ?"));
    Blob hash(keep_hash);
    del->setInt64(1, member_id);
    del->setBlob(2, &hash.stream);
    del->executeUpdate();
    return absl::OkStatus();
  });
}

absl::Status MemberLoginStore::DeleteSession(const std::string& id_hash) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> del(
        c.prepareStatement("DELETE FROM member_sessions WHERE id_hash = ?"));
    Blob hash(id_hash);
    del->setBlob(1, &hash.stream);
    del->executeUpdate();
    return absl::OkStatus();
  });
}

}  // namespace unioncard::gateway
