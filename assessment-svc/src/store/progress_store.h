#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_STORE_PROGRESS_STORE_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_STORE_PROGRESS_STORE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/db/connection_pool.h"

namespace unioncard::assessment {

// Per county, as of a day (first cards counted where they were issued).
struct CountyProgress {
  int64_t issued_in_range = 0;  // first cards issued in [from, day]
  int64_t issued_cumulative = 0;
  int64_t live_cards = 0;  // members holding an issued card on the day
  int64_t activated = 0;
};

// The card counters assessment-svc keeps from card-svc's feed, so a
// bulletin over all members needs no scan of card-svc's data: each member's
// first issue, each card's issued-to-ended span, each activation — all by
// the bank's day (China time). Recording the same event again changes
// nothing.
class ProgressStore {
 public:
  explicit ProgressStore(db::ConnectionPool* pool) : pool_(pool) {}

  absl::Status RecordIssued(int64_t card_id, int64_t member_id,
                            const std::string& county_id, absl::CivilDay day);
  absl::Status RecordActivated(int64_t card_id, const std::string& county_id,
                               absl::CivilDay day);
  // The card stopped being live (cancelled, replaced) on `day`.
  absl::Status RecordEnded(int64_t card_id, absl::CivilDay day);

  absl::StatusOr<std::map<std::string, CountyProgress>> ProgressOn(
      absl::CivilDay from, absl::CivilDay day);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_STORE_PROGRESS_STORE_H_
