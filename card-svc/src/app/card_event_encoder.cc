#include "card-svc/src/app/card_event_encoder.h"

#include "card-svc/src/app/card_api_codecs.h"
#include "card-svc/src/store/card_store.h"
#include "card-svc/src/store/transaction_store.h"
#include "card/v1/card_events.pb.h"
#include "common/grpc/api_types.h"

namespace unioncard::card {

const CardEventEncoder& CardEventEncoder::Get() {
  static const CardEventEncoder* const encoder = new CardEventEncoder();
  return *encoder;
}

std::string CardEventEncoder::CardChanged(const CardRecord& card,
                                          std::optional<CardState> from,
                                          absl::Time at) const {
  v1::CardEvent event;
  event.set_kind(v1::CardEvent::KIND_CARD_CHANGED);
  event.set_card_id(card.id);
  event.set_member_id(card.member_id);
  event.set_county_id(card.county_id);
  event.set_org_id(card.org_id);
  event.set_state(kCardStateApi.Encode(card.lifecycle.state));
  if (from.has_value()) {
    event.set_previous_state(kCardStateApi.Encode(*from));
  }
  if (card.replaces_card_id.has_value()) {
    event.set_replaces_card_id(*card.replaces_card_id);
  }
  event.set_issued_county_id(card.issued_county_id);
  // Whole seconds, as the feed has always carried a card change's time.
  event.mutable_time()->set_seconds(absl::ToUnixSeconds(at));
  return event.SerializeAsString();
}

std::string CardEventEncoder::TransactionStored(
    const StoredTransaction& t) const {
  v1::CardEvent event;
  event.set_kind(v1::CardEvent::KIND_TRANSACTION);
  event.set_card_id(t.card_id);
  event.set_member_id(t.member_id);
  event.set_county_id(t.county_id);
  event.set_org_id(t.org_id);
  rpc::SetTimestamp(t.bank.at, event.mutable_time());
  v1::CardTransactionRecord* record = event.mutable_transaction();
  record->set_bank_transaction_id(t.bank.bank_transaction_id);
  record->set_bank_merchant_id(t.bank.bank_merchant_id);
  record->set_amount_fen(t.bank.amount_fen);
  rpc::SetTimestamp(t.bank.at, record->mutable_time());
  return event.SerializeAsString();
}

}  // namespace unioncard::card
