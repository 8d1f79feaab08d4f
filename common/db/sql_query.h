#ifndef UNIONCARD_COMMON_DB_SQL_QUERY_H_
#define UNIONCARD_COMMON_DB_SQL_QUERY_H_

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"

namespace unioncard::db {

// One value bound to a `?`: a number (ids, states, counts, fen) or text
// (codes, names, timestamps already formatted by FormatSqlTimestamp).
using SqlValue = std::variant<int64_t, std::string>;

// A statement whose optional parts are written together with the values
// they bind, so the text and its binds cannot drift apart (docs/
// architecture.md §2.2):
//
//   db::SqlQuery q("SELECT … FROM cards WHERE id > ?", {after_id});
//   if (!filter.county_id.empty()) q.And("county_id = ?", {filter.county_id});
//   q.Append(" ORDER BY id LIMIT ?", {limit});
//   auto select = q.Prepare(c);  // binds each value to its `?`, in order
//
// Prepare() checks that the text holds as many `?` as there are values.
class SqlQuery {
 public:
  explicit SqlQuery(std::string sql,
                    std::initializer_list<SqlValue> values = {});

  // Appends " AND <condition>".
  SqlQuery& And(absl::string_view condition,
                std::initializer_list<SqlValue> values = {});
  // Appends `sql` as it is (", col = ?", " ORDER BY … LIMIT ?").
  SqlQuery& Append(absl::string_view sql,
                   std::initializer_list<SqlValue> values = {});

  const std::string& sql() const { return sql_; }
  const std::vector<SqlValue>& values() const { return values_; }

  // Throws sql::SQLException from the driver as prepareStatement does, and
  // std::logic_error when the `?` and the values differ in number: a
  // programming error that any test running the query catches (the pool
  // answers it INTERNAL, never crashes).
  std::unique_ptr<sql::PreparedStatement> Prepare(sql::Connection& c) const;

 private:
  std::string sql_;
  std::vector<SqlValue> values_;
};

// The `?` of `sql` outside quoted strings.
int CountPlaceholders(absl::string_view sql);

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_SQL_QUERY_H_
