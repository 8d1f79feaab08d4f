#include "assessment-svc/src/domain/annual_assessment.h"

#include <algorithm>
#include <numeric>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"

namespace unioncard::assessment {
namespace {

// An adjustment of `per` for each whole point, clamped to ±cap.
Score Adjustment(int64_t whole_points, Score per, Score cap) {
  return Clamp(per * whole_points, Score() - cap, cap);
}

absl::Status Validate(const std::vector<UnitYear>& units,
                      const ScoringPolicy& policy) {
  status::FieldErrors errors;
  std::set<std::string> seen;
  for (size_t i = 0; i < units.size(); ++i) {
    const UnitYear& u = units[i];
    const std::string at = absl::StrCat("units[", i, "].");
    if (!seen.insert(u.unit_code).second) {
      errors.Add(at + "unit_code", absl::StrCat("\"", status::Echo(u.unit_code),
                                                "\" appears twice"));
    }
    if (u.plan <= 0) errors.Add(at + "plan", "must be positive");
    if (u.issued_in_year < 0 || u.issued_in_year > u.issued_cumulative) {
      errors.Add(at + "issued_in_year",
                 "must be between 0 and the cumulative cards issued");
    }
    if (u.activated_cumulative < 0 ||
        u.activated_cumulative > u.issued_cumulative) {
      errors.Add(at + "activated_cumulative",
                 "must be between 0 and the cumulative cards issued");
    }
    if (u.service_items < 0)
      errors.Add(at + "service_items", "must not be negative");
    if (u.regular.leadership < Score() ||
        u.regular.leadership > policy.leadership_max) {
      errors.Add(
          at + "regular.leadership",
          absl::StrCat("must be 0 to ", policy.leadership_max.ToString()));
    }
    if (u.regular.measures < Score() ||
        u.regular.measures > policy.measures_max) {
      errors.Add(at + "regular.measures",
                 absl::StrCat("must be 0 to ", policy.measures_max.ToString()));
    }
    if (u.regular.omissions < 0) {
      errors.Add(at + "regular.omissions", "must not be negative");
    }
    if (u.regular.criticisms < 0) {
      errors.Add(at + "regular.criticisms", "must not be negative");
    }
    if (u.quarter_points.size() > 4) {
      errors.Add(at + "quarter_points", "a year has at most four quarters");
    }
  }
  return errors.ToStatus();
}

}  // namespace

Score ResponsivenessPoints(int omissions, const ScoringPolicy& policy) {
  return Max(Score(), policy.responsiveness_full -
                          policy.responsiveness_per_omission * omissions);
}

Score SupervisionPoints(const std::vector<Score>& quarter_points,
                        int criticisms, const ScoringPolicy& policy) {
  Score sum;
  for (Score p : quarter_points) sum += p;
  return Max(policy.supervision_floor,
             sum - policy.criticism_penalty * criticisms);
}

Score IssuancePoints(const Ratio& completion, const ScoringPolicy& policy) {
  if (completion < Ratio{1, 1}) return Score();
  return policy.issuance_full +
         policy.issuance_per_point_above * WholePointsAbove(completion, 100);
}

Score ActivationPoints(int64_t activated, int64_t issued,
                       const ScoringPolicy& policy) {
  if (issued <= 0) return policy.activation_no_cards;
  const int64_t points = WholePointsAbove(Ratio{activated, issued},
                                          policy.activation_target_percent);
  return policy.activation_full + Adjustment(points,
                                             policy.activation_per_point,
                                             policy.activation_adjustment_cap);
}

Score ServiceItemPoints(int64_t items, const Ratio& average,
                        const ScoringPolicy& policy) {
  // (items − num/den), truncated toward zero
  const __int128 difference =
      static_cast<__int128>(items) * average.den - average.num;
  const int64_t whole = Saturate(difference / average.den);
  return policy.service_items_full +
         Adjustment(whole, policy.service_items_per_item,
                    policy.service_items_adjustment_cap);
}

absl::StatusOr<std::vector<UnitAssessment>> AssessYear(
    const std::vector<UnitYear>& units, const ScoringPolicy& policy) {
  if (absl::Status s = Validate(units, policy); !s.ok()) return s;
  if (units.empty()) return std::vector<UnitAssessment>{};

  // The city's average of the county units' service items.
  int64_t total_items = 0;
  for (const UnitYear& u : units) {
    total_items = SaturatingAdd(total_items, u.service_items);
  }
  const Ratio average_items{total_items, static_cast<int64_t>(units.size())};

  std::vector<UnitAssessment> out;
  out.reserve(units.size());
  for (const UnitYear& u : units) {
    UnitAssessment a;
    a.unit_code = u.unit_code;
    a.leadership = u.regular.leadership;
    a.measures = u.regular.measures;
    a.responsiveness = ResponsivenessPoints(u.regular.omissions, policy);
    a.supervision =
        SupervisionPoints(u.quarter_points, u.regular.criticisms, policy);
    a.regular_total =
        a.leadership + a.measures + a.responsiveness + a.supervision;

    a.completion = Ratio{u.issued_in_year, u.plan};
    if (u.issued_cumulative > 0) {
      a.activation_rate = Ratio{u.activated_cumulative, u.issued_cumulative};
    }
    a.issuance = IssuancePoints(a.completion, policy);
    a.activation =
        ActivationPoints(u.activated_cumulative, u.issued_cumulative, policy);
    a.service_items = ServiceItemPoints(u.service_items, average_items, policy);
    a.year_end_total = a.issuance + a.activation + a.service_items;
    a.total = a.regular_total + a.year_end_total;
    a.vetoed = a.completion < Ratio{1, 1};  // 一票否决
    out.push_back(std::move(a));
  }

  // Awards among the units not vetoed.
  std::vector<size_t> order;
  for (size_t i = 0; i < out.size(); ++i) {
    if (!out[i].vetoed) order.push_back(i);
  }
  const Ratio no_rate{0, 1};
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const UnitAssessment& a = out[x];
    const UnitAssessment& b = out[y];
    if (a.total != b.total) return a.total > b.total;
    if (int c = a.completion.Compare(b.completion); c != 0) return c > 0;
    if (int c = a.activation_rate.value_or(no_rate).Compare(
            b.activation_rate.value_or(no_rate));
        c != 0) {
      return c > 0;
    }
    return a.unit_code < b.unit_code;
  });
  for (size_t place = 0; place < order.size(); ++place) {
    UnitAssessment& a = out[order[place]];
    a.award_rank = static_cast<int>(place) + 1;
    a.award_fen = place < policy.ranked_awards_fen.size()
                      ? policy.ranked_awards_fen[place]
                      : policy.other_award_fen;
  }
  return out;
}

}  // namespace unioncard::assessment
