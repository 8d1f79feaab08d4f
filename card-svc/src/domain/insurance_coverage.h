#ifndef UNIONCARD_CARD_SVC_SRC_DOMAIN_INSURANCE_COVERAGE_H_
#define UNIONCARD_CARD_SVC_SRC_DOMAIN_INSURANCE_COVERAGE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "card-svc/src/domain/card_lifecycle.h"

namespace unioncard::card {

// Free insurance (docs/rules.md §5.10): a member holding a live card is
// covered.
// [choice] Coverage starts on the day the member's card is issued and
// lasts through the day the card ends; a lost card's replacement continues
// the same coverage (no gap while the new card is made) unless the
// replacement itself ends unissued. Days are China's civil days.
struct CardFacts {
  int64_t card_id = 0;
  std::optional<int64_t> replaces_card_id;
  CardState state = CardState::kRequested;
  std::optional<absl::CivilDay> issued_on;
  std::optional<absl::CivilDay> ended_on;  // cancelled / replaced / rejected
};

struct CoverageSpan {
  absl::CivilDay from;
  std::optional<absl::CivilDay> through;  // open while the card lives
};

// The member's coverage, one span per chain of replacements, by start.
std::vector<CoverageSpan> CoverageOf(const std::vector<CardFacts>& cards);

bool CoveredOn(const std::vector<CardFacts>& cards, absl::CivilDay day);

// The days the member is covered, as spans that neither overlap nor touch
// (CoverageOf's spans joined where they meet): covered on a day exactly
// when one of them holds it, so a day count over them counts each member
// once (the stored roster, card_change_records.h).
std::vector<CoverageSpan> CoveredDays(const std::vector<CardFacts>& cards);

bool operator==(const CoverageSpan& a, const CoverageSpan& b);

// The monthly roster for the insurer, built member by member.
class MonthlyRoster {
 public:
  explicit MonthlyRoster(absl::CivilMonth month) : month_(month) {}
  // Adds one member's cards.
  void Add(int64_t member_id, const std::vector<CardFacts>& cards);

  // Covered on the month's last day.
  const std::vector<int64_t>& insured() const { return insured_; }
  // Covered now, not on the previous month's last day.
  const std::vector<int64_t>& additions() const { return additions_; }
  // Covered on the previous month's last day, not now.
  const std::vector<int64_t>& removals() const { return removals_; }

 private:
  absl::CivilMonth month_;
  std::vector<int64_t> insured_, additions_, removals_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_DOMAIN_INSURANCE_COVERAGE_H_
