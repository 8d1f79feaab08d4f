#ifndef UNIONCARD_MERCHANT_SVC_SRC_STORE_USAGE_STORE_H_
#define UNIONCARD_MERCHANT_SVC_SRC_STORE_USAGE_STORE_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/connection_pool.h"

namespace unioncard::merchant {

struct Usage {
  int64_t transactions = 0;
  int64_t spend_fen = 0;
  int64_t members = 0;  // distinct
};

// Card transactions at contracted merchants (from card-svc's feed), kept
// once per bank transaction id, so a feed delivering an event twice
// counts it once; the figures are computed from the rows.
class UsageStore {
 public:
  explicit UsageStore(db::ConnectionPool* pool) : pool_(pool) {}

  // True when stored now, false when it was stored before.
  absl::StatusOr<bool> Record(const std::string& bank_transaction_id,
                              int64_t merchant_id, int64_t member_id,
                              int64_t amount_fen, absl::Time at);

  absl::StatusOr<Usage> OfMerchant(int64_t merchant_id, absl::CivilMonth month);
  // By category, for the merchants `owner_org_id` signed.
  absl::StatusOr<std::map<int, Usage>> ByCategory(
      const std::string& owner_org_id, absl::CivilMonth month);

 private:
  db::ConnectionPool* pool_;
};

}  // namespace unioncard::merchant

#endif  // UNIONCARD_MERCHANT_SVC_SRC_STORE_USAGE_STORE_H_
