#ifndef UNIONCARD_COMMON_DB_MULTI_ROW_INSERT_H_
#define UNIONCARD_COMMON_DB_MULTI_ROW_INSERT_H_

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

#include <functional>
#include <string>

#include "absl/status/status.h"

namespace unioncard::db {

// Connector/C++ 1.1 has no batch API; the fast way to write many rows is a
// prepared multi-row INSERT ("VALUES (?,?),(?,?),…"), sent in slices of up
// to `rows_per_statement`. Only the placeholders are built as text; every
// value is bound.
class MultiRowInsert {
 public:
  // `prefix` ends in "VALUES "; `suffix` may add "ON DUPLICATE KEY …".
  MultiRowInsert(std::string prefix, int columns, std::string suffix = "",
                 size_t rows_per_statement = 500)
      : prefix_(std::move(prefix)),
        suffix_(std::move(suffix)),
        columns_(columns),
        rows_per_statement_(rows_per_statement) {}

  // Binds row `row` starting at 1-based parameter `first_column`.
  using BindRow = std::function<void(sql::PreparedStatement&, size_t row,
                                     int first_column)>;

  // Inserts rows [0, count). Throws sql::SQLException like any statement;
  // run it inside ConnectionPool::Run/InTransaction.
  absl::Status Run(sql::Connection& connection, size_t count,
                   const BindRow& bind) const;

 private:
  std::string prefix_;
  std::string suffix_;
  int columns_;
  size_t rows_per_statement_;
};

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_MULTI_ROW_INSERT_H_
