#ifndef UNIONCARD_MEMBER_SVC_SRC_API_MEMBER_SERVICE_H_
#define UNIONCARD_MEMBER_SVC_SRC_API_MEMBER_SERVICE_H_

#include <functional>

#include "absl/time/civil_time.h"
#include "common/auth/token.h"
#include "common/grpc/api_types.h"
#include "common/grpc/event_feed.h"
#include "member-svc/src/app/id_number_check.h"
#include "member-svc/src/domain/access_policy.h"
#include "member-svc/src/domain/member_validation.h"
#include "member-svc/src/store/member_store.h"
#include "member-svc/src/store/org_store.h"
#include "member/v1/member.grpc.pb.h"

namespace unioncard::member {

struct MemberServiceDeps {
  const auth::TokenVerifier* verifier;
  OrgStore* orgs;
  MemberStore* members;
  rpc::EventFeed* feed;
  AccessPolicy policy;
  MemberPolicy rules;
  // Ages and join dates are civil days in China; tests set the day.
  std::function<absl::CivilDay()> today = rpc::TodayInChina;
};

// The gRPC adapter of unioncard.member.v1.MemberService: request checks,
// proto ↔ domain, and the order of scope check, rule and store call.
class MemberService final : public v1::MemberService::Service {
 public:
  explicit MemberService(MemberServiceDeps deps)
      : d_(std::move(deps)), id_number_check_(&d_.policy, &d_.rules) {}

  grpc::Status RegisterMember(grpc::ServerContext* context,
                              const v1::RegisterMemberRequest* request,
                              v1::Member* response) override;
  grpc::Status GetMember(grpc::ServerContext* context,
                         const v1::GetMemberRequest* request,
                         v1::Member* response) override;
  grpc::Status ListMembers(grpc::ServerContext* context,
                           const v1::ListMembersRequest* request,
                           v1::ListMembersResponse* response) override;
  grpc::Status UpdateMember(grpc::ServerContext* context,
                            const v1::UpdateMemberRequest* request,
                            v1::Member* response) override;
  grpc::Status FindMemberByIdNumber(
      grpc::ServerContext* context,
      const v1::FindMemberByIdNumberRequest* request,
      v1::Member* response) override;
  grpc::Status ReviewMembers(grpc::ServerContext* context,
                             const v1::ReviewMembersRequest* request,
                             v1::ReviewMembersResponse* response) override;
  grpc::Status TransferMember(grpc::ServerContext* context,
                              const v1::TransferMemberRequest* request,
                              v1::Member* response) override;
  grpc::Status EndMembership(grpc::ServerContext* context,
                             const v1::EndMembershipRequest* request,
                             v1::Member* response) override;
  grpc::Status ReinstateMember(grpc::ServerContext* context,
                               const v1::ReinstateMemberRequest* request,
                               v1::Member* response) override;
  grpc::Status ImportMembers(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::ImportMembersResponse,
                               v1::ImportMembersRequest>* stream) override;
  grpc::Status WatchEvents(
      grpc::ServerContext* context, const v1::WatchEventsRequest* request,
      grpc::ServerWriter<v1::MemberEvent>* writer) override;
  grpc::Status CountMembers(grpc::ServerContext* context,
                            const v1::CountMembersRequest* request,
                            v1::CountMembersResponse* response) override;
  grpc::Status VerifyMemberContact(
      grpc::ServerContext* context,
      const v1::VerifyMemberContactRequest* request,
      v1::MemberContactMatch* response) override;
  grpc::Status DescribeIdNumber(
      grpc::ServerContext* context, const v1::DescribeIdNumberRequest* request,
      v1::DescribeIdNumberResponse* response) override;

 private:
  // The union a member may be registered into, by the caller.
  absl::StatusOr<OrgUnit> WritableGrassroots(const auth::Principal& caller,
                                             const std::string& org_id,
                                             const char* field);
  // Shows a member masked, or in clear when asked and permitted.
  absl::Status Present(const auth::Principal& caller, MemberRecord member,
                       bool reveal, v1::Member* out);
  // Runs a single-member change under the caller's write scope.
  absl::Status ChangeMember(const auth::Principal& caller,
                            const std::string& request_id, const char* method,
                            int64_t member_id, const DecideChange& decide,
                            v1::Member* out,
                            const std::vector<std::string>& fields = {});

  MemberServiceDeps d_;
  IdNumberCheck id_number_check_;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_API_MEMBER_SERVICE_H_
