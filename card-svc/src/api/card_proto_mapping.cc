#include "card-svc/src/api/card_proto_mapping.h"

#include "card-svc/src/app/card_api_codecs.h"
#include "common/grpc/api_types.h"

namespace unioncard::card {

using rpc::SetTimestamp;

void ToProto(const CardRecord& card, v1::Card* out) {
  out->set_id(card.id);
  out->set_member_id(card.member_id);
  out->set_county_id(card.county_id);
  out->set_org_id(card.org_id);
  out->set_state(kCardStateApi.Encode(card.lifecycle.state));
  out->set_replaces_card_id(card.replaces_card_id.value_or(0));
  out->set_last4(card.last4);
  out->set_expiry(card.expiry);
  out->set_issued_county_id(card.issued_county_id);
  if (card.issued_at) SetTimestamp(*card.issued_at, out->mutable_issue_time());
  if (card.activated_at) {
    SetTimestamp(*card.activated_at, out->mutable_activation_time());
  }
  out->set_note(card.note);
}

void ToProto(const CardChangeRecord& change, v1::CardChange* out) {
  if (change.from) out->set_from_state(kCardStateApi.Encode(*change.from));
  out->set_to_state(kCardStateApi.Encode(change.to));
  SetTimestamp(change.at, out->mutable_time());
  out->set_reason(change.reason);
}

void ToProto(const IssuanceBatchRecord& batch, bool with_items,
             v1::IssuanceBatch* out) {
  out->set_id(batch.id);
  out->set_org_id(batch.org_id);
  out->set_county_id(batch.county_id);
  switch (batch.state) {
    case BatchState::kFilling:
      out->set_state(v1::BATCH_STATE_FILLING);
      break;
    case BatchState::kQueued:
      out->set_state(v1::BATCH_STATE_QUEUED);
      break;
    case BatchState::kSent:
      out->set_state(batch.Complete() ? v1::BATCH_STATE_COMPLETE
                                      : v1::BATCH_STATE_SENT);
      break;
  }
  out->set_created_by(batch.created_by);
  SetTimestamp(batch.created_at, out->mutable_create_time());
  if (batch.sent_at) SetTimestamp(*batch.sent_at, out->mutable_send_time());
  out->set_send_attempts(batch.send_attempts);
  out->set_last_send_error(batch.last_send_error);
  out->set_members(static_cast<int32_t>(batch.items.size()));
  for (const BatchItem& item : batch.items) {
    if (item.card_id == 0) {
      out->set_without_card(out->without_card() + 1);
    } else {
      switch (item.card_state) {
        case CardState::kRequested:
        case CardState::kSubmitted:
          out->set_waiting(out->waiting() + 1);
          break;
        case CardState::kRejected:
          out->set_rejected(out->rejected() + 1);
          break;
        case CardState::kCancelled:
          break;  // counted among members only
        default:
          out->set_issued(out->issued() + 1);
          break;
      }
      if (item.card_state == CardState::kActivated) {
        out->set_activated(out->activated() + 1);
      }
    }
    if (!with_items) continue;
    v1::IssuanceBatchItem* row = out->add_items();
    row->set_member_id(item.member_id);
    row->set_card_id(item.card_id);
    if (item.card_id != 0) {
      row->set_state(kCardStateApi.Encode(item.card_state));
    }
    row->set_problem(item.card_id == 0 ? item.problem : item.card_note);
  }
}

}  // namespace unioncard::card
