#ifndef UNIONCARD_CARD_SVC_SRC_STORE_CARD_ROWS_H_
#define UNIONCARD_CARD_SVC_SRC_STORE_CARD_ROWS_H_

#include <cppconn/resultset.h>

#include "card-svc/src/store/card_store.h"
#include "common/db/select_in.h"

namespace unioncard::card {

// The `cards` columns every card query selects; ReadCard reads them by
// name (store-internal: shared by CardStore and CardQueries).
inline constexpr char kCardColumns[] =
    "id, member_id, county_id, org_id, state, before_freeze, "
    "replaces_card_id, bank_token, last4, expiry, issued_county_id, "
    "issued_at, activated_at, note";

CardRecord ReadCard(const sql::ResultSet& row);

// What the insurance rules need of a card (and the member's id).
inline constexpr char kFactsColumns[] =
    "member_id, id, replaces_card_id, state, issued_at, ended_at";
CardFacts ReadFacts(const sql::ResultSet& row);

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_STORE_CARD_ROWS_H_
