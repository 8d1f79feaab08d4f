#ifndef UNIONCARD_CARD_SVC_SRC_STORE_CARD_CHANGE_RECORDS_H_
#define UNIONCARD_CARD_SVC_SRC_STORE_CARD_CHANGE_RECORDS_H_

#include <cppconn/connection.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "card-svc/src/store/card_feed_encoder.h"
#include "card-svc/src/store/card_store.h"
#include "common/auth/principal.h"
#include "common/db/event_outbox.h"

// Store-internal: the set-based writes CardStore makes for a page of card
// changes — every statement covers the whole page, so a page of 500 cards
// costs a handful of round trips, not a handful per card
// (docs/architecture.md §2.2).
namespace unioncard::card {

// One change made to a card: its history row, feed event and audit row.
struct RecordedChange {
  CardRecord card;  // as the change left it
  std::optional<CardState> from;
  absl::Time at;
  std::string reason;
  std::string action;  // audit action, e.g. "card.issued"
};

// What card changes add to card_day_counts, the per-county, per-day
// counters GetCardStatistics reads (docs/rules.md §4.8): summed over the
// days up to D they give, per county, the cards activated by the end of D
// (where issued) and the members holding an issued, unended card then
// (where the member is now).
class CardDayCounts {
 public:
  // A state change: an issue, an activation, or an issued card ending.
  void Add(const RecordedChange& change);
  // The card moved to `to_county` with its member: its issue (and end)
  // count there now, on the same days.
  void Move(const CardRecord& card, const std::string& to_county,
            std::optional<absl::Time> ended_at);
  // One upsert for every county and day touched, in key order (so two
  // pages lock the counters in the same order).
  absl::Status Write(sql::Connection& connection) const;

 private:
  struct Delta {
    int64_t activated = 0;
    int64_t live = 0;
  };
  void AddLive(const std::string& county, absl::Time at, int64_t n);
  std::map<std::pair<std::string, absl::CivilDay>, Delta> deltas_;
};

// The stored insurance coverage (docs/rules.md §5.10): each member's
// covered days as spans (coverage_spans, CoveredDays) and, per day, how
// many members start or stop being covered (coverage_day_counts), so the
// monthly roster reads a month's starts and ends and a sum over days, not
// every card. Brings the coverage of `members` in line with their cards
// now, in the caller's transaction: rewrites the spans (and the day counts)
// of those whose covered days changed — whatever was stored before, so it
// also repairs (CardStore::RebuildStoredFiguresIfPending).
absl::Status RefreshCoverage(sql::Connection& connection,
                             std::vector<int64_t> members);

// Writes the history rows, feed events and audit rows of `changes`, one
// multi-row statement each, what they add to the day counters, and the
// members' coverage, in the caller's transaction.
absl::Status RecordChanges(sql::Connection& connection,
                           const db::EventOutbox& outbox,
                           const CardFeedEncoder& encoder,
                           const auth::Principal& caller,
                           const std::vector<RecordedChange>& changes);

// Reads and locks (FOR UPDATE) the cards found among `card_ids`, by id.
std::map<int64_t, CardRecord> LockCards(sql::Connection& connection,
                                        const std::vector<int64_t>& card_ids);

// The state a card is written back with: the record's columns, and when
// the card left the live states.
struct CardStateRow {
  const CardRecord* card = nullptr;
  std::optional<absl::Time> ended_at;
};

// Writes each card's state, note and bank details (one UPDATE per 500
// cards, joined to the new values).
absl::Status WriteCardStates(sql::Connection& connection,
                             const std::vector<CardStateRow>& rows);

// Timestamps are stored to the microsecond; a change's time is cut to that
// before it is kept in a record, so the record equals the stored row.
absl::Time ToStoredPrecision(absl::Time t);

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_STORE_CARD_CHANGE_RECORDS_H_
