#ifndef UNIONCARD_CARD_SVC_SRC_STORE_CARD_SCHEMA_H_
#define UNIONCARD_CARD_SVC_SRC_STORE_CARD_SCHEMA_H_

#include <string>
#include <vector>

#include "common/db/event_outbox.h"
#include "common/db/migrations.h"

namespace unioncard::card {

const db::EventOutbox& CardEventOutbox();

// card-svc's schema. The one-live-card rule is the database's own: a
// generated column holds the member id only while the card is live, under
// a unique key, so no race between two requests can make two live cards.
std::vector<db::Migration> CardSchema();

// The statements that refill card_day_counts from the cards themselves
// (the migration that adds the counters runs them; so can an operator or
// a benchmark that loads cards straight into the table).
std::vector<std::string> RebuildCardDayCounts();

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_STORE_CARD_SCHEMA_H_
