#ifndef UNIONCARD_COMMON_DB_ROW_H_
#define UNIONCARD_COMMON_DB_ROW_H_

#include <cppconn/resultset.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/codec/enum_codec.h"

namespace unioncard::db {

// Thrown by a row reader when a stored value cannot be read as what the
// column holds (a state number no codec knows). `ConnectionPool` answers
// DATA_LOSS naming the column; the connection stays good.
class CorruptRow : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The current row of a result, read by column name (the SELECT's name or
// alias), so a reader does not depend on the column order and a column the
// query does not have fails loudly (Connector/C++ throws) instead of
// reading its neighbour. Enum columns go through their codec
// (common/codec/enum_codec.h).
class Row {
 public:
  explicit Row(const sql::ResultSet& result) : result_(result) {}

  int64_t Int64(const char* column) const;
  int Int(const char* column) const;
  bool Bool(const char* column) const;
  double Double(const char* column) const;
  std::string String(const char* column) const;
  bool IsNull(const char* column) const;
  std::optional<int64_t> OptionalInt64(const char* column) const;
  std::optional<std::string> OptionalString(const char* column) const;
  // TIMESTAMP columns (sessions run in UTC).
  absl::Time Time(const char* column) const;
  std::optional<absl::Time> OptionalTime(const char* column) const;
  // DATE columns.
  absl::CivilDay Day(const char* column) const;
  std::optional<absl::CivilDay> OptionalDay(const char* column) const;

  // An enum stored as a number; CorruptRow when the codec has no value
  // for it.
  template <typename Domain, std::size_t N>
  Domain Enum(const char* column,
              const codec::EnumCodec<Domain, int, N>& codec) const {
    const int stored = Int(column);
    if (std::optional<Domain> value = codec.Decode(stored)) return *value;
    throw CorruptRow(absl::StrCat("column ", column, " holds ", stored,
                                  ", which is no ", codec.name()));
  }
  template <typename Domain, std::size_t N>
  std::optional<Domain> OptionalEnum(
      const char* column, const codec::EnumCodec<Domain, int, N>& codec) const {
    if (IsNull(column)) return std::nullopt;
    return Enum(column, codec);
  }

 private:
  const sql::ResultSet& result_;
};

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_ROW_H_
