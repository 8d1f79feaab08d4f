#include "tools/unionctl/gateway_accounts.h"

#include <httplib.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "nlohmann/json.hpp"

namespace unioncard::unionctl {
namespace {

using nlohmann::json;

absl::StatusCode CodeOf(const std::string& name) {
  for (int c = 0; c <= 16; ++c) {
    const auto code = static_cast<absl::StatusCode>(c);
    if (absl::StatusCodeToString(code) == name) return code;
  }
  return absl::StatusCode::kUnknown;
}

// The gateway's {code, message, details} as the status it stands for.
absl::Status ErrorOf(const httplib::Result& r) {
  if (!r) {
    return absl::UnavailableError(absl::StrCat(
        "the gateway does not answer (", httplib::to_string(r.error()), ")"));
  }
  json body = json::parse(r->body, nullptr, false);
  if (!body.is_object() || !body["code"].is_string()) {
    return absl::UnknownError(absl::StrCat("HTTP ", r->status));
  }
  std::vector<status::FieldViolation> violations;
  for (const json& d : body["details"]) {
    if (d.contains("field"))
      violations.push_back({d["field"], d["description"]});
  }
  if (!violations.empty() && body["code"] == "INVALID_ARGUMENT") {
    return status::InvalidFields(violations);
  }
  return absl::Status(CodeOf(body["code"]), body["message"].get<std::string>());
}

}  // namespace

absl::StatusOr<std::unique_ptr<GatewayAccounts>> GatewayAccounts::SignIn(
    const std::string& gateway, const std::string& username,
    const std::string& password, const std::string& totp_code) {
  if (username.empty()) return status::InvalidField("username", "is required");
  std::unique_ptr<GatewayAccounts> g(new GatewayAccounts());
  g->client_ = std::make_unique<httplib::Client>(gateway);
  g->client_->set_connection_timeout(5, 0);
  g->client_->set_read_timeout(60, 0);
  json login = {{"username", username}, {"password", password}};
  if (!totp_code.empty()) login["totp_code"] = totp_code;
  httplib::Result r =
      g->client_->Post("/v1/session", login.dump(), "application/json");
  if (!r || r->status != 200) return ErrorOf(r);
  const std::string set = r->get_header_value("Set-Cookie");
  g->cookie_ = set.substr(0, set.find(';'));
  g->csrf_ = json::parse(r->body)["csrf_token"];
  if (json::parse(r->body)["account"]["must_change_password"].get<bool>()) {
    return absl::FailedPreconditionError(
        "this account still has its one-time password: sign in to the "
        "portal once and change it");
  }
  return g;
}

GatewayAccounts::~GatewayAccounts() {
  if (client_ != nullptr && !cookie_.empty()) {
    Send("DELETE", "/v1/session", "").IgnoreError();  // best effort
  }
}

absl::StatusOr<std::string> GatewayAccounts::Send(const std::string& method,
                                                  const std::string& path,
                                                  const std::string& body) {
  httplib::Headers headers{{"Cookie", cookie_}, {"X-CSRF-Token", csrf_}};
  httplib::Result r = method == "GET"      ? client_->Get(path, headers)
                      : method == "DELETE" ? client_->Delete(path, headers)
                                           : client_->Post(path, headers, body,
                                                           "application/json");
  if (!r || r->status != 200) return ErrorOf(r);
  return r->body;
}

absl::StatusOr<report::Report> GatewayAccounts::List() {
  report::Report out;
  out.title = "账号 (accounts)";
  out.header = {"id",     "username", "display_name",  "role",
                "org_id", "disabled", "failed_logins", "totp"};
  std::string token;
  do {
    ASSIGN_OR_RETURN(
        std::string answer,
        Send("GET",
             absl::StrCat("/v1/accounts?page_size=200",
                          token.empty() ? "" : "&page_token=", token),
             ""));
    json page = json::parse(answer);
    for (const json& a : page["accounts"]) {
      out.rows.push_back({std::to_string(a["id"].get<int64_t>()), a["username"],
                          a["display_name"], a["role"], a["org_id"],
                          a["disabled"].get<bool>() ? "yes" : "no",
                          std::to_string(a["failed_logins"].get<int>()),
                          a["totp_enabled"].get<bool>() ? "yes" : "no"});
    }
    token = page["next_page_token"];
  } while (!token.empty());
  return out;
}

absl::StatusOr<std::string> GatewayAccounts::Create(
    const std::string& username, const std::string& display_name,
    const std::string& role, const std::string& org_id) {
  ASSIGN_OR_RETURN(std::string answer, Send("POST", "/v1/accounts",
                                            json{{"username", username},
                                                 {"display_name", display_name},
                                                 {"role", role},
                                                 {"org_id", org_id}}
                                                .dump()));
  json made = json::parse(answer);
  return absl::StrCat("account ", made["account"]["id"].get<int64_t>(), " ",
                      username, " (", role, ", ", org_id,
                      ") created; one-time password (change it at first "
                      "login): ",
                      made["temporary_password"].get<std::string>(), "\n");
}

absl::StatusOr<std::string> GatewayAccounts::Change(const std::string& action,
                                                    int64_t id) {
  if (action == "sessions-kill") {
    ASSIGN_OR_RETURN(
        std::string answer,
        Send("DELETE", absl::StrCat("/v1/accounts/", id, "/sessions"), ""));
    return absl::StrCat("account ", id, ": ",
                        json::parse(answer)["sessions_ended"].get<int>(),
                        " sessions ended\n");
  }
  if (action != "disable" && action != "enable" && action != "reset-password" &&
      action != "unlock") {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown command: accounts ", action,
                     " (list, create, disable, enable, reset-password, unlock, "
                     "sessions-kill)"));
  }
  ASSIGN_OR_RETURN(
      std::string answer,
      Send("POST", absl::StrCat("/v1/accounts/", id, ":", action), "{}"));
  json done = json::parse(answer);
  std::string line = absl::StrCat(
      "account ", id, " ", done["account"]["username"].get<std::string>(), ": ",
      action, " done");
  if (done.contains("temporary_password")) {
    absl::StrAppend(&line, "; one-time password (change it at first login): ",
                    done["temporary_password"].get<std::string>());
  }
  return line + "\n";
}

}  // namespace unioncard::unionctl
