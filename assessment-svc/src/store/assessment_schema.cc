#include "assessment-svc/src/store/assessment_schema.h"

#include "common/db/audit_log.h"
#include "common/db/feed_cursor.h"

namespace unioncard::assessment {

const char kRebuildDailyCards[] = R"sql(
INSERT INTO daily_cards (county_id, day, first_issues, live_delta, activations)
SELECT county_id, day, SUM(f), SUM(l), SUM(a) FROM (
  SELECT county_id, issued_day AS day, 1 AS f, 0 AS l, 0 AS a
    FROM first_issues
  UNION ALL SELECT county_id, issued_day, 0, 1, 0 FROM card_spans
  UNION ALL SELECT county_id, ended_day, 0, -1, 0 FROM card_spans
    WHERE ended_day IS NOT NULL
  UNION ALL SELECT county_id, day, 0, 0, 1 FROM activations) AS rows_by_day
GROUP BY county_id, day)sql";

std::vector<db::Migration> AssessmentSchema() {
  return {
      {1,
       "create card progress counters",
       {R"sql(
CREATE TABLE first_issues (
  member_id  BIGINT      NOT NULL PRIMARY KEY,
  county_id  VARCHAR(64) NOT NULL,
  issued_day DATE        NOT NULL,
  KEY first_issues_day (issued_day, county_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        R"sql(
CREATE TABLE card_spans (
  card_id    BIGINT      NOT NULL PRIMARY KEY,
  member_id  BIGINT      NOT NULL,
  county_id  VARCHAR(64) NOT NULL,
  issued_day DATE        NOT NULL,
  ended_day  DATE        NULL,
  KEY card_spans_day (issued_day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        R"sql(
CREATE TABLE activations (
  card_id   BIGINT      NOT NULL PRIMARY KEY,
  county_id VARCHAR(64) NOT NULL,
  day       DATE        NOT NULL,
  KEY activations_day (day, county_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      db::FeedCursorMigration(2),
      db::AuditLogMigration(3),
      {4,
       "create regular_items",
       // Half points, as Score keeps them.
       {R"sql(
CREATE TABLE regular_items (
  year              INT          NOT NULL,
  unit_code         VARCHAR(64)  NOT NULL,
  leadership_halves INT          NOT NULL,
  measures_halves   INT          NOT NULL,
  omissions         INT          NOT NULL,
  criticisms        INT          NOT NULL,
  updated_by        VARCHAR(128) NOT NULL,
  updated_at        TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                    ON UPDATE CURRENT_TIMESTAMP(6),
  PRIMARY KEY (year, unit_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      {5, "create incidents (dated omissions and criticisms)", {R"sql(
CREATE TABLE incidents (
  id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  request_id       VARCHAR(64)   NOT NULL,
  unit_code        VARCHAR(64)   NOT NULL,
  kind             TINYINT       NOT NULL,
  day              DATE          NOT NULL,
  note             VARCHAR(2000) NOT NULL,
  entered_by       VARCHAR(128)  NOT NULL,
  entered_at       TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  withdrawn_reason VARCHAR(2000) NULL,
  withdrawn_by     VARCHAR(128)  NULL,
  UNIQUE KEY incidents_request (request_id),
  KEY incidents_day (day, unit_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      {6,
       "create assessment revisions and their steps",
       // Inputs and result as protobuf JSON: a revision is kept exactly as
       // it was computed, readable by an operator in SQL.
       {R"sql(
CREATE TABLE assessment_revisions (
  year        INT          NOT NULL,
  revision    INT          NOT NULL,
  state       TINYINT      NOT NULL,
  inputs      MEDIUMTEXT   NOT NULL,
  result      MEDIUMTEXT   NOT NULL,
  computed_by VARCHAR(128) NOT NULL,
  computed_at TIMESTAMP(6) NOT NULL,
  PRIMARY KEY (year, revision)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        // Published is frozen, even for the service's own account.
        R"sql(
CREATE TRIGGER assessment_revisions_frozen BEFORE UPDATE
ON assessment_revisions FOR EACH ROW
  IF OLD.state = 4 THEN
    SIGNAL SQLSTATE '45000'
      SET MESSAGE_TEXT = 'a published assessment revision is frozen';
  END IF)sql",
        R"sql(
CREATE TABLE assessment_steps (
  id         BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  year       INT           NOT NULL,
  revision   INT           NOT NULL,
  step       TINYINT       NOT NULL,
  from_state TINYINT       NOT NULL,
  to_state   TINYINT       NOT NULL,
  actor      VARCHAR(128)  NOT NULL,
  at         TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  note       VARCHAR(2000) NOT NULL,
  KEY assessment_steps_year (year, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        db::AppendOnlyTrigger("assessment_steps", "UPDATE"),
        db::AppendOnlyTrigger("assessment_steps", "DELETE")}},
      {7,
       "create generated plans",
       {R"sql(
CREATE TABLE plans (
  plan_id     BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  request_id  VARCHAR(64)  NOT NULL,
  first_year  INT          NOT NULL,
  last_year   INT          NOT NULL,
  state       TINYINT      NOT NULL,
  created_by  VARCHAR(128) NOT NULL,
  approved_by VARCHAR(128) NULL,
  created_at  TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY plans_request (request_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        R"sql(
CREATE TABLE plan_units (
  plan_id           BIGINT      NOT NULL,
  year              INT         NOT NULL,
  unit_code         VARCHAR(64) NOT NULL,
  coverage_target   VARCHAR(16) NOT NULL,
  members_base      BIGINT      NOT NULL,
  plan              BIGINT      NOT NULL,
  PRIMARY KEY (plan_id, year, unit_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}},
      {8,
       "create daily counters (a bulletin sums days, not cards)",
       {R"sql(
CREATE TABLE daily_cards (
  county_id    VARCHAR(64) NOT NULL,
  day          DATE        NOT NULL,
  first_issues BIGINT      NOT NULL DEFAULT 0,
  live_delta   BIGINT      NOT NULL DEFAULT 0,
  activations  BIGINT      NOT NULL DEFAULT 0,
  PRIMARY KEY (day, county_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        R"sql(
CREATE TABLE member_states (
  member_id BIGINT      NOT NULL PRIMARY KEY,
  county_id VARCHAR(64) NOT NULL,
  counted   TINYINT     NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        R"sql(
CREATE TABLE daily_members (
  county_id VARCHAR(64) NOT NULL,
  day       DATE        NOT NULL,
  delta     BIGINT      NOT NULL,
  PRIMARY KEY (day, county_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql",
        // The counters of the cards already recorded.
        kRebuildDailyCards}},
      {9,
       "remember when a draft's inputs changed after it was computed",
       {"ALTER TABLE assessment_revisions ADD COLUMN inputs_changed_at "
        "TIMESTAMP(6) NULL"}},
  };
}

}  // namespace unioncard::assessment