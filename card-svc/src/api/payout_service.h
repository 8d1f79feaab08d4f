#ifndef UNIONCARD_CARD_SVC_SRC_API_PAYOUT_SERVICE_H_
#define UNIONCARD_CARD_SVC_SRC_API_PAYOUT_SERVICE_H_

#include "card-svc/src/app/payout_batches.h"
#include "card/v1/payouts.grpc.pb.h"
#include "common/auth/token.h"

namespace unioncard::card {

// The gRPC adapter of payouts (unioncard.card.v1.PayoutService): checks
// each request's shape, calls one PayoutBatches use case, maps the answer.
class PayoutService final : public v1::PayoutService::Service {
 public:
  PayoutService(const auth::TokenVerifier* verifier,
                const PayoutBatches* batches)
      : verifier_(verifier), batches_(batches) {}

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

  const auth::TokenVerifier* verifier_;
  const PayoutBatches* batches_;
};

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_API_PAYOUT_SERVICE_H_
