#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_BULLETIN_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_BULLETIN_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "assessment-svc/src/domain/exact.h"
#include "assessment-svc/src/domain/scoring_policy.h"

namespace unioncard::assessment {

// One unit's counters on the bulletin's day (from member-svc and card-svc).
struct BulletinInput {
  std::string unit_code;
  int64_t members = 0;            // real-name members
  int64_t plan = 0;               // the year's plan, > 0
  int64_t issued_this_year = 0;   // first cards issued 1 Jan – day
  int64_t issued_cumulative = 0;  // first cards issued to date
  int64_t live_cards = 0;         // members holding a live card
  int64_t activated = 0;          // cumulative
};

// A row of the monthly bulletin (月通报), docs/rules.md §6.3.
struct BulletinRow {
  BulletinInput unit;
  Ratio completion;                      // issued this year ÷ plan
  std::optional<Ratio> coverage;         // live cards ÷ members
  std::optional<Ratio> activation_rate;  // activated ÷ issued cumulative
  int rank = 0;                          // by completion; ties share
};

struct Bulletin {
  std::vector<BulletinRow> rows;  // by rank, then unit code
  BulletinRow city;               // the sums (rank 0)
};

// INVALID_ARGUMENT naming units[i].field for impossible counters.
absl::StatusOr<Bulletin> BuildBulletin(const std::vector<BulletinInput>& units,
                                       const ScoringPolicy& policy);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_BULLETIN_H_
