#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_ANNUAL_ASSESSMENT_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_ANNUAL_ASSESSMENT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "assessment-svc/src/domain/exact.h"
#include "assessment-svc/src/domain/scoring_policy.h"

namespace unioncard::assessment {

// Dated entries that lower the regular items (docs/rules.md §6.5): each
// omission costs responsiveness 0.5, each public criticism notice costs
// supervision 1; the year's count is what the score takes.
enum class IncidentKind { kOmission = 1, kCriticism = 2 };

// Regular items entered by the assessors (平时考核).
struct RegularItems {
  Score leadership;    // 0–3
  Score measures;      // 0–4
  int omissions = 0;   // 漏项
  int criticisms = 0;  // 点名通报批评
};

// Everything the annual score of one unit needs, as of 31 December. The
// live assessment and SimulateAssessment both fill this in and call
// AssessYear, so they share every line of scoring.
struct UnitYear {
  std::string unit_code;
  int64_t plan = 0;               // the year's plan, > 0
  int64_t issued_in_year = 0;     // first cards issued 1 Jan – 31 Dec
  int64_t issued_cumulative = 0;  // first cards issued to date
  int64_t activated_cumulative = 0;
  int64_t service_items = 0;          // active items owned at 31 Dec
  std::vector<Score> quarter_points;  // of the ranked quarters
  RegularItems regular;
};

struct UnitAssessment {
  std::string unit_code;
  // Regular (40)
  Score leadership, measures, responsiveness, supervision, regular_total;
  // Year-end (60)
  Score issuance, activation, service_items, year_end_total;
  Score total;
  Ratio completion;                      // R
  std::optional<Ratio> activation_rate;  // A; none without cards
  bool vetoed = false;                   // R < 100%: fails the year
  int award_rank = 0;                    // 1.. among the not vetoed; 0 none
  int64_t award_fen = 0;
};

// The single items, each as docs/rules.md §6.5–§6.6 words it.
Score ResponsivenessPoints(int omissions, const ScoringPolicy& policy);
Score SupervisionPoints(const std::vector<Score>& quarter_points,
                        int criticisms, const ScoringPolicy& policy);
Score IssuancePoints(const Ratio& completion, const ScoringPolicy& policy);
Score ActivationPoints(int64_t activated, int64_t issued,
                       const ScoringPolicy& policy);
Score ServiceItemPoints(int64_t items, const Ratio& average,
                        const ScoringPolicy& policy);

// 百分制 for every unit, then the veto and the awards (§5.3): among the
// units not vetoed, by total score; ties by higher R, then higher A, then
// unit code. Results keep the input order. INVALID_ARGUMENT naming
// units[i].field for out-of-range input.
absl::StatusOr<std::vector<UnitAssessment>> AssessYear(
    const std::vector<UnitYear>& units, const ScoringPolicy& policy);

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_ANNUAL_ASSESSMENT_H_
