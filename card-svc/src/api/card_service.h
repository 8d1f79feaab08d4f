#ifndef UNIONCARD_CARD_SVC_SRC_API_CARD_SERVICE_H_
#define UNIONCARD_CARD_SVC_SRC_API_CARD_SERVICE_H_

#include <functional>
#include <string>

#include "card-svc/src/app/card_changes.h"
#include "card-svc/src/app/card_reads.h"
#include "card-svc/src/app/issuance_batches.h"
#include "card/v1/card.grpc.pb.h"
#include "common/auth/token.h"
#include "common/grpc/event_feed.h"

namespace unioncard::card {

// What CardService calls, set by name (card_server.cc); none may be null.
struct CardServiceDeps {
  const auth::TokenVerifier* verifier = nullptr;
  const CardReads* reads = nullptr;
  const CardChanges* changes = nullptr;
  IssuanceBatches* batches = nullptr;
  rpc::EventFeed* feed = nullptr;  // WatchEvents serves it
  // Called after an issuance batch was made, or failed part-way (wakes the
  // feed's watchers and the sender of bank orders).
  std::function<void()> batch_changed;
};

// The gRPC adapter of card-svc: checks each request's shape, calls one
// use case (CardReads, CardChanges, IssuanceBatches) and maps the answer.
// Who may do what, and the rules, live in the app and domain layers.
class CardService final : public v1::CardService::Service {
 public:
  explicit CardService(CardServiceDeps deps) : d_(std::move(deps)) {}

  grpc::Status RequestCard(grpc::ServerContext* context,
                           const v1::RequestCardRequest* request,
                           v1::Card* response) override;
  grpc::Status GetCard(grpc::ServerContext* context,
                       const v1::GetCardRequest* request,
                       v1::Card* response) override;
  grpc::Status ListCards(grpc::ServerContext* context,
                         const v1::ListCardsRequest* request,
                         v1::ListCardsResponse* response) override;
  grpc::Status GetMemberCards(grpc::ServerContext* context,
                              const v1::GetMemberCardsRequest* request,
                              v1::MemberCards* response) override;
  grpc::Status FreezeCard(grpc::ServerContext* context,
                          const v1::FreezeCardRequest* request,
                          v1::Card* response) override;
  grpc::Status UnfreezeCard(grpc::ServerContext* context,
                            const v1::UnfreezeCardRequest* request,
                            v1::Card* response) override;
  grpc::Status ReportCardLost(grpc::ServerContext* context,
                              const v1::ReportCardLostRequest* request,
                              v1::Card* response) override;
  grpc::Status CancelCard(grpc::ServerContext* context,
                          const v1::CancelCardRequest* request,
                          v1::Card* response) override;
  grpc::Status OrderReplacement(grpc::ServerContext* context,
                                const v1::OrderReplacementRequest* request,
                                v1::Card* response) override;
  grpc::Status CreateIssuanceBatch(
      grpc::ServerContext* context,
      const v1::CreateIssuanceBatchRequest* request,
      v1::IssuanceBatch* response) override;
  grpc::Status GetIssuanceBatch(grpc::ServerContext* context,
                                const v1::GetIssuanceBatchRequest* request,
                                v1::IssuanceBatch* response) override;
  grpc::Status ListIssuanceBatches(
      grpc::ServerContext* context,
      const v1::ListIssuanceBatchesRequest* request,
      v1::ListIssuanceBatchesResponse* response) override;
  grpc::Status GetCardStatistics(grpc::ServerContext* context,
                                 const v1::GetCardStatisticsRequest* request,
                                 v1::CardStatistics* response) override;
  grpc::Status CheckInsuranceCoverage(
      grpc::ServerContext* context,
      const v1::CheckInsuranceCoverageRequest* request,
      v1::InsuranceCoverage* response) override;
  grpc::Status GetInsuranceRoster(grpc::ServerContext* context,
                                  const v1::GetInsuranceRosterRequest* request,
                                  v1::InsuranceRoster* response) override;
  grpc::Status ListCardTransactions(
      grpc::ServerContext* context,
      const v1::ListCardTransactionsRequest* request,
      v1::ListCardTransactionsResponse* response) override;
  grpc::Status ListDormantCards(
      grpc::ServerContext* context, const v1::ListDormantCardsRequest* request,
      v1::ListDormantCardsResponse* response) override;
  grpc::Status WatchEvents(grpc::ServerContext* context,
                           const v1::WatchEventsRequest* request,
                           grpc::ServerWriter<v1::CardEvent>* writer) override;

 private:
  // What a freeze, unfreeze, report of loss or cancellation carries (each
  // RPC has its own request message with these fields).
  struct RequestedChange {
    const std::string& request_id;
    int64_t card_id;
    const std::string& reason;
  };
  template <typename Request>
  static RequestedChange ChangeOf(const Request& r) {
    return {r.request_id(), r.card_id(), r.reason()};
  }
  // The four changes: the same steps, another event.
  grpc::Status ChangeCard(grpc::ServerContext* context,
                          const RequestedChange& request, CardEvent event,
                          v1::Card* response);

  CardServiceDeps d_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_API_CARD_SERVICE_H_
