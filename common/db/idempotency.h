#ifndef UNIONCARD_COMMON_DB_IDEMPOTENCY_H_
#define UNIONCARD_COMMON_DB_IDEMPOTENCY_H_

#include <cppconn/connection.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/migrations.h"

namespace unioncard::db {

// "Retried requests change nothing twice": a mutating call that carries a
// request_id claims it inside its own transaction. The first claim wins and
// stores the answer with the change; a retry (even one racing the first)
// waits for it and gets the stored answer instead of acting again.
Migration IdempotencyMigration(int version);

class RequestLedger {
 public:
  // In the caller's transaction, before changing anything. Returns nullopt
  // when this is the first time (go ahead), or the stored response of the
  // earlier call. INVALID_ARGUMENT when the id was used by another caller or
  // for another method.
  static absl::StatusOr<std::optional<std::string>> Claim(
      sql::Connection& connection, const std::string& request_id,
      const std::string& method, const std::string& caller);

  // Stores the response of a claimed request, in the same transaction.
  static absl::Status Complete(sql::Connection& connection,
                               const std::string& request_id,
                               const std::string& response);
};

// The ledger for a page of changes applied together (a batch's cards, a
// bundle of bank notifications): one locking read of every id up front and
// one INSERT of the completed ones at the end, instead of a claim and a
// completion per change. A change that fails is never completed, so nothing
// of it is stored and its retry is taken afresh.
class RequestPage {
 public:
  // Locks and reads the ledger rows of `request_ids` (the locking read
  // waits for a concurrent first claim to commit, and its gap locks keep
  // new claims of these ids out until this transaction ends).
  static absl::StatusOr<RequestPage> Open(
      sql::Connection& connection, const std::vector<std::string>& request_ids);

  // As RequestLedger::Claim: nullopt when the request is new, or the
  // stored response of the earlier call — also of one completed earlier in
  // this page. INVALID_ARGUMENT when the id was used by another caller or
  // for another method.
  absl::StatusOr<std::optional<std::string>> Claim(
      const std::string& request_id, const std::string& method,
      const std::string& caller) const;

  // The request's change is made (in this transaction); Write stores it.
  void Complete(const std::string& request_id, const std::string& method,
                const std::string& caller, std::string response);

  // Stores every completed request, in the same transaction.
  absl::Status Write(sql::Connection& connection) const;

 private:
  struct Entry {
    std::string method;
    std::string caller;
    std::string response;
  };
  std::map<std::string, Entry> earlier_;    // found in the ledger
  std::map<std::string, Entry> completed_;  // in this page
  std::vector<std::string> order_;  // completed ids, in completion order
};

// Checks a client-supplied request id: 1–64 printable ASCII characters.
absl::Status ValidateRequestId(const std::string& request_id);

// The request id to deduplicate a mutating call by: the client's, checked,
// or — when the client sent none — a fresh one (the call is then simply not
// deduplicated against retries).
absl::StatusOr<std::string> RequestIdOrNew(const std::string& request_id);

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_IDEMPOTENCY_H_
