#ifndef UNIONCARD_MERCHANT_SVC_TEST_API_MERCHANT_TEST_SERVER_H_
#define UNIONCARD_MERCHANT_SVC_TEST_API_MERCHANT_TEST_SERVER_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/auth/token.h"
#include "merchant-svc/src/merchant_server.h"

namespace unioncard::merchant::testing {

// merchant-svc on a loopback port over `db`, trusting tokens of `key`,
// asking card-svc at `card_address`, for the tests of merchant-svc and of
// the services that ask it. The evaluation job waits a day (tests run it).
absl::StatusOr<std::unique_ptr<RunningMerchantSvc>> StartMerchantServer(
    const db::DbOptions& db, const auth::SigningKey& key,
    const std::string& card_address, std::function<absl::CivilDay()> today);

}  // namespace unioncard::merchant::testing

#endif  // UNIONCARD_MERCHANT_SVC_TEST_API_MERCHANT_TEST_SERVER_H_
