#ifndef UNIONCARD_CARD_SVC_SRC_API_PAYOUT_SERVICE_H_
#define UNIONCARD_CARD_SVC_SRC_API_PAYOUT_SERVICE_H_

#include <functional>

#include "card-svc/src/app/payout_sender.h"
#include "card-svc/src/domain/card_access.h"
#include "card-svc/src/store/payout_store.h"
#include "card/v1/payouts.grpc.pb.h"
#include "common/auth/token.h"

namespace unioncard::card {

struct PayoutServiceDeps {
  const auth::TokenVerifier* verifier = nullptr;
  PayoutStore* payouts = nullptr;
  DayReconciler* reconciler = nullptr;
  std::function<void()> on_approved;  // wakes the sender
  CardAccess access;
  int64_t max_item_fen = 5'000'000;  // 50,000 yuan per item
  int max_items = 10'000;
};

// The gRPC adapter of payouts (unioncard.card.v1.PayoutService).
class PayoutService final : public v1::PayoutService::Service {
 public:
  explicit PayoutService(PayoutServiceDeps deps) : d_(std::move(deps)) {}

  grpc::Status ListPayoutProgrammes(
      grpc::ServerContext* context,
      const v1::ListPayoutProgrammesRequest* request,
      v1::ListPayoutProgrammesResponse* response) override;
  grpc::Status CreatePayoutBatch(grpc::ServerContext* context,
                                 const v1::CreatePayoutBatchRequest* request,
                                 v1::PayoutBatch* response) override;
  grpc::Status ApprovePayoutBatch(grpc::ServerContext* context,
                                  const v1::ApprovePayoutBatchRequest* request,
                                  v1::PayoutBatch* response) override;
  grpc::Status DeclinePayoutBatch(grpc::ServerContext* context,
                                  const v1::DeclinePayoutBatchRequest* request,
                                  v1::PayoutBatch* response) override;
  grpc::Status GetPayoutBatch(grpc::ServerContext* context,
                              const v1::GetPayoutBatchRequest* request,
                              v1::PayoutBatch* response) override;
  grpc::Status ReconcileDay(grpc::ServerContext* context,
                            const v1::ReconcileDayRequest* request,
                            v1::DayReconciliation* response) override;
  grpc::Status ListMemberPayouts(
      grpc::ServerContext* context, const v1::ListMemberPayoutsRequest* request,
      v1::ListMemberPayoutsResponse* response) override;

 private:
  // Approval and decline: the same steps, another decision.
  grpc::Status Decide(grpc::ServerContext* context, int64_t batch_id,
                      const std::string& note, bool approve,
                      v1::PayoutBatch* response);

  PayoutServiceDeps d_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_API_PAYOUT_SERVICE_H_
