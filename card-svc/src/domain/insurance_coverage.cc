#include "card-svc/src/domain/insurance_coverage.h"

#include <algorithm>
#include <map>

namespace unioncard::card {

std::vector<CoverageSpan> CoverageOf(const std::vector<CardFacts>& cards) {
  // Follow each chain from its first card (one that replaces nothing).
  std::map<int64_t, const CardFacts*> replacement_of;  // old id -> new card
  for (const CardFacts& c : cards) {
    if (c.replaces_card_id.has_value())
      replacement_of[*c.replaces_card_id] = &c;
  }
  std::vector<CoverageSpan> spans;
  for (const CardFacts& first : cards) {
    if (first.replaces_card_id.has_value()) continue;
    std::optional<absl::CivilDay> from;
    const CardFacts* last = &first;
    for (const CardFacts* c = &first; c != nullptr;) {
      if (!from.has_value() && c->issued_on.has_value()) from = c->issued_on;
      last = c;
      auto next = replacement_of.find(c->card_id);
      c = next == replacement_of.end() ? nullptr : next->second;
    }
    if (!from.has_value()) continue;  // never issued: never covered
    CoverageSpan span{*from, std::nullopt};
    if (!IsLive(last->state)) {
      span.through = last->ended_on.value_or(*from);
      if (*span.through < span.from) span.through = span.from;
    }
    spans.push_back(span);
  }
  std::sort(spans.begin(), spans.end(),
            [](const CoverageSpan& a, const CoverageSpan& b) {
              return a.from < b.from;
            });
  return spans;
}

bool CoveredOn(const std::vector<CardFacts>& cards, absl::CivilDay day) {
  for (const CoverageSpan& s : CoverageOf(cards)) {
    if (s.from <= day && (!s.through.has_value() || day <= *s.through)) {
      return true;
    }
  }
  return false;
}

std::vector<CoverageSpan> CoveredDays(const std::vector<CardFacts>& cards) {
  std::vector<CoverageSpan> joined;
  for (const CoverageSpan& s : CoverageOf(cards)) {  // by start
    if (!joined.empty()) {
      CoverageSpan& last = joined.back();
      if (!last.through.has_value()) continue;  // open: holds the rest
      if (s.from <= *last.through + 1) {
        if (!s.through.has_value() || *s.through > *last.through) {
          last.through = s.through;
        }
        continue;
      }
    }
    joined.push_back(s);
  }
  return joined;
}

bool operator==(const CoverageSpan& a, const CoverageSpan& b) {
  return a.from == b.from && a.through == b.through;
}

void MonthlyRoster::Add(int64_t member_id,
                        const std::vector<CardFacts>& cards) {
  const absl::CivilDay last_day = absl::CivilDay(month_ + 1) - 1;
  const absl::CivilDay previous_last_day = absl::CivilDay(month_) - 1;
  const bool now = CoveredOn(cards, last_day);
  const bool before = CoveredOn(cards, previous_last_day);
  if (now) insured_.push_back(member_id);
  if (now && !before) additions_.push_back(member_id);
  if (!now && before) removals_.push_back(member_id);
}

}  // namespace unioncard::card
