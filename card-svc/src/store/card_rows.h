#ifndef UNIONCARD_CARD_SVC_SRC_STORE_CARD_ROWS_H_
#define UNIONCARD_CARD_SVC_SRC_STORE_CARD_ROWS_H_

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "card-svc/src/store/card_store.h"

namespace unioncard::card {

// The `cards` columns every card query selects, in ReadCard's order
// (store-internal: shared by CardStore and CardQueries).
inline constexpr char kCardColumns[] =
    "id, member_id, county_id, org_id, state, before_freeze, "
    "replaces_card_id, COALESCE(bank_token, ''), COALESCE(last4, ''), "
    "COALESCE(expiry, ''), COALESCE(issued_county_id, ''), issued_at, "
    "activated_at, note";

CardRecord ReadCard(sql::ResultSet& row);

// What the insurance rules need of a card, in ReadFacts' order, after the
// member id.
inline constexpr char kFactsColumns[] =
    "member_id, id, replaces_card_id, state, issued_at, ended_at";
CardFacts ReadFacts(sql::ResultSet& row);

// Runs `select_prefix` + "IN (?,…)" + `suffix` over `keys` in slices of
// 500, calling `read` for each row.
template <typename Key>
inline void SelectIn(sql::Connection& c, const std::string& select_prefix,
                     const std::vector<Key>& keys, const std::string& suffix,
                     const std::function<void(sql::ResultSet&)>& read) {
  constexpr size_t kKeysPerStatement = 500;
  for (size_t start = 0; start < keys.size(); start += kKeysPerStatement) {
    const size_t n = std::min(kKeysPerStatement, keys.size() - start);
    std::string marks;
    for (size_t i = 0; i < n; ++i) marks += i == 0 ? "?" : ",?";
    std::unique_ptr<sql::PreparedStatement> select(c.prepareStatement(
        absl::StrCat(select_prefix, " IN (", marks, ")", suffix)));
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

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_STORE_CARD_ROWS_H_
