#include "member-svc/src/key_rotation.h"

namespace unioncard::member {

absl::StatusOr<ResealReport> ResealRetiredKeys(
    MemberStore& members, const std::function<bool()>& stopping) {
  constexpr int kPage = 500;
  constexpr int kRounds = 3;
  ResealReport report;
  for (int round = 0; round < kRounds && !stopping(); ++round) {
    int lost_race = 0;
    report.unreadable.clear();
    for (int64_t after = 0; !stopping();) {
      absl::StatusOr<MemberStore::ResealPage> page =
          members.ResealRetiredKeys(after, kPage);
      if (!page.ok()) return page.status();
      report.moved += page->moved;
      lost_race += page->lost_race;
      report.unreadable.insert(report.unreadable.end(),
                               page->unreadable.begin(),
                               page->unreadable.end());
      if (page->last_id == 0) break;
      after = page->last_id;
    }
    if (lost_race == 0) break;
  }
  absl::StatusOr<int64_t> remaining = members.CountUnderRetiredKeys();
  if (!remaining.ok()) return remaining.status();
  report.remaining = *remaining;
  return report;
}

}  // namespace unioncard::member
