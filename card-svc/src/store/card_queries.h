#ifndef UNIONCARD_CARD_SVC_SRC_STORE_CARD_QUERIES_H_
#define UNIONCARD_CARD_SVC_SRC_STORE_CARD_QUERIES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "card-svc/src/store/card_store.h"
#include "common/db/connection_pool.h"

namespace unioncard::card {

struct CardChangeRecord {
  std::optional<CardState> from;  // none for the request
  CardState to = CardState::kRequested;
  absl::Time at;
  std::string reason;
};

struct CardListFilter {
  std::string county_id;  // empty: every county
  std::string org_id;     // empty: every union of the county
  std::optional<CardState> state;
};

struct CountyCardCounts {
  int64_t activated = 0;  // issued here, activated by the day
  int64_t live = 0;       // members here holding an issued, unended card
};

// The insurer's monthly roster (docs/rules.md §5.10), from the stored
// coverage.
struct StoredRoster {
  int64_t insured = 0;             // covered on the month's last day
  std::vector<int64_t> additions;  // covered then, not a month before
  std::vector<int64_t> removals;   // covered a month before, not then
};

// Live cards needing a follow-up in one grassroots union.
struct DormantUnionCards {
  std::string county_id;
  std::string org_id;
  int64_t cards = 0;
  std::vector<int64_t> member_ids;  // the first `max_members`, ascending
};

// Read-only card queries for the API: lists, history, statistics.
class CardQueries {
 public:
  explicit CardQueries(db::ConnectionPool* pool) : pool_(pool) {}

  // By id, ids above `after_id`, at most `limit`.
  absl::StatusOr<std::vector<CardRecord>> List(const CardListFilter& filter,
                                               int64_t after_id, int limit);
  // The card's changes, oldest first.
  absl::StatusOr<std::vector<CardChangeRecord>> History(int64_t card_id);
  // Activated and live cards per county at the end of China's civil day
  // `day` (bank times), from the day counters: a sum over counties × days,
  // not a pass over the cards.
  absl::StatusOr<std::map<std::string, CountyCardCounts>> CountsOnDay(
      absl::CivilDay day);

  // The month's roster: the members whose coverage starts or ends in the
  // month (by the spans' indexes) and a sum of day counts; member ids
  // ascending.
  absl::StatusOr<StoredRoster> Roster(absl::CivilMonth month);

  // Cards ISSUED before `issued_before` and never activated, or (when
  // `never_used`) ACTIVATED with no transaction, per union in the filter.
  absl::StatusOr<std::vector<DormantUnionCards>> Dormant(
      const CardListFilter& filter, bool never_used, absl::Time issued_before,
      int max_members);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_STORE_CARD_QUERIES_H_
