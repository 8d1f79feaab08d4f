#ifndef UNIONCARD_CARD_SVC_SRC_API_CARD_PROTO_MAPPING_H_
#define UNIONCARD_CARD_SVC_SRC_API_CARD_PROTO_MAPPING_H_

#include "card-svc/src/store/card_queries.h"
#include "card-svc/src/store/card_store.h"
#include "card-svc/src/store/issuance_batch_store.h"
#include "card/v1/card.pb.h"

namespace unioncard::card {

// The bank token stays inside card-svc: clients see the last 4 digits.
void ToProto(const CardRecord& card, v1::Card* out);
void ToProto(const CardChangeRecord& change, v1::CardChange* out);
// Counts always; the items when the record carries them.
void ToProto(const IssuanceBatchRecord& batch, bool with_items,
             v1::IssuanceBatch* out);

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_API_CARD_PROTO_MAPPING_H_
