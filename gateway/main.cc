// gateway: the HTTP/JSON front door of unioncard (see README.md).
#include <signal.h>

#include <algorithm>
#include <cstdio>

#include "absl/flags/flag.h"
#include "common/config/env_flags.h"
#include "common/config/secret_source.h"
#include "common/db/db_flags.h"
#include "common/grpc/server_flags.h"
#include "common/grpc/service_main.h"
#include "common/grpc/service_runner.h"
#include "common/log/json_log.h"
#include "gateway/src/gateway.h"
#include "gateway/src/store/schema.h"

ABSL_FLAG(std::string, http_host, "127.0.0.1",
          "address the HTTP server binds (0.0.0.0 in a container)");
ABSL_FLAG(int, http_port, 8080, "HTTP port");
ABSL_FLAG(std::string, web_root, "",
          "folder with the portal's built files (gateway/web/dist); empty "
          "serves only the API");
ABSL_FLAG(bool, secure_cookies, false,
          "mark the session cookie Secure (when served over HTTPS)");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate (chain) to serve HTTPS; empty: plain HTTP behind "
          "an ingress that terminates TLS");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(std::string, signing_key, "",
          "token signing key: file:PATH or env:NAME (unionctl keys generate)");
ABSL_FLAG(absl::Duration, session_idle, absl::Minutes(30),
          "a session ends after this long without a request");
ABSL_FLAG(absl::Duration, session_absolute, absl::Hours(12),
          "a session ends this long after login, used or not");
ABSL_FLAG(int, login_free_failures, 3,
          "failed logins in a row before each attempt must wait (doubling)");
ABSL_FLAG(int, login_lockout_after, 10,
          "failed logins in a row that lock an account until unlocked");
ABSL_FLAG(std::string, data_keys, "",
          "keys sealing second-factor (TOTP) secrets: file:PATH or env:NAME "
          "(unionctl keys generate); empty: no second factor can be enrolled");
ABSL_FLAG(std::string, sms, "",
          "the members' channel's SMS: file:<path> (development: codes are "
          "written to that file) or the provider's http(s) URL; empty turns "
          "the members' sign-in off");
ABSL_FLAG(std::string, sms_token, "",
          "where the SMS provider's bearer token is: file:PATH or env:NAME");
ABSL_FLAG(std::string, trusted_proxies, "",
          "proxies whose X-Forwarded-For names the client (the ingress): "
          "comma-separated IPv4 networks or addresses, IPv6 addresses; per-"
          "address limits and the audit then see the real client");
ABSL_FLAG(double, session_requests_per_second, 20,
          "requests a session may make each second, on average (beyond "
          "it, HTTP 429 RESOURCE_EXHAUSTED)");
ABSL_FLAG(double, session_burst, 60,
          "requests a session may make at once before the average counts");
ABSL_FLAG(std::string, member_svc, "127.0.0.1:50051", "member-svc target");
ABSL_FLAG(std::string, card_svc, "127.0.0.1:50052", "card-svc target");
ABSL_FLAG(std::string, merchant_svc, "127.0.0.1:50053", "merchant-svc target");
ABSL_FLAG(std::string, assessment_svc, "127.0.0.1:50054",
          "assessment-svc target");

int main(int argc, char** argv) {
  using namespace unioncard;
  rpc::ServiceRunner::BlockShutdownSignals();
  config::ParseFlagsWithEnvironment(argc, argv);
  if (db::MigrateOnlyRequested()) {
    return rpc::MigrateOnlyMain("gateway", gateway::GatewaySchema());
  }
  rpc::ServerOptions server = rpc::ServerOptionsFromFlags("gateway");

  gateway::GatewayConfig config;
  auto db = db::DbOptionsFromFlags();
  if (!db.ok()) return rpc::FailToStart("bad database flags", db.status());
  config.db = *db;
  auto key_json = config::ReadSecret(absl::GetFlag(FLAGS_signing_key));
  if (!key_json.ok())
    return rpc::FailToStart("--signing_key", key_json.status());
  auto key = auth::SigningKeyFromJson(*key_json);
  if (!key.ok()) return rpc::FailToStart("--signing_key", key.status());
  config.signing_key = *key;
  if (!absl::GetFlag(FLAGS_data_keys).empty()) {
    auto keys_json = config::ReadSecret(absl::GetFlag(FLAGS_data_keys));
    if (!keys_json.ok()) {
      return rpc::FailToStart("--data_keys", keys_json.status());
    }
    auto keys = crypto::DataKeys::FromJson(*keys_json);
    if (!keys.ok()) return rpc::FailToStart("--data_keys", keys.status());
    config.totp_keys = keys->encryption;
  }
  config.upstreams = {
      {"unioncard.member.v1", absl::GetFlag(FLAGS_member_svc)},
      {"unioncard.card.v1", absl::GetFlag(FLAGS_card_svc)},
      {"unioncard.merchant.v1", absl::GetFlag(FLAGS_merchant_svc)},
      {"unioncard.assessment.v1", absl::GetFlag(FLAGS_assessment_svc)},
  };
  config.sms = absl::GetFlag(FLAGS_sms);
  if (!absl::GetFlag(FLAGS_sms_token).empty()) {
    auto token = config::ReadSecret(absl::GetFlag(FLAGS_sms_token));
    if (!token.ok()) return rpc::FailToStart("--sms_token", token.status());
    config.sms_token = *token;
  }
  auto proxies =
      gateway::TrustedProxies::Parse(absl::GetFlag(FLAGS_trusted_proxies));
  if (!proxies.ok()) return rpc::FailToStart("bad flags", proxies.status());
  config.http.trusted_proxies = *proxies;
  config.http.host = absl::GetFlag(FLAGS_http_host);
  config.http.port = absl::GetFlag(FLAGS_http_port);
  config.http.requests_per_second =
      absl::GetFlag(FLAGS_session_requests_per_second);
  config.http.burst = absl::GetFlag(FLAGS_session_burst);
  if (!(config.http.requests_per_second > 0) || !(config.http.burst >= 1)) {
    return rpc::FailToStart(
        "bad flags", absl::InvalidArgumentError(
                         "--session_requests_per_second must be above 0 and "
                         "--session_burst at least 1"));
  }
  config.http.web_root = absl::GetFlag(FLAGS_web_root);
  config.http.secure_cookies = absl::GetFlag(FLAGS_secure_cookies);
  config.http.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  config.http.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  if (config.http.tls_cert_file.empty() != config.http.tls_key_file.empty()) {
    return rpc::FailToStart(
        "bad flags", absl::InvalidArgumentError(
                         "give both --tls_cert and --tls_key, or neither"));
  }
  config.sessions.session.idle = absl::GetFlag(FLAGS_session_idle);
  config.sessions.session.absolute = absl::GetFlag(FLAGS_session_absolute);
  // last_seen is written at most once a minute, and often enough that an
  // active session never looks idle.
  config.sessions.session.touch_every =
      std::min(absl::Minutes(1), config.sessions.session.idle / 4);
  config.sessions.per_account.free_failures =
      absl::GetFlag(FLAGS_login_free_failures);
  config.sessions.per_account.lockout_after =
      absl::GetFlag(FLAGS_login_lockout_after);
  config.sessions.per_address.free_failures =
      absl::GetFlag(FLAGS_login_free_failures) * 3;

  auto gateway = gateway::Gateway::Start(std::move(config));
  if (!gateway.ok()) return rpc::FailToStart("cannot start", gateway.status());

  // SIGTERM/SIGINT: /healthz turns 503, the drain delay passes, then the
  // listener closes and requests in flight finish.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  log::Info("stopping", {{"signal", signal_number}});
  (*gateway)->Stop(server.drain_delay);
  log::Info("stopped");
  return 0;
}
