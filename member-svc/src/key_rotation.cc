#include "member-svc/src/key_rotation.h"

namespace unioncard::member {

absl::StatusOr<int> ResealUnderActiveKey(
    MemberStore& members, const std::function<bool()>& stopping) {
  constexpr int kPage = 500;
  int moved = 0;
  int64_t after = 0;
  while (!stopping()) {
    int64_t last = 0;
    absl::StatusOr<int> page =
        members.ResealUnderActiveKey(after, kPage, &last);
    if (!page.ok()) return page.status();
    moved += *page;
    if (last == 0) break;
    after = last;
  }
  return moved;
}

}  // namespace unioncard::member
