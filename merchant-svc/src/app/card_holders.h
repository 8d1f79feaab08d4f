#ifndef UNIONCARD_MERCHANT_SVC_SRC_APP_CARD_HOLDERS_H_
#define UNIONCARD_MERCHANT_SVC_SRC_APP_CARD_HOLDERS_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "card/v1/card.grpc.pb.h"

namespace unioncard::merchant {

// Asks card-svc (with merchant-svc's service token) whether a member holds
// a card: a live card the bank has issued.
class CardHolders {
 public:
  CardHolders(std::shared_ptr<card::v1::CardService::StubInterface> cards,
              std::string service_token)
      : cards_(std::move(cards)), service_token_(std::move(service_token)) {}

  // OK, FAILED_PRECONDITION saying the member holds no card, or card-svc's
  // error (UNAVAILABLE when it is down).
  absl::Status CheckHoldsCard(int64_t member_id) const;

 private:
  std::shared_ptr<card::v1::CardService::StubInterface> cards_;
  std::string service_token_;
};

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_APP_CARD_HOLDERS_H_
