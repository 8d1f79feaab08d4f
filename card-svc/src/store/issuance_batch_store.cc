#include "card-svc/src/store/issuance_batch_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "card-svc/src/store/card_columns.h"
#include "common/db/audit_log.h"
#include "common/db/idempotency.h"
#include "common/db/multi_row_insert.h"
#include "common/db/row.h"
#include "common/db/sql_types.h"
#include "common/status/macros.h"

namespace unioncard::card {
namespace {

constexpr char kBatchColumns[] =
    "id, org_id, county_id, org_path, state, created_by, created_at, "
    "sent_at, send_attempts, last_send_error";

IssuanceBatchRecord ReadBatch(const db::Row& r) {
  IssuanceBatchRecord b;
  b.id = r.Int64("id");
  b.org_id = r.String("org_id");
  b.county_id = r.String("county_id");
  b.org_path = r.String("org_path");
  b.state = r.Enum("state", kBatchStateColumn);
  b.created_by = r.String("created_by");
  b.created_at = r.Time("created_at");
  b.sent_at = r.OptionalTime("sent_at");
  b.send_attempts = r.Int("send_attempts");
  b.last_send_error = r.String("last_send_error");
  return b;
}

absl::Status BatchNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("issuance batch ", id, " not found"));
}

}  // namespace

int IssuanceBatchRecord::Waiting() const {
  int waiting = 0;
  for (const BatchItem& item : items) {
    if (item.card_id != 0 && (item.card_state == CardState::kRequested ||
                              item.card_state == CardState::kSubmitted)) {
      ++waiting;
    }
  }
  return waiting;
}

absl::StatusOr<IssuanceBatchRecord> IssuanceBatchStore::Create(
    const auth::Principal& caller, const std::string& request_id,
    const std::string& org_id, const std::string& county_id,
    const std::string& org_path) {
  int64_t id = 0;
  RETURN_IF_ERROR(pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    ASSIGN_OR_RETURN(
        std::optional<std::string> earlier,
        db::RequestLedger::Claim(c, request_id, "CreateIssuanceBatch",
                                 auth::CallerKey(caller)));
    if (earlier.has_value()) {
      id = std::stoll(*earlier);
      return absl::OkStatus();
    }
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO issuance_batches (org_id, county_id, org_path, state, "
        "created_by) VALUES (?, ?, ?, ?, ?)"));
    insert->setString(1, org_id);
    insert->setString(2, county_id);
    insert->setString(3, org_path);
    insert->setInt(4, kBatchStateColumn.Encode(BatchState::kFilling));
    insert->setString(5, caller.subject);
    insert->executeUpdate();
    id = db::LastInsertId(c);
    RETURN_IF_ERROR(
        db::AppendAudit(c, {{caller.subject,
                             std::string(auth::RoleName(caller.role)),
                             "card.batch.create",
                             "issuance_batch",
                             std::to_string(id),
                             {{"org_id", org_id}}}}));
    return db::RequestLedger::Complete(c, request_id, std::to_string(id));
  }));
  return Get(id, /*with_items=*/false);
}

absl::StatusOr<int64_t> IssuanceBatchStore::AddCard(int64_t batch_id,
                                                    int64_t member_id,
                                                    int64_t card_id) {
  int64_t placed = 0;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    // One statement, no lock held between two (a locking read of an absent
    // key would let two clerks deadlock): a retry changes nothing, the
    // member's row left with a problem by an earlier run takes the card,
    // and a card in another batch stays there (its unique key).
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO issuance_batch_items (batch_id, member_id, card_id) "
        "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
        "problem = IF(card_id IS NULL, '', problem), "
        "card_id = IFNULL(card_id, VALUES(card_id))"));
    insert->setInt64(1, batch_id);
    insert->setInt64(2, member_id);
    insert->setInt64(3, card_id);
    insert->executeUpdate();
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT batch_id FROM issuance_batch_items WHERE card_id = ?"));
    select->setInt64(1, card_id);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (row->next()) placed = db::Row(*row).Int64("batch_id");
    return absl::OkStatus();
  }));
  if (placed == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("member ", member_id, " is in batch ", batch_id,
                     " with another card; card ", card_id, " was not added"));
  }
  return placed;
}

absl::Status IssuanceBatchStore::AddCards(
    int64_t batch_id, const std::vector<std::pair<int64_t, int64_t>>& cards) {
  if (cards.empty()) return absl::OkStatus();
  return pool_->Run([&](sql::Connection& c) {
    db::MultiRowInsert insert(
        "INSERT INTO issuance_batch_items (batch_id, member_id, card_id) "
        "VALUES ",
        3, " ON DUPLICATE KEY UPDATE card_id = card_id");
    return insert.Run(c, cards.size(),
                      [&](sql::PreparedStatement& s, size_t i, int col) {
                        s.setInt64(col++, batch_id);
                        s.setInt64(col++, cards[i].first);
                        s.setInt64(col++, cards[i].second);
                      });
  });
}

absl::Status IssuanceBatchStore::AddProblem(int64_t batch_id, int64_t member_id,
                                            const std::string& problem) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
        "INSERT INTO issuance_batch_items (batch_id, member_id, problem) "
        "VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
        "problem = IF(card_id IS NULL, VALUES(problem), problem)"));
    insert->setInt64(1, batch_id);
    insert->setInt64(2, member_id);
    insert->setString(3, problem.substr(0, 300));
    insert->executeUpdate();
    return absl::OkStatus();
  });
}

absl::Status IssuanceBatchStore::MarkQueued(const auth::Principal& caller,
                                            int64_t batch_id) {
  return pool_->InTransaction([&](sql::Connection& c) -> absl::Status {
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE issuance_batches SET state = ? WHERE id = ? AND state = ?"));
    update->setInt(1, kBatchStateColumn.Encode(BatchState::kQueued));
    update->setInt64(2, batch_id);
    update->setInt(3, kBatchStateColumn.Encode(BatchState::kFilling));
    if (update->executeUpdate() == 0) return absl::OkStatus();
    return db::AppendAudit(c, {{caller.subject,
                                std::string(auth::RoleName(caller.role)),
                                "card.batch.queue",
                                "issuance_batch",
                                std::to_string(batch_id),
                                {}}});
  });
}

absl::StatusOr<IssuanceBatchRecord> IssuanceBatchStore::Get(int64_t batch_id,
                                                            bool with_items) {
  std::optional<IssuanceBatchRecord> batch;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement(absl::StrCat(
            "SELECT ", kBatchColumns, " FROM issuance_batches WHERE id = ?")));
    select->setInt64(1, batch_id);
    std::unique_ptr<sql::ResultSet> row(select->executeQuery());
    if (!row->next()) return absl::OkStatus();
    batch = ReadBatch(db::Row(*row));
    if (!with_items) return absl::OkStatus();
    std::unique_ptr<sql::PreparedStatement> items(c.prepareStatement(
        "SELECT i.member_id, i.card_id, c.state AS card_state, i.problem, "
        "c.note AS card_note FROM issuance_batch_items i "
        "LEFT JOIN cards c ON c.id = i.card_id WHERE i.batch_id = ? "
        "ORDER BY i.member_id"));
    items->setInt64(1, batch_id);
    std::unique_ptr<sql::ResultSet> rows(items->executeQuery());
    while (rows->next()) {
      const db::Row row(*rows);
      BatchItem item;
      item.member_id = row.Int64("member_id");
      item.card_id = row.OptionalInt64("card_id").value_or(0);
      if (auto state = row.OptionalEnum("card_state", kCardStateColumn)) {
        item.card_state = *state;
      }
      item.problem = row.String("problem");
      item.card_note = row.OptionalString("card_note").value_or("");
      batch->items.push_back(std::move(item));
    }
    return absl::OkStatus();
  }));
  if (!batch.has_value()) return BatchNotFound(batch_id);
  return *std::move(batch);
}

absl::StatusOr<std::vector<IssuanceBatchRecord>> IssuanceBatchStore::List(
    const std::string& org_path, int64_t before_id, int limit) {
  std::vector<IssuanceBatchRecord> batches;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat("SELECT ", kBatchColumns,
                     " FROM issuance_batches WHERE org_path LIKE ? AND id < ? "
                     "ORDER BY id DESC LIMIT ?")));
    select->setString(1, db::EscapeLike(org_path) + "%");
    select->setInt64(2, before_id > 0 ? before_id : INT64_MAX);
    select->setInt(3, limit);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) batches.push_back(ReadBatch(db::Row(*rows)));
    return absl::OkStatus();
  }));
  return batches;
}

absl::StatusOr<std::vector<int64_t>> IssuanceBatchStore::Queued() {
  std::vector<int64_t> ids;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT id FROM issuance_batches WHERE state = ? ORDER BY id"));
    select->setInt(1, kBatchStateColumn.Encode(BatchState::kQueued));
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) ids.push_back(db::Row(*rows).Int64("id"));
    return absl::OkStatus();
  }));
  return ids;
}

absl::StatusOr<std::vector<int64_t>> IssuanceBatchStore::CardIds(
    int64_t batch_id) {
  std::vector<int64_t> ids;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        "SELECT card_id FROM issuance_batch_items WHERE batch_id = ? AND "
        "card_id IS NOT NULL ORDER BY card_id"));
    select->setInt64(1, batch_id);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) ids.push_back(db::Row(*rows).Int64("card_id"));
    return absl::OkStatus();
  }));
  return ids;
}

absl::Status IssuanceBatchStore::RecordSendAttempt(int64_t batch_id,
                                                   const absl::Status& result) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        result.ok()
            ? "UPDATE issuance_batches SET send_attempts = send_attempts + 1, "
              "state = ?, sent_at = CURRENT_TIMESTAMP(6), last_send_error = '' "
              "WHERE id = ? AND state = ?"
            : "UPDATE issuance_batches SET send_attempts = send_attempts + 1, "
              "last_send_error = ? WHERE id = ? AND state = ?"));
    if (result.ok()) {
      update->setInt(1, kBatchStateColumn.Encode(BatchState::kSent));
    } else {
      update->setString(1, std::string(result.message()).substr(0, 300));
    }
    update->setInt64(2, batch_id);
    update->setInt(3, kBatchStateColumn.Encode(BatchState::kQueued));
    update->executeUpdate();
    return absl::OkStatus();
  });
}

}  // namespace unioncard::card
