#ifndef UNIONCARD_CARD_SVC_SRC_STORE_BANK_ORDER_STORE_H_
#define UNIONCARD_CARD_SVC_SRC_STORE_BANK_ORDER_STORE_H_

#include <cppconn/connection.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "card-svc/src/domain/card_lifecycle.h"
#include "common/db/connection_pool.h"

namespace unioncard::card {

// A card change the bank must hear of (cancel, freeze, unfreeze, lost),
// written in the same transaction as the change itself (an outbox), so a
// crash can delay the message but never lose it.
struct BankCardOrder {
  int64_t id = 0;
  int64_t card_id = 0;
  std::string bank_token;  // empty when the card was never issued
  CardEvent event = CardEvent::kCancel;
  std::string reason;
  int attempts = 0;
};

class BankOrderStore {
 public:
  explicit BankOrderStore(db::ConnectionPool* pool) : pool_(pool) {}

  // True for the events the bank must be told of, for a card the bank has
  // seen (an application was sent).
  static bool BankMustKnow(CardEvent event, CardState from);
  // Queues the order inside the caller's transaction.
  static absl::Status Add(sql::Connection& connection, int64_t card_id,
                          CardEvent event, const std::string& reason);

  // Orders not yet taken by the bank, oldest first.
  absl::StatusOr<std::vector<BankCardOrder>> Pending(int limit);
  absl::Status MarkSent(int64_t order_id);
  absl::Status RecordFailure(int64_t order_id, const absl::Status& error);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_STORE_BANK_ORDER_STORE_H_
