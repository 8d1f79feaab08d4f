#include "common/db/sql_types.h"

#include <cppconn/statement.h>

#include <memory>

namespace unioncard::db {

absl::Time ParseSqlTimestamp(absl::string_view text) {
  absl::Time t;
  std::string error;
  if (absl::ParseTime("%Y-%m-%d %H:%M:%E*S", text, absl::UTCTimeZone(), &t,
                      &error)) {
    return t;
  }
  return absl::InfinitePast();
}

std::string FormatSqlTimestamp(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", t, absl::UTCTimeZone());
}

std::optional<absl::Time> OptionalSqlTimestamp(sql::ResultSet& row,
                                               int column) {
  if (row.isNull(column)) return std::nullopt;
  return ParseSqlTimestamp(std::string(row.getString(column)));
}

int64_t LastInsertId(sql::Connection& connection) {
  std::unique_ptr<sql::ResultSet> row(
      std::unique_ptr<sql::Statement>(connection.createStatement())
          ->executeQuery("SELECT LAST_INSERT_ID()"));
  row->next();
  return row->getInt64(1);
}

absl::CivilDay ParseSqlDate(absl::string_view text) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) return absl::CivilDay(1970, 1, 1);
  return day;
}

std::string FormatSqlDate(absl::CivilDay day) {
  return absl::FormatCivilTime(day);
}

std::string EscapeLike(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace unioncard::db
