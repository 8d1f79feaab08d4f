#ifndef UNIONCARD_CARD_SVC_SRC_STORE_CARD_SCHEMA_H_
#define UNIONCARD_CARD_SVC_SRC_STORE_CARD_SCHEMA_H_

#include <vector>

#include "common/db/event_outbox.h"
#include "common/db/migrations.h"

namespace unioncard::card {

const db::EventOutbox& CardEventOutbox();

// card-svc's schema. The one-live-card rule is the database's own: a
// generated column holds the member id only while the card is live, under
// a unique key, so no race between two requests can make two live cards.
std::vector<db::Migration> CardSchema();

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_STORE_CARD_SCHEMA_H_
