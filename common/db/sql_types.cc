#include "common/db/sql_types.h"

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
