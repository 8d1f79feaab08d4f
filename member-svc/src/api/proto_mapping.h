#ifndef UNIONCARD_MEMBER_SVC_SRC_API_PROTO_MAPPING_H_
#define UNIONCARD_MEMBER_SVC_SRC_API_PROTO_MAPPING_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "member-svc/src/domain/member.h"
#include "member/v1/member.pb.h"

namespace unioncard::member {

void ToProto(const MemberRecord& m, v1::Member* out);
void ToProto(const OrgUnit& org, v1::OrgUnit* out);

// Opaque page tokens: the last id of the page, base64url.
std::string EncodePageToken(const std::string& last_key);
// INVALID_ARGUMENT (field page_token) when not one of ours.
absl::StatusOr<std::string> DecodePageToken(const std::string& token);

// AIP-158 page size: 0 → default, capped at max; negative → INVALID_ARGUMENT.
absl::StatusOr<int> PageSize(int32_t requested, int default_size, int max_size);

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_API_PROTO_MAPPING_H_
