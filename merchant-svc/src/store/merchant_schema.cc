#include "merchant-svc/src/store/merchant_schema.h"

#include "common/db/audit_log.h"
#include "common/db/feed_cursor.h"
#include "common/db/idempotency.h"

namespace unioncard::merchant {

std::vector<db::Migration> MerchantSchema() {
  return {
      {1,
       "create merchants and their history",
       // state: ContractState (1 PENDING … 4 EXITED); standing: 1 NORMAL,
       // 2 FEATURED, 3 WARNING, 4 EXIT_PROPOSED.
       {R"sql(
CREATE TABLE merchants (
  id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner_org_id   VARCHAR(64)  NOT NULL,
  owner_path     VARCHAR(200) NOT NULL,
  name           VARCHAR(200) NOT NULL,
  licence_number VARCHAR(64)  NOT NULL,
  category       TINYINT      NOT NULL,
  locations      JSON         NOT NULL,
  contact        VARCHAR(200) NOT NULL DEFAULT '',
  contract_from  DATE         NOT NULL,
  contract_to    DATE         NOT NULL,
  terms          TEXT         NOT NULL,
  state          TINYINT      NOT NULL,
  standing       TINYINT      NOT NULL DEFAULT 1,
  created_at     TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY merchants_licence (licence_number),
  KEY merchants_owner (owner_path, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        R"sql(
CREATE TABLE merchant_bank_ids (
  bank_merchant_id VARCHAR(64) NOT NULL PRIMARY KEY,
  merchant_id      BIGINT      NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        // kind 1: contract state, 2: standing. `day` is the China day.
        R"sql(
CREATE TABLE merchant_history (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  merchant_id BIGINT       NOT NULL,
  kind        TINYINT      NOT NULL,
  from_value  TINYINT      NULL,
  to_value    TINYINT      NOT NULL,
  day         DATE         NOT NULL,
  at          TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  actor       VARCHAR(128) NOT NULL,
  reason      VARCHAR(500) NOT NULL DEFAULT '',
  KEY merchant_history_merchant (merchant_id, kind, day, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      {2,
       "create offers and service items",
       {R"sql(
CREATE TABLE offers (
  id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  merchant_id      BIGINT       NOT NULL,
  title            VARCHAR(200) NOT NULL,
  kind             TINYINT      NOT NULL,
  discount_percent INT          NOT NULL DEFAULT 0,
  price_fen        BIGINT       NOT NULL DEFAULT 0,
  category         TINYINT      NOT NULL,
  valid_from       DATE         NOT NULL,
  valid_to         DATE         NOT NULL,
  conditions       VARCHAR(500) NOT NULL DEFAULT '',
  withdrawn_on     DATE         NULL,
  KEY offers_merchant (merchant_id),
  KEY offers_valid (valid_from, valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        R"sql(
CREATE TABLE service_items (
  id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner_org_id VARCHAR(64)  NOT NULL,
  kind         TINYINT      NOT NULL,
  title        VARCHAR(200) NOT NULL,
  category     TINYINT      NOT NULL,
  active_from  DATE         NOT NULL,
  active_to    DATE         NULL,
  KEY service_items_owner (owner_org_id, active_from)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      {3,
       "create ratings, inspections and evaluations",
       // One rating per member, merchant and month: a second replaces it.
       {R"sql(
CREATE TABLE ratings (
  merchant_id BIGINT       NOT NULL,
  member_id   BIGINT       NOT NULL,
  month       CHAR(7)      NOT NULL,
  stars       TINYINT      NOT NULL,
  comment     VARCHAR(500) NOT NULL DEFAULT '',
  day         DATE         NOT NULL,
  PRIMARY KEY (merchant_id, member_id, month),
  KEY ratings_day (merchant_id, day),
  CONSTRAINT ratings_stars CHECK (stars BETWEEN 1 AND 5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        R"sql(
CREATE TABLE inspections (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  merchant_id BIGINT       NOT NULL,
  score       TINYINT      NOT NULL,
  notes       VARCHAR(1000) NOT NULL DEFAULT '',
  inspector   VARCHAR(128) NOT NULL,
  at          TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY inspections_merchant (merchant_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        R"sql(
CREATE TABLE evaluations (
  merchant_id   BIGINT       NOT NULL,
  day           DATE         NOT NULL,
  standing      TINYINT      NOT NULL,
  ratings       INT          NOT NULL,
  stars_total   BIGINT       NOT NULL,
  warning_since DATE         NULL,
  reason        VARCHAR(500) NOT NULL,
  PRIMARY KEY (merchant_id, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      {4,
       "create merchant_transactions",
       // From card-svc's feed, once per bank transaction id.
       {R"sql(
CREATE TABLE merchant_transactions (
  bank_transaction_id VARCHAR(64) NOT NULL PRIMARY KEY,
  merchant_id         BIGINT      NOT NULL,
  member_id           BIGINT      NOT NULL,
  amount_fen          BIGINT      NOT NULL,
  month               CHAR(7)     NOT NULL,
  at                  TIMESTAMP(6) NOT NULL,
  KEY merchant_transactions_month (merchant_id, month)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      db::AuditLogMigration(5),
      db::IdempotencyMigration(6),
      db::FeedCursorMigration(7),
      {8,
       "service items say how to use them",
       {"ALTER TABLE service_items ADD COLUMN how_to_use VARCHAR(500) NOT "
        "NULL DEFAULT ''"}},
  };
}

}  // namespace unioncard::merchant
