#ifndef UNIONCARD_GATEWAY_SRC_HTTP_HTTP_CALL_H_
#define UNIONCARD_GATEWAY_SRC_HTTP_HTTP_CALL_H_

// One HTTP request on its way through GatewayHttpServer: shared by the
// dispatcher (gateway_server.cc) and the gateway's own routes
// (native_routes.cc).

#include <httplib.h>

#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gateway/src/app/member_sessions.h"
#include "gateway/src/app/staff_sessions.h"
#include "gateway/src/domain/http_status.h"
#include "gateway/src/http/gateway_server.h"
#include "gateway/src/http/json_views.h"

namespace unioncard::gateway {

inline constexpr char kSessionCookie[] = "uc_session";
inline constexpr char kMemberCookie[] = "uc_member";
inline constexpr char kCsrfHeader[] = "X-CSRF-Token";

// The route a request matched and the request as the handlers see it.
struct GatewayHttpServer::Matched {
  const Route* route = nullptr;
  std::map<std::string, std::string> variables;
};

struct GatewayHttpServer::Call {
  Call(const httplib::Request& request, httplib::Response& response,
       std::string client_address)
      : req(request), res(response), address(std::move(client_address)) {}

  const httplib::Request& req;
  httplib::Response& res;
  Matched matched;
  std::optional<SignedIn> who;           // a staff route's caller
  std::optional<SignedInMember> member;  // a member route's caller
  std::string address;
  bool revealed = false;        // a reveal route asked for personal data
  bool deferred_audit = false;  // the handler audits when it finishes
  std::string reveal_reason;    // why personal data is revealed (audited)
  std::string target_id;        // for the audit row

  const Route& route() const { return *matched.route; }

  void Reply(int status, const nlohmann::json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json; charset=utf-8");
  }
  void ReplyJson(int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "application/json; charset=utf-8");
  }
  void Fail(const absl::Status& s) {
    res.status = HttpStatusFor(s.code());
    nlohmann::json body = ErrorBody(s);
    const int retry = StaffSessions::RetryAfterSeconds(s);
    if (retry > 0) {
      res.set_header("Retry-After", absl::StrCat(retry));
      body["retry_after_seconds"] = retry;
    }
    res.set_content(body.dump(), "application/json; charset=utf-8");
  }
  void SetSessionCookie(const std::string& value, bool secure, bool clear,
                        const char* name = kSessionCookie) {
    std::string cookie =
        absl::StrCat(name, "=", value, "; Path=/; HttpOnly; SameSite=Strict");
    if (secure) cookie += "; Secure";
    if (clear) cookie += "; Max-Age=0";
    res.set_header("Set-Cookie", cookie);
  }
};

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_HTTP_HTTP_CALL_H_
