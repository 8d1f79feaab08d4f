#ifndef UNIONCARD_TOOLS_UNIONCTL_MERCHANT_COMMANDS_H_
#define UNIONCARD_TOOLS_UNIONCTL_MERCHANT_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "merchant/v1/merchant.grpc.pb.h"

namespace unioncard::unionctl {

// unionctl's merchant-svc commands; each returns the report it prints.
//
//   merchants create --owner=COUNTY|city --name=N --licence=L
//       --category=FOOD [--bank_ids=a,b] [--location=…] [--contract=FROM,TO]
//   merchants list [--org=COUNTY]
//   merchants activate|suspend|resume|exit ID [--reason=WHY]
//   merchants evaluate [--date=D]   |   merchants report [--org=COUNTY]
//   offers create --merchant=ID --title=T (--percent=P | --price_fen=F |
//       --free) --category=C --valid=FROM,TO
//   offers search --county=C [--category=C] [--date=D]
//   merchants rate ID --stars=N     (a member's token)
class MerchantCommands {
 public:
  MerchantCommands(merchant::v1::MerchantService::StubInterface* stub,
                   std::string token)
      : stub_(stub), token_(std::move(token)) {}

  struct NewMerchant {
    std::string owner, name, licence, category, location, contract_from,
        contract_to, request_id;
    std::vector<std::string> bank_ids;
  };
  absl::StatusOr<std::string> Create(const NewMerchant& m);
  absl::StatusOr<std::string> List(const std::string& org_id);
  absl::StatusOr<std::string> Act(int64_t id, const std::string& action,
                                  const std::string& reason);
  struct NewOffer {
    int64_t merchant_id = 0;
    std::string title, category, valid_from, valid_to, request_id;
    int percent = 0;
    int64_t price_fen = 0;
    bool free = false;
  };
  absl::StatusOr<std::string> CreateOffer(const NewOffer& o);
  absl::StatusOr<std::string> Search(const std::string& county,
                                     const std::string& category,
                                     const std::string& date);
  absl::StatusOr<std::string> Rate(int64_t merchant_id, int stars);
  absl::StatusOr<std::string> Evaluate(const std::string& date);
  absl::StatusOr<std::string> Report(const std::string& org_id);

 private:
  std::unique_ptr<grpc::ClientContext> Context() const;

  merchant::v1::MerchantService::StubInterface* stub_;
  std::string token_;
};

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_MERCHANT_COMMANDS_H_
