#ifndef UNIONCARD_MEMBER_SVC_SRC_API_HELP_DESK_SERVICE_H_
#define UNIONCARD_MEMBER_SVC_SRC_API_HELP_DESK_SERVICE_H_

#include "common/auth/token.h"
#include "member-svc/src/app/member_desk.h"
#include "member-svc/src/domain/access_policy.h"
#include "member-svc/src/store/help_desk_store.h"
#include "member-svc/src/store/member_store.h"
#include "member-svc/src/store/org_store.h"
#include "member/v1/member_desk.grpc.pb.h"

namespace unioncard::member {

struct HelpDeskDeps {
  const auth::TokenVerifier* verifier;
  HelpDeskStore* desk;
  MemberStore* members;
  OrgStore* orgs;
  AccessPolicy policy;
};

// The gRPC adapters of unioncard.member.v1.HelpDesk (members ask their
// county union for help) and NoticeBoard (what the city and counties tell
// their members): each request's shape, then one use case of
// app/member_desk.
class HelpDeskService final : public v1::HelpDesk::Service {
 public:
  explicit HelpDeskService(HelpDeskDeps deps)
      : d_(std::move(deps)),
        requests_(d_.desk, d_.members, d_.orgs, &d_.policy) {}

  grpc::Status SubmitHelpRequest(grpc::ServerContext* context,
                                 const v1::SubmitHelpRequestRequest* request,
                                 v1::HelpRequest* response) override;
  grpc::Status ListHelpRequests(
      grpc::ServerContext* context, const v1::ListHelpRequestsRequest* request,
      v1::ListHelpRequestsResponse* response) override;
  grpc::Status ActOnHelpRequest(grpc::ServerContext* context,
                                const v1::ActOnHelpRequestRequest* request,
                                v1::HelpRequest* response) override;

 private:
  HelpDeskDeps d_;
  HelpRequests requests_;
};

class NoticeBoardService final : public v1::NoticeBoard::Service {
 public:
  explicit NoticeBoardService(HelpDeskDeps deps)
      : d_(std::move(deps)), notices_(d_.desk, d_.orgs, &d_.policy) {}

  grpc::Status PublishNotice(grpc::ServerContext* context,
                             const v1::PublishNoticeRequest* request,
                             v1::Notice* response) override;
  grpc::Status ListNotices(grpc::ServerContext* context,
                           const v1::ListNoticesRequest* request,
                           v1::ListNoticesResponse* response) override;

 private:
  HelpDeskDeps d_;
  Notices notices_;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_API_HELP_DESK_SERVICE_H_
