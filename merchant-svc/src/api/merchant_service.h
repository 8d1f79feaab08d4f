#ifndef UNIONCARD_MERCHANT_SVC_SRC_API_MERCHANT_SERVICE_H_
#define UNIONCARD_MERCHANT_SVC_SRC_API_MERCHANT_SERVICE_H_

#include <set>
#include <string>

#include "common/auth/token.h"
#include "merchant-svc/src/app/merchant_contracts.h"
#include "merchant-svc/src/app/merchant_ratings.h"
#include "merchant-svc/src/app/merchant_reports.h"
#include "merchant-svc/src/app/service_catalogue.h"
#include "merchant/v1/merchant.grpc.pb.h"

namespace unioncard::merchant {

struct MerchantServiceDeps {
  const auth::TokenVerifier* verifier;
  const MerchantContracts* contracts;
  const ServiceCatalogue* catalogue;
  const MerchantRatings* ratings;
  const MerchantReports* reports;
  std::set<std::string> counties;  // valid owners besides "city"
};

// The gRPC adapter of merchant-svc: checks each request's fields, calls
// one use case of src/app (which checks the caller's role and scope) and
// maps records to the API.
class MerchantService final : public v1::MerchantService::Service {
 public:
  explicit MerchantService(MerchantServiceDeps deps) : d_(std::move(deps)) {}

  grpc::Status CreateMerchant(grpc::ServerContext* context,
                              const v1::CreateMerchantRequest* request,
                              v1::Merchant* response) override;
  grpc::Status GetMerchant(grpc::ServerContext* context,
                           const v1::GetMerchantRequest* request,
                           v1::Merchant* response) override;
  grpc::Status ListMerchants(grpc::ServerContext* context,
                             const v1::ListMerchantsRequest* request,
                             v1::ListMerchantsResponse* response) override;
  grpc::Status ChangeMerchantState(
      grpc::ServerContext* context,
      const v1::ChangeMerchantStateRequest* request,
      v1::Merchant* response) override;
  grpc::Status CreateOffer(grpc::ServerContext* context,
                           const v1::CreateOfferRequest* request,
                           v1::Offer* response) override;
  grpc::Status SearchOffers(grpc::ServerContext* context,
                            const v1::SearchOffersRequest* request,
                            v1::SearchOffersResponse* response) override;
  grpc::Status CreateServiceItem(grpc::ServerContext* context,
                                 const v1::CreateServiceItemRequest* request,
                                 v1::ServiceItem* response) override;
  grpc::Status CountServiceItems(grpc::ServerContext* context,
                                 const v1::CountServiceItemsRequest* request,
                                 v1::ServiceItemCount* response) override;
  grpc::Status ListServiceItems(
      grpc::ServerContext* context, const v1::ListServiceItemsRequest* request,
      v1::ListServiceItemsResponse* response) override;
  grpc::Status RateMerchant(grpc::ServerContext* context,
                            const v1::RateMerchantRequest* request,
                            v1::RatingReceipt* response) override;
  grpc::Status RecordInspection(grpc::ServerContext* context,
                                const v1::RecordInspectionRequest* request,
                                v1::Inspection* response) override;
  grpc::Status EvaluateMerchants(grpc::ServerContext* context,
                                 const v1::EvaluateMerchantsRequest* request,
                                 v1::EvaluationReport* response) override;
  grpc::Status GetEvaluationReport(
      grpc::ServerContext* context,
      const v1::GetEvaluationReportRequest* request,
      v1::EvaluationReport* response) override;
  grpc::Status GetMerchantUsage(grpc::ServerContext* context,
                                const v1::GetMerchantUsageRequest* request,
                                v1::MerchantUsage* response) override;
  grpc::Status GetCategoryUsage(
      grpc::ServerContext* context, const v1::GetCategoryUsageRequest* request,
      v1::GetCategoryUsageResponse* response) override;

 private:
  // INVALID_ARGUMENT (field `field`) unless "city" or a county id.
  absl::Status CheckOwner(const std::string& owner_org_id,
                          const char* field) const;

  MerchantServiceDeps d_;
};

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_API_MERCHANT_SERVICE_H_
