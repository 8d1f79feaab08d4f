#include "card-svc/src/store/bank_order_store.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "card-svc/src/store/card_columns.h"
#include "common/db/row.h"
#include "common/status/macros.h"

namespace unioncard::card {

bool BankOrderStore::BankMustKnow(CardEvent event, CardState from) {
  const bool change =
      event == CardEvent::kCancel || event == CardEvent::kFreeze ||
      event == CardEvent::kUnfreeze || event == CardEvent::kReportLost;
  return change && from != CardState::kRequested;
}

absl::Status BankOrderStore::Add(sql::Connection& c, int64_t card_id,
                                 CardEvent event, const std::string& reason) {
  std::unique_ptr<sql::PreparedStatement> insert(c.prepareStatement(
      "INSERT INTO bank_card_orders (card_id, event, reason) "
      "VALUES (?, ?, ?)"));
  insert->setInt64(1, card_id);
  insert->setInt(2, kCardEventColumn.Encode(event));
  insert->setString(3, reason.substr(0, 200));
  insert->executeUpdate();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<BankCardOrder>> BankOrderStore::Pending(int limit) {
  std::vector<BankCardOrder> orders;
  RETURN_IF_ERROR(pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> select(
        c.prepareStatement("SELECT o.id, o.card_id, c.bank_token, o.event, "
                           "o.reason, o.attempts FROM bank_card_orders o "
                           "JOIN cards c ON c.id = o.card_id "
                           "WHERE o.sent_at IS NULL ORDER BY o.id LIMIT ?"));
    select->setInt(1, limit);
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) {
      const db::Row row(*rows);
      BankCardOrder o;
      o.id = row.Int64("id");
      o.card_id = row.Int64("card_id");
      o.bank_token = row.OptionalString("bank_token").value_or("");
      o.event = row.Enum("event", kCardEventColumn);
      o.reason = row.String("reason");
      o.attempts = row.Int("attempts");
      orders.push_back(std::move(o));
    }
    return absl::OkStatus();
  }));
  return orders;
}

absl::Status BankOrderStore::MarkSent(int64_t order_id) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE bank_card_orders SET sent_at = CURRENT_TIMESTAMP(6), "
        "attempts = attempts + 1, last_error = '' WHERE id = ?"));
    update->setInt64(1, order_id);
    update->executeUpdate();
    return absl::OkStatus();
  });
}

absl::Status BankOrderStore::RecordFailure(int64_t order_id,
                                           const absl::Status& error) {
  return pool_->Run([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> update(c.prepareStatement(
        "UPDATE bank_card_orders SET attempts = attempts + 1, "
        "last_error = ? WHERE id = ?"));
    update->setString(1, std::string(error.message()).substr(0, 300));
    update->setInt64(2, order_id);
    update->executeUpdate();
    return absl::OkStatus();
  });
}

}  // namespace unioncard::card
