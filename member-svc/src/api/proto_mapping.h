#ifndef UNIONCARD_MEMBER_SVC_SRC_API_PROTO_MAPPING_H_
#define UNIONCARD_MEMBER_SVC_SRC_API_PROTO_MAPPING_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "common/grpc/api_types.h"
#include "member-svc/src/domain/member.h"
#include "member-svc/src/domain/member_validation.h"
#include "member/v1/member.pb.h"

namespace unioncard::member {

void ToProto(const MemberRecord& m, v1::Member* out);
void ToProto(const OrgUnit& org, v1::OrgUnit* out);
v1::ImportOutcome ToProto(ImportRowOutcome outcome);
// The number is masked on the way out: the caller typed it, nobody else
// needs it back in clear.
void ToProto(const IdNumberVerdict& verdict, v1::DescribeIdNumberResponse* out);

// Paging helpers now live in common/grpc/api_types.h.
using rpc::DecodePageToken;
using rpc::DecodeSlugPageToken;
using rpc::EncodePageToken;
using rpc::PageSize;

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_API_PROTO_MAPPING_H_
