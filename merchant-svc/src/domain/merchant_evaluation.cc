#include "merchant-svc/src/domain/merchant_evaluation.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/field_violations.h"

namespace unioncard::merchant {

absl::Status ValidateStars(int stars) {
  if (stars < 1 || stars > 5) {
    return status::InvalidField("stars", "must be 1 to 5");
  }
  return absl::OkStatus();
}

std::vector<Rating> EffectiveRatings(std::vector<Rating> ratings) {
  std::map<std::tuple<int64_t, int64_t, int>, Rating> last;  // member, y, m
  for (const Rating& r : ratings) {
    auto key = std::make_tuple(r.member_id, static_cast<int64_t>(r.day.year()),
                               r.day.month());
    auto it = last.find(key);
    if (it == last.end() || it->second.sequence < r.sequence) last[key] = r;
  }
  std::vector<Rating> out;
  for (auto& [key, r] : last) out.push_back(r);
  std::sort(out.begin(), out.end(), [](const Rating& a, const Rating& b) {
    return a.sequence < b.sequence;
  });
  return out;
}

const char* StandingName(Standing standing) {
  switch (standing) {
    case Standing::kNormal:
      return "NORMAL";
    case Standing::kFeatured:
      return "FEATURED";
    case Standing::kWarning:
      return "WARNING";
    case Standing::kExitProposed:
      return "EXIT_PROPOSED";
  }
  return "UNKNOWN";
}

std::string Evaluation::MeanString() const {
  if (ratings == 0) return "-";
  // round(100 × total / n) half up
  const int64_t hundredths = (stars_total * 200 + ratings) / (2 * ratings);
  return absl::StrFormat("%d.%02d", hundredths / 100, hundredths % 100);
}

Evaluation Evaluate(const std::vector<Rating>& all, absl::CivilDay day,
                    const std::optional<Evaluation>& previous,
                    const EvaluationPolicy& policy) {
  Evaluation e;
  e.day = day;
  const absl::CivilDay first = day - (policy.window_days - 1);
  for (const Rating& r : EffectiveRatings(all)) {
    if (r.day < first || r.day > day) continue;
    ++e.ratings;
    e.stars_total += r.stars;
  }
  // mean ≥ a/b  ⇔  total·b ≥ a·n  (exact)
  const auto mean_at_least = [&](int64_t num, int64_t den) {
    return e.stars_total * den >= num * e.ratings;
  };
  const std::string figures =
      absl::StrCat(e.ratings, " ratings in ", policy.window_days,
                   " days, mean ", e.MeanString());
  const bool poor =
      e.ratings >= policy.warning_min_ratings &&
      !mean_at_least(policy.warning_mean_num, policy.warning_mean_den);
  if (poor) {
    const bool warned_before = previous.has_value() &&
                               previous->warning_since.has_value() &&
                               (previous->standing == Standing::kWarning ||
                                previous->standing == Standing::kExitProposed);
    e.warning_since = warned_before ? previous->warning_since : day;
    const int64_t warned_days = day - *e.warning_since;
    if (warned_days >= policy.exit_after_warning_days) {
      e.standing = Standing::kExitProposed;
      e.reason =
          absl::StrCat(figures, "; below ", policy.warning_mean_num, " for ",
                       warned_days, " days since the warning of ",
                       absl::FormatCivilTime(*e.warning_since));
    } else {
      e.standing = Standing::kWarning;
      e.reason = absl::StrCat(figures, "; below ", policy.warning_mean_num);
    }
    return e;
  }
  if (e.ratings >= policy.featured_min_ratings &&
      mean_at_least(policy.featured_mean_num, policy.featured_mean_den)) {
    e.standing = Standing::kFeatured;
    e.reason = absl::StrCat(figures, "; featured for joint promotions");
    return e;
  }
  e.standing = Standing::kNormal;
  e.reason = figures;
  return e;
}

}  // namespace unioncard::merchant
