#include "common/db/sql_query.h"

#include <stdexcept>

#include "absl/strings/str_cat.h"

namespace unioncard::db {

SqlQuery::SqlQuery(std::string sql, std::initializer_list<SqlValue> values)
    : sql_(std::move(sql)), values_(values) {}

SqlQuery& SqlQuery::And(absl::string_view condition,
                        std::initializer_list<SqlValue> values) {
  absl::StrAppend(&sql_, " AND ", condition);
  values_.insert(values_.end(), values);
  return *this;
}

SqlQuery& SqlQuery::Append(absl::string_view sql,
                           std::initializer_list<SqlValue> values) {
  absl::StrAppend(&sql_, sql);
  values_.insert(values_.end(), values);
  return *this;
}

std::unique_ptr<sql::PreparedStatement> SqlQuery::Prepare(
    sql::Connection& c) const {
  const int marks = CountPlaceholders(sql_);
  if (marks != static_cast<int>(values_.size())) {
    // The text stays out of the message: it reaches the caller as INTERNAL.
    throw std::logic_error(absl::StrCat("SqlQuery: ", marks, " placeholders, ",
                                        values_.size(), " values"));
  }
  std::unique_ptr<sql::PreparedStatement> statement(c.prepareStatement(sql_));
  int column = 1;
  for (const SqlValue& value : values_) {
    if (const int64_t* number = std::get_if<int64_t>(&value)) {
      statement->setInt64(column++, *number);
    } else {
      statement->setString(column++, std::get<std::string>(value));
    }
  }
  return statement;
}

int CountPlaceholders(absl::string_view sql) {
  int count = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char ch = sql[i];
    if (quote != 0) {
      if (ch == '\\') {
        ++i;  // an escaped character inside the string
      } else if (ch == quote) {
        quote = 0;
      }
    } else if (ch == '\'' || ch == '"' || ch == '`') {
      quote = ch;
    } else if (ch == '?') {
      ++count;
    }
  }
  return count;
}

}  // namespace unioncard::db
