#ifndef UNIONCARD_CARD_SVC_SRC_APP_MEMBER_DIRECTORY_H_
#define UNIONCARD_CARD_SVC_SRC_APP_MEMBER_DIRECTORY_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "card-svc/src/domain/eligibility.h"
#include "member/v1/member.grpc.pb.h"

namespace unioncard::card {

// member-svc's member in the words of card-svc's eligibility rule.
CardApplicant ApplicantOf(const member::v1::Member& member);

// What card-svc asks member-svc, with card-svc's own service token: a
// member, the members of a union who may get a card, an org unit. Errors
// come back as member-svc gave them (NOT_FOUND, UNAVAILABLE, …).
class MemberDirectory {
 public:
  MemberDirectory(std::shared_ptr<grpc::ChannelInterface> member_svc,
                  std::string service_token);
  // For tests that hand in stubs.
  MemberDirectory(
      std::shared_ptr<member::v1::MemberService::StubInterface> members,
      std::shared_ptr<member::v1::OrgService::StubInterface> orgs,
      std::string service_token)
      : members_(std::move(members)),
        orgs_(std::move(orgs)),
        service_token_(std::move(service_token)) {}

  absl::StatusOr<member::v1::Member> GetMember(int64_t member_id) const;
  absl::StatusOr<member::v1::OrgUnit> GetOrgUnit(
      const std::string& org_id) const;
  // Every CITY_APPROVED member with active membership directly in the
  // grassroots union `org_id`, page by page.
  absl::Status ForEachApprovedMember(
      const std::string& org_id,
      const std::function<absl::Status(const member::v1::Member&)>& visit)
      const;

 private:
  std::shared_ptr<member::v1::MemberService::StubInterface> members_;
  std::shared_ptr<member::v1::OrgService::StubInterface> orgs_;
  std::string service_token_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_MEMBER_DIRECTORY_H_
