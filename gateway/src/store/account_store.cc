#include "gateway/src/store/account_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/db/sql_types.h"

namespace unioncard::gateway {
constexpr char kAccountColumns[] =
    "accounts.id, username, display_name, role, org_id, org_path, "
    "password_hash, must_change_password, disabled, failed_logins, "
    "last_failed_at, created_by, accounts.created_at, changed_by, changed_at, "
    "totp_cipher, totp_pending_cipher, totp_last_step";

Account ReadAccount(sql::ResultSet& row) {
  Account a;
  a.id = row.getInt64("id");
  a.username = row.getString("username");
  a.display_name = row.getString("display_name");
  a.role = auth::ParseRole(std::string(row.getString("role")))
               .value_or(auth::Role::kUnspecified);
  a.org_id = row.getString("org_id");
  a.org_path = row.getString("org_path");
  a.password_hash = row.getString("password_hash");
  a.must_change_password = row.getInt("must_change_password") != 0;
  a.disabled = row.getInt("disabled") != 0;
  a.failed_logins = row.getInt("failed_logins");
  a.last_failed_at =
      row.isNull("last_failed_at")
          ? absl::InfinitePast()
          : db::ParseSqlTimestamp(std::string(row.getString("last_failed_at")));
  a.created_by = row.getString("created_by");
  a.created_at =
      db::ParseSqlTimestamp(std::string(row.getString("created_at")));
  a.changed_by = row.getString("changed_by");
  a.changed_at =
      db::ParseSqlTimestamp(std::string(row.getString("changed_at")));
  if (!row.isNull("totp_cipher")) a.totp_cipher = row.getString("totp_cipher");
  if (!row.isNull("totp_pending_cipher")) {
    a.totp_pending_cipher = row.getString("totp_pending_cipher");
  }
  a.totp_last_step = row.getInt64("totp_last_step");
  return a;
}

absl::StatusOr<Account> AccountStore::Create(const Account& account,
                                             const db::AuditEntry& audit) {
  int64_t id = 0;
  absl::Status s = pool_->InTransaction([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO accounts (username, display_name, role, org_id, "
        "org_path, password_hash, must_change_password, created_by, "
        "changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert->setString(1, account.username);
    insert->setString(2, account.display_name);
    insert->setString(3, std::string(auth::RoleName(account.role)));
    insert->setString(4, account.org_id);
    insert->setString(5, account.org_path);
    insert->setString(6, account.password_hash);
    insert->setInt(7, account.must_change_password ? 1 : 0);
    insert->setString(8, account.created_by);
    insert->setString(9, account.created_by);
    insert->executeUpdate();
    id = db::LastInsertId(c);
    db::AuditEntry entry = audit;
    entry.target_id = absl::StrCat(id);
    return db::AppendAudit(c, {entry});
  });
  if (absl::IsAlreadyExists(s)) {
    return absl::AlreadyExistsError(
        absl::StrCat("the username \"", account.username, "\" is taken"));
  }
  if (!s.ok()) return s;
  return Get(id);
}

absl::StatusOr<Account> AccountStore::Get(int64_t id) {
  std::optional<Account> found;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement(absl::StrCat("SELECT ", kAccountColumns,
                                        " FROM accounts WHERE id = ?")));
    select->setInt64(1, id);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (row->next()) found = ReadAccount(*row);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  if (!found) {
    return absl::NotFoundError(absl::StrCat("account ", id, " not found"));
  }
  return *std::move(found);
}

absl::StatusOr<std::optional<Account>> AccountStore::FindByUsername(
    const std::string& username) {
  std::optional<Account> found;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement(absl::StrCat("SELECT ", kAccountColumns,
                                        " FROM accounts WHERE username = ?")));
    select->setString(1, username);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (row->next()) found = ReadAccount(*row);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return found;
}

absl::StatusOr<std::vector<Account>> AccountStore::ListUnder(
    const std::string& org_path, int64_t after_id, int limit) {
  std::vector<Account> out;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat("SELECT ", kAccountColumns,
                     " FROM accounts WHERE org_path LIKE ? AND id > ? "
                     "ORDER BY id LIMIT ?")));
    select->setString(1, db::EscapeLike(org_path) + "%");
    select->setInt64(2, after_id);
    select->setInt(3, limit);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    while (row->next()) out.push_back(ReadAccount(*row));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<int64_t> AccountStore::Count() {
  int64_t n = 0;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement("SELECT COUNT(*) FROM accounts"));
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (row->next()) n = row->getInt64(1);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return n;
}

absl::Status AccountStore::UpdateWithAudit(
    const std::string& sql_text,
    const std::function<void(sql::PreparedStatement&)>& bind,
    const db::AuditEntry& audit) {
  return pool_->InTransaction([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> update(
        c.prepareStatement(sql_text));
    bind(*update);
    // Callers read the account first; 0 changed rows only means the
    // values were already so (MySQL counts changed, not matched, rows).
    update->executeUpdate();
    return db::AppendAudit(c, {audit});
  });
}

absl::Status AccountStore::RecordFailure(int64_t id, absl::Time at,
                                         const db::AuditEntry& audit) {
  return UpdateWithAudit(
      "UPDATE accounts SET failed_logins = failed_logins + 1, "
      "last_failed_at = ? WHERE id = ?",
      [&](sql::PreparedStatement& s) {
        s.setString(1, db::FormatSqlTimestamp(at));
        s.setInt64(2, id);
      },
      audit);
}

absl::Status AccountStore::RecordSuccess(int64_t id,
                                         const std::string& rehashed,
                                         const db::AuditEntry& audit) {
  return UpdateWithAudit(
      "UPDATE accounts SET failed_logins = 0, last_failed_at = NULL, "
      "password_hash = IF(? = '', password_hash, ?) WHERE id = ?",
      [&](sql::PreparedStatement& s) {
        s.setString(1, rehashed);
        s.setString(2, rehashed);
        s.setInt64(3, id);
      },
      audit);
}

absl::Status AccountStore::SetPassword(int64_t id, const std::string& hash,
                                       bool must_change, const std::string& by,
                                       const db::AuditEntry& audit) {
  return UpdateWithAudit(
      "UPDATE accounts SET password_hash = ?, must_change_password = ?, "
      "changed_by = ?, changed_at = CURRENT_TIMESTAMP(6) WHERE id = ?",
      [&](sql::PreparedStatement& s) {
        s.setString(1, hash);
        s.setInt(2, must_change ? 1 : 0);
        s.setString(3, by);
        s.setInt64(4, id);
      },
      audit);
}

absl::Status AccountStore::SetDisabled(int64_t id, bool disabled,
                                       const std::string& by,
                                       const db::AuditEntry& audit) {
  return UpdateWithAudit(
      "UPDATE accounts SET disabled = ?, changed_by = ?, "
      "changed_at = CURRENT_TIMESTAMP(6) WHERE id = ?",
      [&](sql::PreparedStatement& s) {
        s.setInt(1, disabled ? 1 : 0);
        s.setString(2, by);
        s.setInt64(3, id);
      },
      audit);
}

absl::Status AccountStore::Unlock(int64_t id, const std::string& by,
                                  const db::AuditEntry& audit) {
  return UpdateWithAudit(
      "UPDATE accounts SET failed_logins = 0, last_failed_at = NULL, "
      "changed_by = ?, changed_at = CURRENT_TIMESTAMP(6) WHERE id = ?",
      [&](sql::PreparedStatement& s) {
        s.setString(1, by);
        s.setInt64(2, id);
      },
      audit);
}

absl::Status AccountStore::SetTotpPending(int64_t id, const std::string& cipher,
                                          const db::AuditEntry& audit) {
  return UpdateWithAudit(
      "UPDATE accounts SET totp_pending_cipher = ? WHERE id = ?",
      [&](sql::PreparedStatement& s) {
        s.setString(1, cipher);
        s.setInt64(2, id);
      },
      audit);
}

absl::Status AccountStore::ConfirmTotp(int64_t id, int64_t step,
                                       const db::AuditEntry& audit) {
  return UpdateWithAudit(
      "UPDATE accounts SET totp_cipher = totp_pending_cipher, "
      "totp_pending_cipher = NULL, totp_last_step = ? WHERE id = ? AND "
      "totp_pending_cipher IS NOT NULL",
      [&](sql::PreparedStatement& s) {
        s.setInt64(1, step);
        s.setInt64(2, id);
      },
      audit);
}

absl::StatusOr<bool> AccountStore::UseTotpStep(int64_t id, int64_t step) {
  bool used = false;
  absl::Status s = pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE accounts SET totp_last_step = ? WHERE id = ? AND "
        "totp_last_step < ?"));
    update->setInt64(1, step);
    update->setInt64(2, id);
    update->setInt64(3, step);
    used = update->executeUpdate() == 1;
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return used;
}

absl::Status AccountStore::ClearTotp(int64_t id) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE accounts SET totp_cipher = NULL, totp_pending_cipher = NULL "
        "WHERE id = ?"));
    update->setInt64(1, id);
    update->executeUpdate();
    return absl::OkStatus();
  });
}

}  // namespace unioncard::gateway
