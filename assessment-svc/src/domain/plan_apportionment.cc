#include "assessment-svc/src/domain/plan_apportionment.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"

namespace unioncard::assessment {

absl::StatusOr<std::vector<int64_t>> ApportionToHundreds(
    const std::vector<int64_t>& members, const Ratio& coverage) {
  status::FieldErrors errors;
  if (coverage.den <= 0 || coverage.num < 0 || coverage.num > coverage.den) {
    errors.Add("coverage", "must be between 0% and 100%");
  }
  for (size_t i = 0; i < members.size(); ++i) {
    if (members[i] < 0) {
      errors.Add(absl::StrCat("members[", i, "]"), "must not be negative");
    }
  }
  if (absl::Status s = errors.ToStatus(); !s.ok()) return s;

  // Quotas in hundreds are members × num / (den × 100): keep them exact as
  // (numerator, common denominator).
  const __int128 denominator = static_cast<__int128>(coverage.den) * 100;
  std::vector<__int128> numerators(members.size());
  __int128 total = 0;
  for (size_t i = 0; i < members.size(); ++i) {
    numerators[i] = static_cast<__int128>(members[i]) * coverage.num;
    total += numerators[i];
  }
  // City total in hundreds, rounded half up.
  const int64_t city_hundreds =
      static_cast<int64_t>((2 * total + denominator) / (2 * denominator));

  std::vector<int64_t> hundreds(members.size());
  int64_t assigned = 0;
  for (size_t i = 0; i < members.size(); ++i) {
    hundreds[i] = static_cast<int64_t>(numerators[i] / denominator);
    assigned += hundreds[i];
  }
  std::vector<size_t> order(members.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const __int128 ra = numerators[a] % denominator;
    const __int128 rb = numerators[b] % denominator;
    if (ra != rb) return ra > rb;
    if (members[a] != members[b]) return members[a] > members[b];
    return a < b;
  });
  for (size_t k = 0; assigned < city_hundreds && k < order.size(); ++k) {
    ++hundreds[order[k]];
    ++assigned;
  }
  for (int64_t& h : hundreds) h *= 100;
  return hundreds;
}

absl::StatusOr<PeriodPlan> PlanPeriod(const std::vector<int64_t>& members,
                                      const std::vector<Ratio>& coverages) {
  status::FieldErrors errors;
  if (coverages.empty()) {
    errors.Add("coverage_targets", "give one coverage per year of the period");
  }
  for (size_t i = 1; i < coverages.size(); ++i) {
    if (!(coverages[i] > coverages[i - 1])) {
      errors.Add(absl::StrCat("coverage_targets[", i, "]"),
                 "must be above the year before's (targets are cumulative)");
    }
  }
  if (absl::Status s = errors.ToStatus(); !s.ok()) return s;
  PeriodPlan period;
  for (size_t i = 0; i < coverages.size(); ++i) {
    absl::StatusOr<std::vector<int64_t>> cumulative =
        ApportionToHundreds(members, coverages[i]);
    if (!cumulative.ok()) {
      return status::InvalidField(absl::StrCat("coverage_targets[", i, "]"),
                                  "must be between 0% and 100%");
    }
    std::vector<int64_t> plans = *cumulative;
    if (i > 0) {
      for (size_t u = 0; u < plans.size(); ++u) {
        plans[u] -= period.cumulative[i - 1][u];
      }
    }
    period.cumulative.push_back(*std::move(cumulative));
    period.plans.push_back(std::move(plans));
  }
  return period;
}

}  // namespace unioncard::assessment
