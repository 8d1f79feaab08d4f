#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_SCORING_POLICY_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_SCORING_POLICY_H_

#include <cstdint>
#include <vector>

#include "assessment-svc/src/domain/exact.h"

namespace unioncard::assessment {

// The numbers of Attachment 3 (docs/rules.md §6, §7), including every
// Choice, in one place, so a federation can change a rule without touching
// code.
struct ScoringPolicy {
  // §5.1 quarterly ranking
  Score first_place_points = Score::Points(7);
  Score points_step_per_rank = Score::Halves(1);  // 0.5
  Score quarter_points_floor = Score::Points(0);  // [choice]
  int launch_year = 2016;                         // ranking starts in Q2
  int launch_year_first_ranked_quarter = 2;

  // §5.2 regular items (40)
  Score leadership_max = Score::Points(3);
  Score measures_max = Score::Points(4);
  Score responsiveness_full = Score::Points(5);
  Score responsiveness_per_omission = Score::Halves(1);  // 0.5
  Score criticism_penalty = Score::Points(1);
  Score supervision_floor = Score::Points(0);  // [choice]

  // §5.2 year-end items (60)
  Score issuance_full = Score::Points(20);
  Score issuance_per_point_above = Score::Halves(1);  // 0.5 per whole pp
  Score activation_full = Score::Points(20);
  int64_t activation_target_percent = 60;
  Score activation_per_point = Score::Points(1);
  Score activation_adjustment_cap = Score::Points(10);
  Score activation_no_cards = Score::Points(10);
  Score service_items_full = Score::Points(20);
  Score service_items_per_item = Score::Points(1);
  Score service_items_adjustment_cap = Score::Points(10);

  // §5.3 awards (项目补助), in fen
  std::vector<int64_t> ranked_awards_fen = {30000000, 20000000, 15000000};
  int64_t other_award_fen = 5000000;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_DOMAIN_SCORING_POLICY_H_
