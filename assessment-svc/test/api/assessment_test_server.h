#ifndef UNIONCARD_ASSESSMENT_SVC_TEST_API_ASSESSMENT_TEST_SERVER_H_
#define UNIONCARD_ASSESSMENT_SVC_TEST_API_ASSESSMENT_TEST_SERVER_H_

#include <string>

#include "absl/status/statusor.h"
#include "assessment-svc/src/assessment_server.h"
#include "common/auth/token.h"

namespace unioncard::assessment::testing {

// Where assessment-svc finds the services it asks.
struct Neighbours {
  std::string member_svc;
  std::string card_svc;
  std::string merchant_svc;
};

// assessment-svc's configuration for tests: loopback port 0, no metrics
// port, a one-second stop, the shipped plan, tokens of `key` trusted, and
// its own service token (subject assessment-svc) signed by `key`. The
// test may adjust it (the day) before StartAssessmentServer.
absl::StatusOr<AssessmentServerConfig> AssessmentTestConfig(
    const db::DbOptions& db, const auth::SigningKey& key,
    const Neighbours& neighbours);

}  // namespace unioncard::assessment::testing

#endif  // UNIONCARD_ASSESSMENT_SVC_TEST_API_ASSESSMENT_TEST_SERVER_H_
