#include "gateway/src/store/schema.h"

#include "common/db/audit_log.h"

namespace unioncard::gateway {

std::vector<db::Migration> GatewaySchema() {
  return {
      {1, "create accounts", {R"sql(
CREATE TABLE accounts (
  id                   BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username             VARCHAR(32)  NOT NULL,
  display_name         VARCHAR(50)  NOT NULL,
  role                 VARCHAR(32)  NOT NULL,
  org_id               VARCHAR(64)  NOT NULL,
  org_path             VARCHAR(255) NOT NULL,
  password_hash        VARCHAR(255) NOT NULL,
  must_change_password TINYINT      NOT NULL DEFAULT 1,
  disabled             TINYINT      NOT NULL DEFAULT 0,
  failed_logins        INT          NOT NULL DEFAULT 0,
  last_failed_at       TIMESTAMP(6) NULL,
  created_by           VARCHAR(32)  NOT NULL,
  created_at           TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  changed_by           VARCHAR(32)  NOT NULL,
  changed_at           TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY accounts_username (username),
  KEY accounts_scope (org_path, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      // Only a hash of the session id is stored: a copy of the table does
      // not let anyone sign in.
      {2, "create sessions", {R"sql(
CREATE TABLE sessions (
  id_hash    BINARY(32)   NOT NULL PRIMARY KEY,
  account_id BIGINT       NOT NULL,
  csrf_token CHAR(43)     NOT NULL,
  created_at TIMESTAMP(6) NOT NULL,
  last_seen  TIMESTAMP(6) NOT NULL,
  KEY sessions_account (account_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      db::AuditLogMigration(3),
      {4, "index audit_log by actor", {R"sql(
CREATE INDEX audit_actor ON audit_log (actor, at))sql"}},
      // Second factor: the secret only encrypted (AES-256-GCM, --data_keys);
      // the last step used, so each code is good once on every replica.
      {5, "accounts: TOTP second factor", {R"sql(
ALTER TABLE accounts
  ADD COLUMN totp_cipher         VARBINARY(255) NULL,
  ADD COLUMN totp_pending_cipher VARBINARY(255) NULL,
  ADD COLUMN totp_last_step      BIGINT NOT NULL DEFAULT 0)sql"}},
      // The members' channel (docs/architecture.md §7.7). ID numbers appear
      // only as a keyed hash; codes only hashed. A code row is written for
      // every request, matched or not, so the hourly limits count both.
      {6,
       "members' sign-in codes and sessions",
       {R"sql(
CREATE TABLE IF NOT EXISTS member_login_codes (
  id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  number_key BINARY(32)   NOT NULL,
  code_hash  BINARY(32)   NOT NULL,
  member_id  BIGINT       NOT NULL,
  org_id     VARCHAR(64)  NOT NULL DEFAULT '',
  org_path   VARCHAR(255) NOT NULL DEFAULT '',
  county_id  VARCHAR(64)  NOT NULL DEFAULT '',
  address    VARCHAR(64)  NOT NULL,
  created_at TIMESTAMP(6) NOT NULL,
  expires_at TIMESTAMP(6) NOT NULL,
  used_at    TIMESTAMP(6) NULL,
  KEY member_login_codes_number (number_key, created_at),
  KEY member_login_codes_address (address, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        R"sql(
CREATE TABLE IF NOT EXISTS member_login_failures (
  number_key BINARY(32)   NOT NULL,
  at         TIMESTAMP(6) NOT NULL,
  KEY member_login_failures_number (number_key, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        R"sql(
CREATE TABLE IF NOT EXISTS member_sessions (
  id_hash    BINARY(32)   NOT NULL PRIMARY KEY,
  member_id  BIGINT       NOT NULL,
  org_id     VARCHAR(64)  NOT NULL,
  org_path   VARCHAR(255) NOT NULL,
  county_id  VARCHAR(64)  NOT NULL,
  csrf_token CHAR(43)     NOT NULL,
  created_at TIMESTAMP(6) NOT NULL,
  last_seen  TIMESTAMP(6) NOT NULL,
  KEY member_sessions_member (member_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      // Guesses are counted on the code itself, atomically: however many
      // requests race, a code takes at most five.
      {7, "count the guesses at each sign-in code", {R"sql(
ALTER TABLE member_login_codes ADD COLUMN IF NOT EXISTS attempts INT NOT NULL DEFAULT 0)sql"}},
  };
}

}  // namespace unioncard::gateway
