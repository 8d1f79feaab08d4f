#include "member-svc/src/store/schema.h"

#include "common/db/audit_log.h"
#include "common/db/idempotency.h"

namespace unioncard::member {

const db::EventOutbox& MemberEventOutbox() {
  static const db::EventOutbox* outbox = new db::EventOutbox("member_events");
  return *outbox;
}

std::vector<db::Migration> MemberSchema() {
  return {
      {1, "create org_units", {R"sql(
CREATE TABLE org_units (
  id         VARCHAR(64)  NOT NULL PRIMARY KEY,
  parent_id  VARCHAR(64)  NULL,
  level      TINYINT      NOT NULL,
  name       VARCHAR(100) NOT NULL,
  path       VARCHAR(255) NOT NULL,
  county_id  VARCHAR(64)  NOT NULL,
  closed     TINYINT      NOT NULL DEFAULT 0,
  next_child INT          NOT NULL DEFAULT 1,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY org_units_path (path),
  KEY org_units_parent (parent_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      {2,
       "create members",
       // ID numbers and mobiles only encrypted (and masked for lists);
       // lookups go through the keyed-hash index.
       {R"sql(
CREATE TABLE members (
  id                BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name              VARCHAR(30)   NOT NULL,
  id_number_index   BINARY(32)    NOT NULL,
  id_number_key     VARCHAR(16)   NOT NULL,
  id_number_cipher  VARBINARY(96) NOT NULL,
  id_number_masked  CHAR(18)      NOT NULL,
  mobile_cipher     VARBINARY(96) NOT NULL,
  mobile_masked     CHAR(11)      NOT NULL,
  gender            TINYINT       NOT NULL,
  birth_date        DATE          NOT NULL,
  org_id            VARCHAR(64)   NOT NULL,
  org_path          VARCHAR(255)  NOT NULL,
  county_id         VARCHAR(64)   NOT NULL,
  employer          VARCHAR(100)  NOT NULL DEFAULT '',
  migrant_worker    TINYINT       NOT NULL DEFAULT 0,
  join_date         DATE          NOT NULL,
  review_state      TINYINT       NOT NULL,
  review_note       VARCHAR(200)  NOT NULL DEFAULT '',
  membership_status TINYINT       NOT NULL,
  end_reason        TINYINT       NOT NULL DEFAULT 0,
  created_at        TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at        TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY members_id_number (id_number_index),
  KEY members_org_path (org_path, id),
  KEY members_counts (county_id, review_state, membership_status),
  KEY members_org (org_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      db::AuditLogMigration(3),
      db::IdempotencyMigration(4),
      MemberEventOutbox().CreateTablesMigration(5),
      {6,
       "create help_requests and notices",
       // The members' channel (docs/rules.md §9). A request keeps the
       // member's union and county as they were when asked: it stays in
       // that county's queue.
       {R"sql(
CREATE TABLE IF NOT EXISTS help_requests (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  member_id   BIGINT        NOT NULL,
  org_id      VARCHAR(64)   NOT NULL,
  org_path    VARCHAR(255)  NOT NULL,
  county_id   VARCHAR(64)   NOT NULL,
  kind        TINYINT       NOT NULL,
  subject     VARCHAR(200)  NOT NULL,
  body        TEXT          NOT NULL,
  state       TINYINT       NOT NULL,
  answer      TEXT          NOT NULL,
  handled_by  VARCHAR(128)  NOT NULL DEFAULT '',
  created_at  TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at  TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY help_requests_member (member_id, id),
  KEY help_requests_county (county_id, state, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        R"sql(
CREATE TABLE IF NOT EXISTS notices (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id       VARCHAR(64)   NOT NULL,
  title        VARCHAR(200)  NOT NULL,
  body         TEXT          NOT NULL,
  published_by VARCHAR(128)  NOT NULL,
  published_at TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY notices_org (org_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
  };
}

}  // namespace unioncard::member
