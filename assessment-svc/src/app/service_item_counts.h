#ifndef UNIONCARD_ASSESSMENT_SVC_SRC_APP_SERVICE_ITEM_COUNTS_H_
#define UNIONCARD_ASSESSMENT_SVC_SRC_APP_SERVICE_ITEM_COUNTS_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "merchant/v1/merchant.grpc.pb.h"

namespace unioncard::assessment {

// The active service items each county unit owns on a day (docs/rules.md
// §5.1, §6.6), asked of merchant-svc with assessment-svc's service token.
class ServiceItemCounts {
 public:
  ServiceItemCounts(
      std::shared_ptr<merchant::v1::MerchantService::StubInterface> stub,
      std::string service_token)
      : stub_(std::move(stub)), service_token_(std::move(service_token)) {}

  absl::StatusOr<std::map<std::string, int64_t>> OwnedOn(
      const std::vector<std::string>& counties, absl::CivilDay day) const;

 private:
  std::shared_ptr<merchant::v1::MerchantService::StubInterface> stub_;
  std::string service_token_;
};

}  // namespace unioncard::assessment

#endif  // UNIONCARD_ASSESSMENT_SVC_SRC_APP_SERVICE_ITEM_COUNTS_H_
