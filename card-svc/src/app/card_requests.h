#ifndef UNIONCARD_CARD_SVC_SRC_APP_CARD_REQUESTS_H_
#define UNIONCARD_CARD_SVC_SRC_APP_CARD_REQUESTS_H_

#include <grpcpp/server_context.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "card-svc/src/store/card_store.h"
#include "member/v1/member.grpc.pb.h"

namespace unioncard::card {

// Requests a member's card: asks member-svc (with card-svc's own service
// token) whether the member is eligible and where they belong, then queues
// the card. One live card per member still holds whatever member-svc says.
class CardRequests {
 public:
  CardRequests(
      CardStore* cards,
      std::shared_ptr<member::v1::MemberService::StubInterface> members,
      std::string service_token, auth::Principal service)
      : cards_(cards),
        members_(std::move(members)),
        service_token_(std::move(service_token)),
        service_(std::move(service)) {}

  // NOT_FOUND for an unknown member, FAILED_PRECONDITION when not eligible,
  // ALREADY_EXISTS with a live card, UNAVAILABLE when member-svc is down.
  absl::StatusOr<CardRecord> RequestCard(const std::string& request_id,
                                         int64_t member_id);

 private:
  CardStore* cards_;
  std::shared_ptr<member::v1::MemberService::StubInterface> members_;
  std::string service_token_;
  auth::Principal service_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_CARD_REQUESTS_H_
