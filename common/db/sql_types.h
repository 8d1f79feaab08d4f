#ifndef UNIONCARD_COMMON_DB_SQL_TYPES_H_
#define UNIONCARD_COMMON_DB_SQL_TYPES_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace unioncard::db {

// Sessions run in UTC (see ConnectionPool), so TIMESTAMP text is UTC.
// "2026-11-28 11:20:00.123456" → absl::Time; InfinitePast on bad input.
absl::Time ParseSqlTimestamp(absl::string_view text);

// DATE columns: "2016-03-01" ⇄ CivilDay.
absl::CivilDay ParseSqlDate(absl::string_view text);
std::string FormatSqlDate(absl::CivilDay day);

// Escapes % _ and \ for a LIKE pattern; append "%" for a prefix match.
std::string EscapeLike(absl::string_view text);

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_SQL_TYPES_H_
