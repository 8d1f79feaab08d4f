#ifndef UNIONCARD_TOOLS_UNIONCTL_GATEWAY_ACCOUNTS_H_
#define UNIONCARD_TOOLS_UNIONCTL_GATEWAY_ACCOUNTS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/report/report.h"

namespace httplib {
class Client;
}

namespace unioncard::unionctl {

// `unionctl accounts list|create|disable|enable|reset-password|unlock|
// sessions-kill`: account administration through the gateway's REST API,
// signed in as the operator's own staff account, so every change is
// checked by the same rules and audited like one made in the portal.
class GatewayAccounts {
 public:
  // Signs in at `gateway` ("http://127.0.0.1:8080"); `totp_code` only for
  // accounts with a second factor.
  static absl::StatusOr<std::unique_ptr<GatewayAccounts>> SignIn(
      const std::string& gateway, const std::string& username,
      const std::string& password, const std::string& totp_code = "");
  ~GatewayAccounts();  // signs out

  absl::StatusOr<report::Report> List();
  // The new account and its one-time password (shown once).
  absl::StatusOr<std::string> Create(const std::string& username,
                                     const std::string& display_name,
                                     const std::string& role,
                                     const std::string& org_id);
  // action: "disable", "enable", "reset-password", "unlock",
  // "sessions-kill".
  absl::StatusOr<std::string> Change(const std::string& action, int64_t id);

 private:
  GatewayAccounts() = default;
  // The JSON answer, or the gateway's error as a status with its code and
  // field violations.
  absl::StatusOr<std::string> Send(const std::string& method,
                                   const std::string& path,
                                   const std::string& body);

  std::unique_ptr<httplib::Client> client_;
  std::string cookie_;
  std::string csrf_;
};

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_GATEWAY_ACCOUNTS_H_
