#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_STORE_PROGRESS_STORE_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_STORE_PROGRESS_STORE_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/db/connection_pool.h"

namespace unioncard::assessment {

// Per county, as of a day (first cards counted where they were issued).
struct CountyProgress {
  int64_t members = 0;          // real-name members (approved, active)
  int64_t issued_in_range = 0;  // first cards issued in [from, day]
  int64_t issued_cumulative = 0;
  int64_t live_cards = 0;  // issued and not cancelled or replaced by the day
  int64_t activated = 0;
};

// The counters assessment-svc keeps from card-svc's and member-svc's feeds,
// so a bulletin over all 1.44 million members needs no scan of another
// service's data, nor of its own cards: each member's first issue, each
// card's issued-to-ended span, each activation and each member's counted
// state are kept once (recording the same event again changes nothing),
// and each change also moves a per-county, per-day counter in the same
// transaction. A bulletin sums at most counties × days rows. Days are the
// bank's (China time); members count from the day of their approval.
//
// Live cards are counted per card: card-svc gives a member one live card
// at a time (a replacement ends the lost card first).
class ProgressStore {
 public:
  explicit ProgressStore(db::ConnectionPool* pool) : pool_(pool) {}

  absl::Status RecordIssued(int64_t card_id, int64_t member_id,
                            const std::string& county_id, absl::CivilDay day);
  absl::Status RecordActivated(int64_t card_id, const std::string& county_id,
                               absl::CivilDay day);
  // The card stopped being live (cancelled, replaced) on `day`.
  absl::Status RecordEnded(int64_t card_id, absl::CivilDay day);
  // Member `member_id` of `county_id` is (or is no longer) a real-name
  // member counted from `day`: approved by the city and active.
  absl::Status RecordMember(int64_t member_id, const std::string& county_id,
                            bool counted, absl::CivilDay day);

  absl::StatusOr<std::map<std::string, CountyProgress>> ProgressOn(
      absl::CivilDay from, absl::CivilDay day);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_STORE_PROGRESS_STORE_H_
