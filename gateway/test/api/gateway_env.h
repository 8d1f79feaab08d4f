#ifndef UNIONCARD_GATEWAY_TEST_API_GATEWAY_ENV_H_
#define UNIONCARD_GATEWAY_TEST_API_GATEWAY_ENV_H_

// The whole suite behind the real gateway binary: member-svc, card-svc with
// bank-sim over mutual TLS, merchant-svc and assessment-svc in this
// process on loopback ports, each over its own MariaDB schema, and
// build/gateway/gateway as a child process over HTTP.

#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "assessment-svc/src/assessment_server.h"
#include "card-svc/test/api/card_service_env.h"
#include "common/testing/child_process.h"
#include "common/testing/mariadb_server.h"
#include "merchant-svc/src/merchant_server.h"
#include "nlohmann/json.hpp"

namespace unioncard::gateway::testing {

// One browser: its cookie, its CSRF token, and the last answer.
class WebUser {
 public:
  explicit WebUser(int port);

  // JSON requests; `body` is sent as application/json.
  httplib::Result Get(const std::string& path);
  httplib::Result Post(const std::string& path, const nlohmann::json& body);
  httplib::Result Send(const std::string& method, const std::string& path,
                       const std::string& body,
                       const std::string& content_type = "application/json");
  httplib::Result Delete(const std::string& path);

  // POST /v1/session; keeps the cookie and CSRF token. Returns the status.
  int Login(const std::string& username, const std::string& password);
  // The members' sign-in: asks for a code, reads it with `latest_code`,
  // signs in; keeps the member cookie and CSRF token. Returns the status.
  int MemberLogin(const std::string& id_number, const std::string& mobile,
                  const std::function<std::string()>& latest_code);
  // Login, then the forced change to `new_password`. True when both worked.
  bool LoginAndChangePassword(const std::string& username,
                              const std::string& one_time,
                              const std::string& new_password);

  std::string& cookie() { return cookie_; }
  std::string& csrf() { return csrf_; }
  httplib::Client& client() { return client_; }

 private:
  void Remember(const httplib::Result& result);
  httplib::Client client_;
  std::string cookie_;
  std::string csrf_;
};

nlohmann::json Json(const httplib::Result& result);

class GatewayEnv : public card::testing::CardServiceEnv {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The first city admin, signed in with a changed password.
  WebUser& City();
  // An account made by `creator`, signed in with a changed password.
  WebUser Staff(WebUser& creator, const std::string& username,
                const std::string& role, const std::string& org_id);

  // A merchant of `county_id` signed, activated and with a 10% offer in
  // force from today, through `county`'s session; returns its id.
  std::string ActiveMerchantWithOffer(WebUser& county,
                                      const std::string& county_id,
                                      const std::string& name,
                                      const std::string& licence);
  // A golden-autumn payout batch of `amount_fen` per member made by `maker`
  // and approved by `checker`; returns the batch id.
  std::string ApprovedPayout(WebUser& maker, WebUser& checker,
                             const std::vector<int64_t>& members,
                             int64_t amount_fen);

  // The SMS the gateway "sent" to `mobile` (its file outbox), oldest first,
  // and the newest code among them ("" when none).
  std::vector<nlohmann::json> SmsSentTo(const std::string& mobile) const;
  std::string LatestCode(const std::string& mobile) const;
  std::string sms_outbox_;

  // A gateway process on `port` with this environment's flags, database,
  // keys and SMS outbox, once it answers /readyz: SetUp starts the first;
  // a test may start more (replicas).
  absl::StatusOr<std::unique_ptr<unioncard::testing::ChildProcess>>
  StartGateway(int port, const std::string& log);

  // Extra flags for the gateway binary, set by a subclass before SetUp
  // (e.g. --web_root for the browser tests).
  std::vector<std::string> extra_gateway_flags_;
  int gateway_port_ = 0;
  std::string gateway_log_;
  static constexpr char kPassword[] = "Canal-Lantern-47-Orchid";
  std::unique_ptr<unioncard::testing::TestDatabase> gateway_db_;
  std::unique_ptr<db::ConnectionPool> gateway_pool_;

  int merchant_port() const { return merchant_server_->port(); }
  int assessment_port() const { return assessment_server_->port(); }

 private:
  std::unique_ptr<unioncard::testing::TestDatabase> merchant_db_;
  std::unique_ptr<unioncard::testing::TestDatabase> assessment_db_;
  std::unique_ptr<merchant::RunningMerchantSvc> merchant_server_;
  std::unique_ptr<assessment::RunningAssessmentSvc> assessment_server_;
  std::unique_ptr<unioncard::testing::ChildProcess> gateway_;
  std::string key_file_;
  std::string data_keys_file_;
  std::unique_ptr<WebUser> city_;
};

}  // namespace unioncard::gateway::testing

#endif  // UNIONCARD_GATEWAY_TEST_API_GATEWAY_ENV_H_
