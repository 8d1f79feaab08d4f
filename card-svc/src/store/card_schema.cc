#include "card-svc/src/store/card_schema.h"

#include "common/db/audit_log.h"
#include "common/db/feed_cursor.h"
#include "common/db/idempotency.h"

namespace unioncard::card {

const db::EventOutbox& CardEventOutbox() {
  static const db::EventOutbox* outbox = new db::EventOutbox("card_events");
  return *outbox;
}

std::vector<db::Migration> CardSchema() {
  return {
      {1,
       "create cards",
       // States 5 (REJECTED), 8 (REPLACED) and 9 (CANCELLED) are not live;
       // see card_lifecycle.h.
       {R"sql(
CREATE TABLE cards (
  id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  member_id        BIGINT       NOT NULL,
  county_id        VARCHAR(64)  NOT NULL,
  org_id           VARCHAR(64)  NOT NULL,
  state            TINYINT      NOT NULL,
  before_freeze    TINYINT      NOT NULL DEFAULT 3,
  live_member_id   BIGINT AS (IF(state IN (5, 8, 9), NULL, member_id)) PERSISTENT,
  replaces_card_id BIGINT       NULL,
  bank_token       VARCHAR(64)  NULL,
  last4            CHAR(4)      NULL,
  expiry           CHAR(7)      NULL,
  issued_county_id VARCHAR(64)  NULL,
  issued_at        TIMESTAMP(6) NULL,
  activated_at     TIMESTAMP(6) NULL,
  ended_at         TIMESTAMP(6) NULL,
  note             VARCHAR(200) NOT NULL DEFAULT '',
  created_at       TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at       TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY cards_one_live_per_member (live_member_id),
  UNIQUE KEY cards_bank_token (bank_token),
  KEY cards_member (member_id),
  KEY cards_issued (issued_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      {2, "create card_history", {R"sql(
CREATE TABLE card_history (
  id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  card_id    BIGINT       NOT NULL,
  from_state TINYINT      NULL,
  to_state   TINYINT      NOT NULL,
  at         TIMESTAMP(6) NOT NULL,
  reason     VARCHAR(200) NOT NULL DEFAULT '',
  KEY card_history_card (card_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      db::AuditLogMigration(3),
      db::IdempotencyMigration(4),
      CardEventOutbox().CreateTablesMigration(5),
      // Where card-svc is in member-svc's change feed.
      db::FeedCursorMigration(6),
      {7,
       "create issuance batches",
       // state: 1 FILLING, 2 QUEUED, 3 SENT (issuance_batch_store.h).
       {R"sql(
CREATE TABLE issuance_batches (
  id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id          VARCHAR(64)  NOT NULL,
  county_id       VARCHAR(64)  NOT NULL,
  org_path        VARCHAR(200) NOT NULL,
  state           TINYINT      NOT NULL,
  created_by      VARCHAR(128) NOT NULL,
  created_at      TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  sent_at         TIMESTAMP(6) NULL,
  send_attempts   INT          NOT NULL DEFAULT 0,
  last_send_error VARCHAR(300) NOT NULL DEFAULT '',
  KEY issuance_batches_state (state, id),
  KEY issuance_batches_path (org_path, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        // One row per member; a card is in at most one batch.
        R"sql(
CREATE TABLE issuance_batch_items (
  batch_id  BIGINT       NOT NULL,
  member_id BIGINT       NOT NULL,
  card_id   BIGINT       NULL,
  problem   VARCHAR(300) NOT NULL DEFAULT '',
  PRIMARY KEY (batch_id, member_id),
  UNIQUE KEY issuance_batch_items_card (card_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
  };
}

}  // namespace unioncard::card
