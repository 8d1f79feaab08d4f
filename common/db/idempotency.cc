#include "common/db/idempotency.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/db/multi_row_insert.h"
#include "common/db/select_in.h"
#include "common/log/request_id.h"
#include "common/status/field_violations.h"

namespace unioncard::db {
namespace {
constexpr int kDuplicateKey = 1062;

// The earlier call's answer, as Claim gives it.
absl::StatusOr<std::optional<std::string>> EarlierAnswer(
    const std::string& used_method, const std::string& used_caller,
    const std::string& response, const std::string& method,
    const std::string& caller) {
  if (used_method != method || used_caller != caller) {
    return status::InvalidField(
        "request_id", absl::StrCat("was already used for another request (",
                                   used_method, ")"));
  }
  return std::optional<std::string>(response);
}
}  // namespace

Migration IdempotencyMigration(int version) {
  return {version, "create request_ledger", {R"sql(
CREATE TABLE request_ledger (
  request_id VARCHAR(128) NOT NULL PRIMARY KEY,
  method     VARCHAR(96)  NOT NULL,
  caller     VARCHAR(128) NOT NULL,
  response   LONGBLOB     NULL,
  created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  KEY request_ledger_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin)sql"}};
}

absl::Status ValidateRequestId(const std::string& request_id) {
  if (request_id.empty() || request_id.size() > 64) {
    return status::InvalidField("request_id",
                                "must be 1 to 64 characters (use a UUID)");
  }
  for (char c : request_id) {
    if (c < 0x21 || c > 0x7e) {
      return status::InvalidField("request_id",
                                  "must be printable ASCII without spaces");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> RequestIdOrNew(const std::string& request_id) {
  if (request_id.empty()) return log::NewRequestId();
  if (absl::Status s = ValidateRequestId(request_id); !s.ok()) return s;
  return request_id;
}

absl::StatusOr<std::optional<std::string>> RequestLedger::Claim(
    sql::Connection& connection, const std::string& request_id,
    const std::string& method, const std::string& caller) {
  try {
    std::unique_ptr<sql::PreparedStatement> insert(connection.prepareStatement(
        "INSERT INTO request_ledger (request_id, method, caller) "
        "VALUES (?, ?, ?)"));
    insert->setString(1, request_id);
    insert->setString(2, method);
    insert->setString(3, caller);
    insert->executeUpdate();
    return std::optional<std::string>();
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != kDuplicateKey) throw;
  }
  // A duplicate key error fails only the statement, not the transaction;
  // it also waited for a concurrent first claim to commit.
  std::unique_ptr<sql::PreparedStatement> select(connection.prepareStatement(
      "SELECT method, caller, response FROM request_ledger "
      "WHERE request_id = ?"));
  select->setString(1, request_id);
  std::unique_ptr<sql::ResultSet> row(select->executeQuery());
  if (!row->next()) {
    return absl::AbortedError("request is being processed; retry");
  }
  return EarlierAnswer(row->getString(1), row->getString(2), row->getString(3),
                       method, caller);
}

absl::StatusOr<RequestPage> RequestPage::Open(
    sql::Connection& connection, const std::vector<std::string>& request_ids) {
  RequestPage page;
  SelectIn<std::string>(
      connection,
      "SELECT request_id, method, caller, response FROM request_ledger "
      "WHERE request_id",
      request_ids, " FOR UPDATE", [&](sql::ResultSet& r) {
        page.earlier_[r.getString(1)] = {r.getString(2), r.getString(3),
                                         r.getString(4)};
      });
  return page;
}

absl::StatusOr<std::optional<std::string>> RequestPage::Claim(
    const std::string& request_id, const std::string& method,
    const std::string& caller) const {
  for (const auto* found : {&earlier_, &completed_}) {
    auto it = found->find(request_id);
    if (it != found->end()) {
      return EarlierAnswer(it->second.method, it->second.caller,
                           it->second.response, method, caller);
    }
  }
  return std::optional<std::string>();
}

void RequestPage::Complete(const std::string& request_id,
                           const std::string& method, const std::string& caller,
                           std::string response) {
  if (completed_.count(request_id) != 0) return;
  completed_[request_id] = {method, caller, std::move(response)};
  order_.push_back(request_id);
}

absl::Status RequestPage::Write(sql::Connection& connection) const {
  MultiRowInsert insert(
      "INSERT INTO request_ledger (request_id, method, caller, response) "
      "VALUES ",
      4);
  return insert.Run(connection, order_.size(),
                    [&](sql::PreparedStatement& s, size_t i, int column) {
                      const Entry& e = completed_.at(order_[i]);
                      s.setString(column, order_[i]);
                      s.setString(column + 1, e.method);
                      s.setString(column + 2, e.caller);
                      s.setString(column + 3, e.response);
                    });
}

absl::Status RequestLedger::Complete(sql::Connection& connection,
                                     const std::string& request_id,
                                     const std::string& response) {
  std::unique_ptr<sql::PreparedStatement> update(connection.prepareStatement(
      "UPDATE request_ledger SET response = ? WHERE request_id = ?"));
  update->setString(1, response);
  update->setString(2, request_id);
  update->executeUpdate();
  return absl::OkStatus();
}

}  // namespace unioncard::db
