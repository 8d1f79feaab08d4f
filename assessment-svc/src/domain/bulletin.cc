#include "assessment-svc/src/domain/bulletin.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "assessment-svc/src/domain/quarter_ranking.h"
#include "common/status/field_violations.h"

namespace unioncard::assessment {
namespace {

BulletinRow RowFor(const BulletinInput& u) {
  BulletinRow row;
  row.unit = u;
  row.completion = Ratio{u.issued_this_year, u.plan};
  if (u.members > 0) row.coverage = Ratio{u.live_cards, u.members};
  if (u.issued_cumulative > 0) {
    row.activation_rate = Ratio{u.activated, u.issued_cumulative};
  }
  return row;
}

}  // namespace

absl::StatusOr<Bulletin> BuildBulletin(const std::vector<BulletinInput>& units,
                                       const ScoringPolicy& policy) {
  status::FieldErrors errors;
  std::vector<UnitProgress> progress;
  for (size_t i = 0; i < units.size(); ++i) {
    const BulletinInput& u = units[i];
    const std::string at = absl::StrCat("units[", i, "].");
    if (u.members < 0) errors.Add(at + "members", "must not be negative");
    if (u.issued_this_year < 0 || u.issued_this_year > u.issued_cumulative) {
      errors.Add(at + "issued_this_year",
                 "must be between 0 and the cumulative cards issued");
    }
    if (u.live_cards < 0 || u.live_cards > u.issued_cumulative) {
      errors.Add(at + "live_cards",
                 "must be between 0 and the cumulative cards issued");
    }
    if (u.activated < 0 || u.activated > u.issued_cumulative) {
      errors.Add(at + "activated",
                 "must be between 0 and the cumulative cards issued");
    }
    progress.push_back({u.unit_code, u.issued_this_year, u.plan});
  }
  if (absl::Status s = errors.ToStatus(); !s.ok()) return s;
  // Plans and duplicate codes are checked by the ranking itself.
  absl::StatusOr<std::vector<RankedUnit>> ranked =
      RankQuarter(progress, policy);
  if (!ranked.ok()) return ranked.status();

  std::map<std::string, const BulletinInput*> by_code;
  BulletinInput city{"city", 0, 0, 0, 0, 0, 0};
  for (const BulletinInput& u : units) {
    by_code[u.unit_code] = &u;
    city.members += u.members;
    city.plan += u.plan;
    city.issued_this_year += u.issued_this_year;
    city.issued_cumulative += u.issued_cumulative;
    city.live_cards += u.live_cards;
    city.activated += u.activated;
  }
  Bulletin bulletin;
  for (const RankedUnit& r : *ranked) {
    BulletinRow row = RowFor(*by_code[r.unit_code]);
    row.rank = r.rank;
    bulletin.rows.push_back(std::move(row));
  }
  if (city.plan > 0) bulletin.city = RowFor(city);
  return bulletin;
}

}  // namespace unioncard::assessment
