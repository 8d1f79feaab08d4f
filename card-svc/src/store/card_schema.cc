#include "card-svc/src/store/card_schema.h"

#include "absl/strings/str_cat.h"
#include "card-svc/src/store/card_columns.h"
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
      {8,
       "create bank_card_orders",
       // Card changes the bank must hear of; event is a CardEvent number.
       {R"sql(
CREATE TABLE bank_card_orders (
  id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  card_id    BIGINT       NOT NULL,
  event      TINYINT      NOT NULL,
  reason     VARCHAR(200) NOT NULL DEFAULT '',
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  sent_at    TIMESTAMP(6) NULL,
  attempts   INT          NOT NULL DEFAULT 0,
  last_error VARCHAR(300) NOT NULL DEFAULT '',
  KEY bank_card_orders_pending (sent_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      {9,
       "create payout programmes, batches, items and the ledger",
       {R"sql(
CREATE TABLE payout_programmes (
  id         VARCHAR(64)  NOT NULL PRIMARY KEY,
  name       VARCHAR(100) NOT NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        // The programmes of docs/rules.md §5.8.
        R"sql(
INSERT INTO payout_programmes (id, name) VALUES
  ('love-card-relief', '工会爱心卡专项救助'),
  ('one-day-donation', '一日捐救助'),
  ('golden-autumn', '金秋助学'),
  ('model-worker-relief', '困难劳模救济'),
  ('skills-competition', '技能大赛选手奖金'),
  ('innovation-award', '职工优秀技术创新成果奖金'))sql",
        // state: 1 awaiting approval, 2 approved, 3 declined.
        R"sql(
CREATE TABLE payout_batches (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  programme_id  VARCHAR(64)  NOT NULL,
  title         VARCHAR(200) NOT NULL,
  org_path      VARCHAR(200) NOT NULL,
  state         TINYINT      NOT NULL,
  created_by    VARCHAR(128) NOT NULL,
  created_at    TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  decided_by    VARCHAR(128) NOT NULL DEFAULT '',
  decided_at    TIMESTAMP(6) NULL,
  decision_note VARCHAR(200) NOT NULL DEFAULT ''
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        // state: see PayoutItemState. One row per key, here and at the bank.
        R"sql(
CREATE TABLE payout_items (
  id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  batch_id        BIGINT       NOT NULL,
  line_no         INT          NOT NULL,
  member_id       BIGINT       NOT NULL,
  card_id         BIGINT       NOT NULL,
  amount_fen      BIGINT       NOT NULL,
  reason          VARCHAR(200) NOT NULL,
  idempotency_key VARCHAR(64)  NOT NULL,
  state           TINYINT      NOT NULL,
  bank_token      VARCHAR(64)  NOT NULL DEFAULT '',
  sent_at         TIMESTAMP(6) NULL,
  bank_reference  VARCHAR(64)  NOT NULL DEFAULT '',
  result          VARCHAR(200) NOT NULL DEFAULT '',
  result_at       TIMESTAMP(6) NULL,
  UNIQUE KEY payout_items_key (idempotency_key),
  UNIQUE KEY payout_items_line (batch_id, line_no),
  KEY payout_items_state (state, id),
  CONSTRAINT payout_items_positive CHECK (amount_fen > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        // Money the bank confirmed moved; one row per key, never changed.
        R"sql(
CREATE TABLE payout_ledger (
  id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  item_id         BIGINT       NOT NULL,
  idempotency_key VARCHAR(64)  NOT NULL,
  bank_token      VARCHAR(64)  NOT NULL,
  amount_fen      BIGINT       NOT NULL,
  bank_reference  VARCHAR(64)  NOT NULL,
  booked_at       TIMESTAMP(6) NOT NULL,
  business_day    DATE         NOT NULL,
  UNIQUE KEY payout_ledger_key (idempotency_key),
  KEY payout_ledger_day (business_day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        db::AppendOnlyTrigger("payout_ledger", "UPDATE"),
        db::AppendOnlyTrigger("payout_ledger", "DELETE")}},
      {10, "create card_transactions", {R"sql(
CREATE TABLE card_transactions (
  id                  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  bank_transaction_id VARCHAR(64)  NOT NULL,
  card_id             BIGINT       NOT NULL,
  member_id           BIGINT       NOT NULL,
  county_id           VARCHAR(64)  NOT NULL,
  org_id              VARCHAR(64)  NOT NULL,
  bank_merchant_id    VARCHAR(64)  NOT NULL,
  amount_fen          BIGINT       NOT NULL,
  at                  TIMESTAMP(6) NOT NULL,
  received_at         TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY card_transactions_bank_id (bank_transaction_id),
  KEY card_transactions_member (member_id, at),
  KEY card_transactions_county (county_id, at),
  KEY card_transactions_merchant (bank_merchant_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      {11,
       "index payouts by member",
       // The members' channel lists a member's own payouts.
       {"ALTER TABLE payout_items ADD KEY payout_items_member (member_id, "
        "id)"}},
      {12, "count cards per county and day",
       [] {
         // The statistics' "as of a day" figures add up these rows
         // instead of reading every card issued before the day
         // (card_change_records.h keeps them with each change).
         std::vector<std::string> statements = {R"sql(
CREATE TABLE card_day_counts (
  county_id VARCHAR(64) NOT NULL,
  day       DATE        NOT NULL,
  activated INT         NOT NULL DEFAULT 0,
  live      INT         NOT NULL DEFAULT 0,
  PRIMARY KEY (county_id, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"};
         for (std::string& s : RebuildCardDayCounts()) {
           statements.push_back(std::move(s));
         }
         return statements;
       }()},
      {13,
       "store each member's insurance coverage",
       // The roster reads a month's starts and ends of coverage and a sum
       // of day counts (card_change_records.h). Filled from the cards in
       // C++ (the chain rule is the domain's) by the first card-svc that
       // starts after this migration: the pending row says so
       // (CardStore::RebuildStoredFiguresIfPending).
       {R"sql(
CREATE TABLE coverage_spans (
  member_id   BIGINT NOT NULL,
  from_day    DATE   NOT NULL,
  through_day DATE   NULL,
  PRIMARY KEY (member_id, from_day),
  KEY coverage_spans_from (from_day),
  KEY coverage_spans_through (through_day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        R"sql(
CREATE TABLE coverage_day_counts (
  day     DATE NOT NULL PRIMARY KEY,
  covered INT  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        "CREATE TABLE coverage_rebuild_pending (id TINYINT NOT NULL PRIMARY "
        "KEY) ENGINE=InnoDB",
        "INSERT INTO coverage_rebuild_pending VALUES (1)"}},
      {14,
       "cover the roster's reads of a month by their indexes",
       // The roster's additions are spans starting in the month that are
       // still running at its end, its removals spans ending in it that
       // began before it: with both days in each index, a candidate span
       // is judged from the index alone, not by a lookup of its row
       // (34,666 additions in a month of Cangzhou's 2017).
       {"ALTER TABLE coverage_spans DROP KEY coverage_spans_from, "
        "ADD KEY coverage_spans_from (from_day, through_day), "
        "DROP KEY coverage_spans_through, "
        "ADD KEY coverage_spans_through (through_day, from_day)"}},
      {15,
       "mark the card changes in the feed with CardEvent.KIND_CARD_CHANGED",
       // Until 2026-12 a card change had kind 0, which the encoder left
       // out; 0 is now KIND_UNSPECIFIED and a card change is 2. Appending
       // field 11 (tag 0x58) = 2 sets it: a parser keeps a scalar's last
       // value, so the rest of each stored event is untouched.
       {absl::StrCat("UPDATE card_events SET payload = CONCAT(payload, "
                     "X'5802') WHERE type <> ",
                     kTransactionEventType)}},
  };
}

std::vector<std::string> RebuildCardDayCounts() {
  // Days are China's (UTC+8; the session is set to UTC first, as the
  // pool's are). Run with card writers stopped or holding the feed's lock
  // (RebuildStoredFiguresIfPending does). `activated`:
  // cards activated that day, where they were issued; `live`: cards issued
  // that day less issued cards that ended that day (a card whose end
  // time is before its issue time never counted), where the card's member
  // is now.
  return {"SET time_zone = '+00:00'", "DELETE FROM card_day_counts", R"sql(
INSERT INTO card_day_counts (county_id, day, activated, live)
SELECT county_id, day, SUM(activated), SUM(live) FROM (
  SELECT issued_county_id AS county_id,
         DATE(activated_at + INTERVAL 8 HOUR) AS day, 1 AS activated, 0 AS live
    FROM cards WHERE activated_at IS NOT NULL
  UNION ALL
  SELECT county_id, DATE(issued_at + INTERVAL 8 HOUR), 0, 1
    FROM cards WHERE issued_at IS NOT NULL
  UNION ALL
  SELECT county_id, DATE(GREATEST(ended_at, issued_at) + INTERVAL 8 HOUR),
         0, -1
    FROM cards WHERE issued_at IS NOT NULL AND ended_at IS NOT NULL
) changes GROUP BY county_id, day)sql"};
}

}  // namespace unioncard::card
