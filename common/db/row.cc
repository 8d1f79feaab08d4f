#include "common/db/row.h"

#include "common/db/sql_types.h"

namespace unioncard::db {

int64_t Row::Int64(const char* column) const {
  return result_.getInt64(column);
}

int Row::Int(const char* column) const { return result_.getInt(column); }

bool Row::Bool(const char* column) const { return result_.getBoolean(column); }

double Row::Double(const char* column) const {
  return static_cast<double>(result_.getDouble(column));
}

std::string Row::String(const char* column) const {
  return result_.getString(column);
}

bool Row::IsNull(const char* column) const { return result_.isNull(column); }

std::optional<int64_t> Row::OptionalInt64(const char* column) const {
  if (IsNull(column)) return std::nullopt;
  return Int64(column);
}

std::optional<std::string> Row::OptionalString(const char* column) const {
  if (IsNull(column)) return std::nullopt;
  return String(column);
}

absl::Time Row::Time(const char* column) const {
  return ParseSqlTimestamp(String(column));
}

std::optional<absl::Time> Row::OptionalTime(const char* column) const {
  if (IsNull(column)) return std::nullopt;
  return Time(column);
}

absl::CivilDay Row::Day(const char* column) const {
  return ParseSqlDate(String(column));
}

std::optional<absl::CivilDay> Row::OptionalDay(const char* column) const {
  if (IsNull(column)) return std::nullopt;
  return Day(column);
}

}  // namespace unioncard::db
