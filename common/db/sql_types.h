#ifndef UNIONCARD_COMMON_DB_SQL_TYPES_H_
#define UNIONCARD_COMMON_DB_SQL_TYPES_H_

#include <cppconn/connection.h>
#include <cppconn/resultset.h>

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace unioncard::db {

// Sessions run in UTC (see ConnectionPool), so TIMESTAMP text is UTC.
// "2026-11-28 11:20:00.123456" → absl::Time; InfinitePast on bad input.
absl::Time ParseSqlTimestamp(absl::string_view text);

// absl::Time → TIMESTAMP(6) text, UTC.
std::string FormatSqlTimestamp(absl::Time t);
// A nullable TIMESTAMP column of the current row.
std::optional<absl::Time> OptionalSqlTimestamp(sql::ResultSet& row, int column);

// The AUTO_INCREMENT id the connection's last INSERT produced.
int64_t LastInsertId(sql::Connection& connection);

// DATE columns: "2016-03-01" ⇄ CivilDay.
absl::CivilDay ParseSqlDate(absl::string_view text);
std::string FormatSqlDate(absl::CivilDay day);

// Escapes % _ and \ for a LIKE pattern; append "%" for a prefix match.
std::string EscapeLike(absl::string_view text);

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_SQL_TYPES_H_
