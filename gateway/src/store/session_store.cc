#include "gateway/src/store/session_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/db/sql_types.h"

namespace unioncard::gateway {

absl::Status SessionStore::Create(const StoredSession& session) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO sessions (id_hash, account_id, csrf_token, created_at, "
        "last_seen) VALUES (?, ?, ?, ?, ?)"));
    std::istringstream hash(session.id_hash);
    insert->setBlob(1, &hash);
    insert->setInt64(2, session.account_id);
    insert->setString(3, session.csrf_token);
    insert->setString(4, db::FormatSqlTimestamp(session.created_at));
    insert->setString(5, db::FormatSqlTimestamp(session.last_seen));
    insert->executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<StoredSession>> SessionStore::Find(
    const std::string& id_hash) {
  std::optional<StoredSession> found;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT account_id, csrf_token, created_at, last_seen FROM sessions "
        "WHERE id_hash = ?"));
    std::istringstream hash(id_hash);
    select->setBlob(1, &hash);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (row->next()) {
      StoredSession session;
      session.id_hash = id_hash;
      session.account_id = row->getInt64(1);
      session.csrf_token = row->getString(2);
      session.created_at =
          db::ParseSqlTimestamp(std::string(row->getString(3)));
      session.last_seen = db::ParseSqlTimestamp(std::string(row->getString(4)));
      found = std::move(session);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return found;
}

absl::StatusOr<std::optional<std::pair<StoredSession, Account>>>
SessionStore::FindWithAccount(const std::string& id_hash) {
  std::optional<std::pair<StoredSession, Account>> found;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat("SELECT sessions.csrf_token, sessions.created_at AS "
                     "session_created, sessions.last_seen, ",
                     kAccountColumns,
                     " FROM sessions JOIN accounts ON accounts.id = "
                     "sessions.account_id WHERE sessions.id_hash = ?")));
    std::istringstream hash(id_hash);
    select->setBlob(1, &hash);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (row->next()) {
      StoredSession session;
      session.id_hash = id_hash;
      session.csrf_token = row->getString("csrf_token");
      session.created_at =
          db::ParseSqlTimestamp(std::string(row->getString("session_created")));
      session.last_seen =
          db::ParseSqlTimestamp(std::string(row->getString("last_seen")));
      Account account = ReadAccount(*row);
      session.account_id = account.id;
      found.emplace(std::move(session), std::move(account));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return found;
}

absl::Status SessionStore::Touch(const std::string& id_hash, absl::Time at) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE sessions SET last_seen = ? WHERE id_hash = ?"));
    update->setString(1, db::FormatSqlTimestamp(at));
    std::istringstream hash(id_hash);
    update->setBlob(2, &hash);
    update->executeUpdate();
    return absl::OkStatus();
  });
}

absl::Status SessionStore::Delete(const std::string& id_hash) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> del(
        c.prepareStatement("DELETE FROM sessions WHERE id_hash = ?"));
    std::istringstream hash(id_hash);
    del->setBlob(1, &hash);
    del->executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<int> SessionStore::DeleteForAccount(int64_t account_id) {
  int n = 0;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> del(
        c.prepareStatement("DELETE FROM sessions WHERE account_id = ?"));
    del->setInt64(1, account_id);
    n = del->executeUpdate();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return n;
}

absl::StatusOr<int> SessionStore::DeleteIdleBefore(absl::Time cutoff) {
  int n = 0;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> del(
        c.prepareStatement("DELETE FROM sessions WHERE last_seen < ?"));
    del->setString(1, db::FormatSqlTimestamp(cutoff));
    n = del->executeUpdate();
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return n;
}

}  // namespace unioncard::gateway
