#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_APP_MEMBER_COUNTS_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_APP_MEMBER_COUNTS_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "member/v1/member.grpc.pb.h"

namespace unioncard::assessment {

// Real-name members per county (CITY_APPROVED, membership active), asked of
// member-svc with assessment-svc's service token.
class MemberCounts {
 public:
  MemberCounts(std::shared_ptr<member::v1::MemberService::StubInterface> stub,
               std::string service_token)
      : stub_(std::move(stub)), service_token_(std::move(service_token)) {}

  absl::StatusOr<std::map<std::string, int64_t>> RealNameMembers() const;

 private:
  std::shared_ptr<member::v1::MemberService::StubInterface> stub_;
  std::string service_token_;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_APP_MEMBER_COUNTS_H_
