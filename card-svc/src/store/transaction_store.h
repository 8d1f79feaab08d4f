#ifndef UNIONCARD_CARD_SVC_SRC_STORE_TRANSACTION_STORE_H_
#define UNIONCARD_CARD_SVC_SRC_STORE_TRANSACTION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "card-svc/src/store/card_feed_encoder.h"
#include "common/db/connection_pool.h"
#include "common/db/event_outbox.h"

namespace unioncard::card {

// A card transaction as the bank reports it (docs/rules.md §5.11).
struct BankTransaction {
  std::string bank_transaction_id;
  std::string bank_token;
  std::string bank_merchant_id;
  int64_t amount_fen = 0;
  absl::Time at;
};

struct StoredTransaction {
  int64_t id = 0;
  int64_t card_id = 0;
  int64_t member_id = 0;
  std::string county_id;
  std::string org_id;
  BankTransaction bank;
};

struct TransactionFilter {
  std::string county_id;  // empty: all
  std::string org_id;     // empty: all of the county
  int64_t member_id = 0;
  std::string bank_merchant_id;
  std::optional<absl::Time> from, to;  // [from, to)
};

// Card transactions in MySQL, each stored once per bank transaction id and
// put on card-svc's change feed in the same transaction.
class TransactionStore {
 public:
  // `encoder` writes the change feed's payloads (CardEventEncoder).
  TransactionStore(db::ConnectionPool* pool, const db::EventOutbox* outbox,
                   const CardFeedEncoder* encoder)
      : pool_(pool), outbox_(outbox), encoder_(encoder) {}

  // One status per transaction, in order: OK stored; ALREADY_EXISTS a
  // repeat; INVALID_ARGUMENT a malformed one; FAILED_PRECONDITION a token
  // of no card of ours. The stored ones commit together.
  absl::StatusOr<std::vector<absl::Status>> Ingest(
      const std::vector<BankTransaction>& transactions);

  // By id, ids above `after_id`.
  absl::StatusOr<std::vector<StoredTransaction>> List(
      const TransactionFilter& filter, int64_t after_id, int limit);

 private:
  db::ConnectionPool* pool_;
  const db::EventOutbox* outbox_;
  const CardFeedEncoder* encoder_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_STORE_TRANSACTION_STORE_H_
