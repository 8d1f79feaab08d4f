#ifndef UNIONCARD_CARD_SVC_SRC_APP_CARD_CHANGES_H_
#define UNIONCARD_CARD_SVC_SRC_APP_CARD_CHANGES_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "card-svc/src/app/member_directory.h"
#include "card-svc/src/domain/card_access.h"
#include "card-svc/src/domain/card_lifecycle.h"
#include "card-svc/src/store/card_store.h"
#include "common/auth/principal.h"

namespace unioncard::card {

// CardService's changes made by people (docs/rules.md §4.2–§4.6): a card
// requested, frozen, unfrozen, reported lost, cancelled, replaced. Each
// checks the caller may change cards where the card (or member) is, and
// has the store move the card by CardLifecycle's rules with its history,
// feed event and audit row, once per request id (empty: a new one).
class CardChanges {
 public:
  // `changed` is told after every change (the feed's watchers and the
  // sender of bank orders wake).
  CardChanges(CardStore* cards, const MemberDirectory* members,
              std::function<void()> changed, CardAccess access = {},
              std::function<absl::Time()> clock = absl::Now)
      : cards_(cards),
        members_(members),
        changed_(std::move(changed)),
        access_(access),
        clock_(std::move(clock)) {}

  // Asks member-svc whether the member is eligible and where they belong,
  // then queues the card. NOT_FOUND for an unknown member,
  // PERMISSION_DENIED outside the caller's unit, FAILED_PRECONDITION when
  // not eligible, ALREADY_EXISTS with a live card, UNAVAILABLE when
  // member-svc is down. One live card per member holds whatever member-svc
  // says.
  absl::StatusOr<CardRecord> Request(const auth::Principal& caller,
                                     const std::string& request_id,
                                     int64_t member_id) const;

  // Freeze, unfreeze, report lost (staff, or the member themself) or
  // cancel; FAILED_PRECONDITION when the card's state does not allow it.
  absl::StatusOr<CardRecord> Change(const auth::Principal& caller,
                                    const std::string& request_id,
                                    int64_t card_id, CardEvent event,
                                    const std::string& reason) const;

  // The LOST card is replaced by a new REQUESTED one; returns the new card.
  absl::StatusOr<CardRecord> OrderReplacement(const auth::Principal& caller,
                                              const std::string& request_id,
                                              int64_t lost_card_id) const;

 private:
  void Changed() const {
    if (changed_) changed_();
  }

  CardStore* cards_;
  const MemberDirectory* members_;
  std::function<void()> changed_;
  CardAccess access_;
  std::function<absl::Time()> clock_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_CARD_CHANGES_H_
