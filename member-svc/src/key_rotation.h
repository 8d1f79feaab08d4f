#ifndef UNIONCARD_MEMBER_SVC_SRC_KEY_ROTATION_H_
#define UNIONCARD_MEMBER_SVC_SRC_KEY_ROTATION_H_

#include <functional>

#include "absl/status/statusor.h"
#include "member-svc/src/store/member_store.h"

namespace unioncard::member {

// One pass of the data-key rotation (README, "Key rotation"): every member
// whose ID number or mobile is sealed under a key other than the active one
// is re-sealed under it, a page at a time, until none are left or
// `stopping()`. Returns the rows moved. member-svc runs it at start and
// every few hours; replicas may run it at once (each row moves once).
absl::StatusOr<int> ResealUnderActiveKey(MemberStore& members,
                                         const std::function<bool()>& stopping);

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_KEY_ROTATION_H_
