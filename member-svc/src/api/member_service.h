#ifndef UNIONCARD_MEMBER_SVC_SRC_API_MEMBER_SERVICE_H_
#define UNIONCARD_MEMBER_SVC_SRC_API_MEMBER_SERVICE_H_

#include <functional>

#include "absl/time/civil_time.h"
#include "common/auth/token.h"
#include "common/grpc/api_types.h"
#include "common/grpc/event_feed.h"
#include "member-svc/src/app/id_number_check.h"
#include "member-svc/src/app/member_changes.h"
#include "member-svc/src/app/member_import.h"
#include "member-svc/src/app/member_reads.h"
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

// The gRPC adapter of unioncard.member.v1.MemberService: checks each
// request's shape, turns it into the app layer's terms, calls one use case
// (MemberReads, MemberChanges, IdNumberCheck, MemberImport) and encodes the
// answer. Who may do what, and in which order it is checked, is the app
// layer's.
class MemberService final : public v1::MemberService::Service {
 public:
  explicit MemberService(MemberServiceDeps deps)
      : d_(std::move(deps)),
        reads_(d_.orgs, d_.members, &d_.policy, &d_.rules),
        changes_(d_.orgs, d_.members, &d_.policy, &d_.rules,
                 [feed = d_.feed] { feed->NotifyAppended(); }),
        id_number_check_(&d_.policy, &d_.rules),
        import_(&changes_, d_.members, &d_.policy, &d_.rules,
                [feed = d_.feed] { feed->NotifyAppended(); }) {}

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
  MemberServiceDeps d_;
  MemberReads reads_;
  MemberChanges changes_;
  IdNumberCheck id_number_check_;
  MemberImport import_;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_API_MEMBER_SERVICE_H_
