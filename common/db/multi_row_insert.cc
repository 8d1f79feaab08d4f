#include "common/db/multi_row_insert.h"

#include <algorithm>
#include <memory>

namespace unioncard::db {

absl::Status MultiRowInsert::Run(sql::Connection& connection, size_t count,
                                 const BindRow& bind) const {
  std::string row_placeholder = "(";
  for (int c = 0; c < columns_; ++c) row_placeholder += c == 0 ? "?" : ",?";
  row_placeholder += ")";

  std::unique_ptr<sql::PreparedStatement> full_slice;
  for (size_t start = 0; start < count; start += rows_per_statement_) {
    const size_t rows = std::min(rows_per_statement_, count - start);
    std::unique_ptr<sql::PreparedStatement> partial;
    sql::PreparedStatement* statement = nullptr;
    auto prepare = [&](size_t n) {
      std::string text = prefix_;
      text.reserve(text.size() + n * (row_placeholder.size() + 1));
      for (size_t r = 0; r < n; ++r) {
        if (r > 0) text += ',';
        text += row_placeholder;
      }
      text += suffix_;
      return std::unique_ptr<sql::PreparedStatement>(
          connection.prepareStatement(text));
    };
    if (rows == rows_per_statement_) {
      if (full_slice == nullptr) full_slice = prepare(rows);  // reused
      statement = full_slice.get();
    } else {
      partial = prepare(rows);
      statement = partial.get();
    }
    for (size_t r = 0; r < rows; ++r) {
      bind(*statement, start + r, static_cast<int>(r) * columns_ + 1);
    }
    statement->executeUpdate();
  }
  return absl::OkStatus();
}

}  // namespace unioncard::db
