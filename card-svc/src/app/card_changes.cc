#include "card-svc/src/app/card_changes.h"

#include "card-svc/src/domain/eligibility.h"
#include "common/db/idempotency.h"
#include "common/status/macros.h"

namespace unioncard::card {

absl::StatusOr<CardRecord> CardChanges::Request(const auth::Principal& caller,
                                                const std::string& request_id,
                                                int64_t member_id) const {
  ASSIGN_OR_RETURN(std::string id, db::RequestIdOrNew(request_id));
  ASSIGN_OR_RETURN(member::v1::Member member, members_->GetMember(member_id));
  RETURN_IF_ERROR(access_.CheckChange(
      caller, CardOrgPath(member.county_id(), member.org_id())));
  RETURN_IF_ERROR(CheckCardEligibility(ApplicantOf(member)));
  ASSIGN_OR_RETURN(CardRecord card,
                   cards_->Request(caller, id, member.id(), member.county_id(),
                                   member.org_id()));
  Changed();
  return card;
}

absl::StatusOr<CardRecord> CardChanges::Change(
    const auth::Principal& caller, const std::string& request_id,
    int64_t card_id, CardEvent event, const std::string& reason) const {
  ASSIGN_OR_RETURN(std::string id, db::RequestIdOrNew(request_id));
  ASSIGN_OR_RETURN(CardRecord card, cards_->Get(card_id));
  const std::string path = CardOrgPath(card.county_id, card.org_id);
  RETURN_IF_ERROR(event == CardEvent::kReportLost
                      ? access_.CheckReportLost(caller, path, card.member_id)
                      : access_.CheckChange(caller, path));
  ASSIGN_OR_RETURN(CardRecord changed,
                   cards_->Apply(caller, id, card.id, event, clock_(), reason,
                                 std::nullopt));
  Changed();
  return changed;
}

absl::StatusOr<CardRecord> CardChanges::OrderReplacement(
    const auth::Principal& caller, const std::string& request_id,
    int64_t lost_card_id) const {
  ASSIGN_OR_RETURN(std::string id, db::RequestIdOrNew(request_id));
  ASSIGN_OR_RETURN(CardRecord lost, cards_->Get(lost_card_id));
  RETURN_IF_ERROR(
      access_.CheckChange(caller, CardOrgPath(lost.county_id, lost.org_id)));
  ASSIGN_OR_RETURN(CardRecord fresh,
                   cards_->OrderReplacement(caller, id, lost.id));
  Changed();
  return fresh;
}

}  // namespace unioncard::card
