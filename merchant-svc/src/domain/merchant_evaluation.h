#ifndef UNIONCARD_MERCHANT_SVC_SRC_DOMAIN_MERCHANT_EVALUATION_H_
#define UNIONCARD_MERCHANT_SVC_SRC_DOMAIN_MERCHANT_EVALUATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace unioncard::merchant {

// 会员评议 (docs/rules.md §5.4): 1–5 stars from card-holding members,
// one per member per merchant per calendar month — a second replaces the
// first.
struct Rating {
  int64_t member_id = 0;
  absl::CivilDay day;
  int stars = 0;
  int64_t sequence = 0;  // order of arrival, to tell which one replaces
};

// INVALID_ARGUMENT (field "stars") outside 1–5.
absl::Status ValidateStars(int stars);

// The ratings that count: per member and calendar month only the last to
// arrive.
std::vector<Rating> EffectiveRatings(std::vector<Rating> ratings);

// The thresholds, configurable.
struct EvaluationPolicy {
  int window_days = 90;
  int featured_min_ratings = 20;
  int64_t featured_mean_num = 9, featured_mean_den = 2;  // ≥ 4.5
  int warning_min_ratings = 10;
  int64_t warning_mean_num = 3, warning_mean_den = 1;  // < 3.0
  int exit_after_warning_days = 30;
};

enum class Standing { kNormal, kFeatured, kWarning, kExitProposed };
const char* StandingName(Standing standing);

struct Evaluation {
  Standing standing = Standing::kNormal;
  absl::CivilDay day;
  int ratings = 0;          // in the window
  int64_t stars_total = 0;  // mean = stars_total / ratings
  std::optional<absl::CivilDay> warning_since;
  // The figures behind the standing, for the status history.
  std::string reason;

  // "4.53" (two decimals, half up) or "-" without ratings.
  std::string MeanString() const;
};

// The daily evaluation of one merchant on `day`, from its ratings (all of
// them; the window and the monthly replacement are applied here) and its
// previous evaluation: FEATURED with ≥ 20 ratings averaging ≥ 4.5; WARNING
// with ≥ 10 averaging < 3.0; EXIT_PROPOSED when still < 3.0 after 30 days
// of warning (staff then confirm the exit — that is not decided here);
// NORMAL otherwise, which also lifts a warning.
Evaluation Evaluate(const std::vector<Rating>& ratings, absl::CivilDay day,
                    const std::optional<Evaluation>& previous,
                    const EvaluationPolicy& policy = {});

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_DOMAIN_MERCHANT_EVALUATION_H_
