#ifndef UNIONCARD_MEMBER_SVC_SRC_KEY_ROTATION_H_
#define UNIONCARD_MEMBER_SVC_SRC_KEY_ROTATION_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "member-svc/src/store/member_store.h"

namespace unioncard::member {

struct ResealReport {
  int moved = 0;
  std::vector<int64_t> unreadable;  // member ids whose data did not decrypt
  // Still under a retired key after the pass: 0 means the retired keys
  // can be dropped (README, "Key rotation runbook").
  int64_t remaining = 0;
};

// One pass of the data-key rotation: every member whose ID number or
// mobile is sealed under a retired key is re-sealed under the active one,
// a page at a time, until none are left or `stopping()`. Rows that lost a
// race with a concurrent change are looked at again (up to three rounds).
// member-svc runs it at start and every few hours; replicas may run it at
// once (each row moves once).
absl::StatusOr<ResealReport> ResealRetiredKeys(
    MemberStore& members, const std::function<bool()>& stopping);

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_KEY_ROTATION_H_
