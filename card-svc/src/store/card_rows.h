#ifndef UNIONCARD_CARD_SVC_SRC_STORE_CARD_ROWS_H_
#define UNIONCARD_CARD_SVC_SRC_STORE_CARD_ROWS_H_

#include <cppconn/resultset.h>

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

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_STORE_CARD_ROWS_H_
