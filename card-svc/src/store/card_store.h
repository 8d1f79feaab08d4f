#ifndef UNIONCARD_CARD_SVC_SRC_STORE_CARD_STORE_H_
#define UNIONCARD_CARD_SVC_SRC_STORE_CARD_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "card-svc/src/domain/card_lifecycle.h"
#include "card-svc/src/domain/insurance_coverage.h"
#include "card-svc/src/store/card_feed_encoder.h"
#include "common/auth/principal.h"
#include "common/db/connection_pool.h"
#include "common/db/event_outbox.h"

namespace unioncard::card {

struct CardRecord {
  int64_t id = 0;
  int64_t member_id = 0;
  std::string county_id;  // the member's county now
  std::string org_id;
  CardLifecycleState lifecycle;
  std::optional<int64_t> replaces_card_id;
  // Only what the bank gives back: never a full card number.
  std::string bank_token;
  std::string last4;
  std::string expiry;            // YYYY-MM
  std::string issued_county_id;  // where it was issued (targets count there)
  std::optional<absl::Time> issued_at;
  std::optional<absl::Time> activated_at;
  std::string note;
};

// What the bank reports when it issues a card.
struct IssuedCard {
  std::string bank_token;  // the bank's opaque id for the card
  std::string last4;       // 4 digits
  std::string expiry;      // YYYY-MM
};

// INVALID_ARGUMENT naming the field: a token of 8–64 printable characters
// that is not a card number, 4 digits, a YYYY-MM expiry.
absl::Status ValidateIssuedCard(const IssuedCard& card);

// A card to request (one of RequestMany's).
struct CardToRequest {
  std::string request_id;
  int64_t member_id = 0;
  std::string county_id;
  std::string org_id;
};

// What became of one request of a page (RequestMany): an outcome, not an
// error code the caller must interpret.
struct CardRequestOutcome {
  enum class Kind {
    kRequested,      // `card_id` is the new card (or a retry's earlier one)
    kMemberHasCard,  // the member has a live card (`card_id`), or the page
                     // requests one for them twice (`card_id` 0)
    kRefused,        // `refusal` says why (a request id used otherwise)
  };
  Kind kind = Kind::kRefused;
  int64_t card_id = 0;
  absl::Status refusal;  // kMemberHasCard: ALREADY_EXISTS naming the card

  // What RequestCard answers: the new card's id, or the refusal.
  absl::StatusOr<int64_t> CardId() const {
    if (kind == Kind::kRequested) return card_id;
    return refusal;
  }
};

// One card change (one of ApplyMany's); see Apply.
struct CardChange {
  std::string request_id;
  int64_t card_id = 0;
  CardEvent event = CardEvent::kSubmit;
  absl::Time at;
  std::string note;
  std::optional<IssuedCard> issued;
};

// Cards in MySQL. Every change is written with its history row,
// change-feed event and audit row in one transaction; `request_id` makes
// retries harmless. A page of changes (RequestMany, ApplyMany) is decided
// in memory and written set-wise: a handful of statements per page, not
// per card (docs/architecture.md §2.2).
class CardStore {
 public:
  // `encoder` writes the change feed's payloads (CardEventEncoder);
  // `clock` times the changes made here rather than by the bank (a
  // request, a move, a replacement ordered).
  CardStore(db::ConnectionPool* pool, const db::EventOutbox* outbox,
            const CardFeedEncoder* encoder,
            std::function<absl::Time()> clock = absl::Now)
      : pool_(pool),
        outbox_(outbox),
        encoder_(encoder),
        clock_(std::move(clock)) {}

  // A new REQUESTED card. ALREADY_EXISTS naming the live card when the
  // member has one: read with a lock on the member's live-card key, with
  // the unique key itself behind it, so two concurrent requests cannot
  // both win.
  absl::StatusOr<CardRecord> Request(const auth::Principal& caller,
                                     const std::string& request_id,
                                     int64_t member_id,
                                     const std::string& county_id,
                                     const std::string& org_id);

  // Many requests in one transaction (an issuance batch), an outcome each.
  absl::StatusOr<std::vector<CardRequestOutcome>> RequestMany(
      const auth::Principal& caller, const std::vector<CardToRequest>& cards);

  absl::StatusOr<CardRecord> Get(int64_t card_id);
  // The cards found among `card_ids`, by id.
  absl::StatusOr<std::map<int64_t, CardRecord>> GetMany(
      const std::vector<int64_t>& card_ids);
  absl::StatusOr<std::optional<CardRecord>> LiveCardOf(int64_t member_id);
  // The member's cards, oldest first (replacements follow what they
  // replace).
  absl::StatusOr<std::vector<CardRecord>> CardsOf(int64_t member_id);

  // Moves a card by `event` at `at` (the bank's time for bank events).
  // `issued` is required with kBankIssued. A repeated bank notification
  // (the card already in that state) changes nothing and returns the card.
  absl::StatusOr<CardRecord> Apply(const auth::Principal& caller,
                                   const std::string& request_id,
                                   int64_t card_id, CardEvent event,
                                   absl::Time at, const std::string& note,
                                   const std::optional<IssuedCard>& issued);

  // Many changes in one transaction (a batch sent, a bundle of bank
  // notifications): one status per change, as Apply would answer it.
  absl::StatusOr<std::vector<absl::Status>> ApplyMany(
      const auth::Principal& caller, const std::vector<CardChange>& changes);

  // The card follows its member to another union (a transfer, also across
  // counties); its state does not change.
  absl::StatusOr<CardRecord> MoveToUnion(const auth::Principal& caller,
                                         const std::string& request_id,
                                         int64_t card_id,
                                         const std::string& county_id,
                                         const std::string& org_id);

  // The LOST card becomes REPLACED and a new REQUESTED card replaces it, in
  // one transaction. Returns the new card.
  absl::StatusOr<CardRecord> OrderReplacement(const auth::Principal& caller,
                                              const std::string& request_id,
                                              int64_t lost_card_id);

  // Every member's cards as the insurance rules need them, member by
  // member in member order (one pass, for the monthly roster); or one
  // member's. Days are China's civil days (UTC+8).
  absl::Status ForEachMemberCards(
      const std::function<void(int64_t member_id,
                               const std::vector<CardFacts>& cards)>& visit);
  absl::StatusOr<std::vector<CardFacts>> CardFactsOf(int64_t member_id);

  // Brings the stored figures (day counters, coverage) in line with the
  // cards if a migration or an operator asked for it (a row in
  // coverage_rebuild_pending): at start-up, before serving. The counters
  // are rebuilt in one transaction; the coverage member by member, a few
  // thousand members per transaction, each under the feed's lock so card
  // writers wait only for a chunk. Returns whether it ran.
  absl::StatusOr<bool> RebuildStoredFiguresIfPending();

  // "Cards issued" for targets (docs/rules.md §4.8): members whose first card
  // reached ISSUED in [from, to), by the county where it was issued.
  // Replacements never count.
  absl::StatusOr<std::map<std::string, int64_t>> FirstCardsIssued(
      absl::Time from, absl::Time to);

 private:
  db::ConnectionPool* pool_;
  const db::EventOutbox* outbox_;
  const CardFeedEncoder* encoder_;
  std::function<absl::Time()> clock_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_STORE_CARD_STORE_H_
