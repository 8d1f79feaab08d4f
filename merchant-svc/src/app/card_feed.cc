#include "merchant-svc/src/app/card_feed.h"

#include "common/grpc/api_types.h"
#include "common/status/macros.h"

namespace unioncard::merchant {

absl::Status HandleCardEvent(MerchantStore& merchants, UsageStore& usage,
                             const card::v1::CardEvent& event) {
  if (event.kind() != card::v1::CardEvent::KIND_TRANSACTION) {
    return absl::OkStatus();
  }
  const card::v1::CardTransactionRecord& t = event.transaction();
  ASSIGN_OR_RETURN(std::optional<int64_t> merchant,
                   merchants.MerchantOfBankId(t.bank_merchant_id()));
  if (!merchant.has_value()) return absl::OkStatus();  // not contracted
  return usage
      .Record(t.bank_transaction_id(), *merchant, event.member_id(),
              t.amount_fen(), rpc::FromTimestamp(t.time()))
      .status();
}

}  // namespace unioncard::merchant
