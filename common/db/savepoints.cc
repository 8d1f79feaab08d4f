#include "common/db/savepoints.h"

#include <cppconn/exception.h>
#include <cppconn/statement.h>

#include <memory>

#include "common/db/sql_error.h"

namespace unioncard::db {

std::vector<absl::Status> EachInSavepoint(
    sql::Connection& connection, size_t count,
    const std::function<absl::Status(size_t index)>& change) {
  std::vector<absl::Status> results(count);
  std::unique_ptr<sql::Statement> statement(connection.createStatement());
  for (size_t i = 0; i < count; ++i) {
    statement->execute("SAVEPOINT each_change");
    try {
      results[i] = change(i);
    } catch (const sql::SQLException& e) {
      if (IsRetryableTransactionError(e.getErrorCode()) ||
          IsConnectionLost(e.getErrorCode())) {
        throw;
      }
      results[i] = StatusFromSqlException(e);
    }
    statement->execute(results[i].ok() ? "RELEASE SAVEPOINT each_change"
                                       : "ROLLBACK TO SAVEPOINT each_change");
  }
  return results;
}

}  // namespace unioncard::db
