#ifndef UNIONCARD_COMMON_DB_SELECT_IN_H_
#define UNIONCARD_COMMON_DB_SELECT_IN_H_

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"

namespace unioncard::db {

// "?,?,…": `n` placeholders for an IN list or a row of values.
inline std::string Placeholders(size_t n) {
  std::string marks;
  for (size_t i = 0; i < n; ++i) marks += i == 0 ? "?" : ",?";
  return marks;
}

// Runs `select_prefix` + "IN (?,…)" + `suffix` over `keys` in slices of
// 500, calling `read` for each row.
template <typename Key>
inline void SelectIn(sql::Connection& c, const std::string& select_prefix,
                     const std::vector<Key>& keys, const std::string& suffix,
                     const std::function<void(sql::ResultSet&)>& read) {
  constexpr size_t kKeysPerStatement = 500;
  for (size_t start = 0; start < keys.size(); start += kKeysPerStatement) {
    const size_t n = std::min(kKeysPerStatement, keys.size() - start);
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat(select_prefix, " IN (", Placeholders(n), ")", suffix)));
    for (size_t i = 0; i < n; ++i) {
      if constexpr (std::is_same_v<Key, std::string>) {
        select->setString(static_cast<int>(i + 1), keys[start + i]);
      } else {
        select->setInt64(static_cast<int>(i + 1), keys[start + i]);
      }
    }
    std::unique_ptr<sql::ResultSet> rows(select->executeQuery());
    while (rows->next()) read(*rows);
  }
}

}  // namespace unioncard::db

#endif  // UNIONCARD_COMMON_DB_SELECT_IN_H_
