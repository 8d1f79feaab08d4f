#ifndef UNIONCARD_GATEWAY_SRC_HTTP_GATEWAY_SERVER_H_
#define UNIONCARD_GATEWAY_SRC_HTTP_GATEWAY_SERVER_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/token.h"
#include "gateway/src/app/account_admin.h"
#include "gateway/src/app/member_sessions.h"
#include "gateway/src/app/staff_sessions.h"
#include "gateway/src/app/upstreams.h"
#include "gateway/src/domain/client_address.h"
#include "gateway/src/domain/route.h"
#include "gateway/src/http/http_metrics.h"
#include "gateway/src/store/audit_store.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace unioncard::gateway {

struct GatewayHttpOptions {
  std::string host = "127.0.0.1";
  int port = 8080;              // 0 picks a free port (tests)
  std::string web_root;         // the portal's built files; "" serves none
  bool secure_cookies = false;  // set when TLS terminates in front
  // PEM files: when given, the gateway serves HTTPS itself (cookies Secure,
  // HSTS); otherwise plain HTTP behind an ingress that terminates TLS.
  std::string tls_cert_file;
  std::string tls_key_file;
  size_t max_body_bytes = 32u << 20;  // a member CSV of ~200,000 rows
  absl::Duration upstream_deadline = absl::Seconds(30);
  absl::Duration token_lifetime = absl::Minutes(5);
  // Per session: a bucket of `burst` requests refilled at `per_second`.
  double requests_per_second = 20;
  double burst = 60;
  int worker_threads = 16;
  // Proxies (the ingress) whose X-Forwarded-For names the client.
  TrustedProxies trusted_proxies;
};

// The gateway's HTTP side: one route table, sessions and CSRF, scoped
// tokens minted per account, audit, JSON errors, the portal's files,
// /healthz, /readyz and /metrics (docs/architecture.md §7).
class GatewayHttpServer {
 public:
  // Set by name (gateway.cc); all but `members` must be set.
  struct Deps {
    StaffSessions* sessions = nullptr;
    AccountAdmin* accounts = nullptr;
    AuditStore* audit = nullptr;
    Upstreams* upstreams = nullptr;
    const auth::TokenSigner* signer = nullptr;
    // Checks the gateway's own database for /readyz.
    std::function<absl::Status()> database_ready;
    // The members' channel; null: its routes answer UNAVAILABLE.
    MemberSessions* members = nullptr;
  };
  GatewayHttpServer(GatewayHttpOptions options, Deps deps);
  ~GatewayHttpServer();

  // Binds and serves on its own threads; returns the bound port.
  absl::StatusOr<int> Start();
  // /healthz turns 503 at once; after `drain_delay` the listener closes and
  // requests in flight finish.
  void Stop(absl::Duration drain_delay = absl::ZeroDuration());

 private:
  struct Matched;
  struct Call;
  void Dispatch(const httplib::Request& req, httplib::Response& res);
  void ServeRpc(Call& call);
  void ServeNative(Call& call);
  void ServeImport(Call& call);
  void ServeExport(Call& call);
  void ServeMemberNative(Call& call);
  // Finds the caller of the matched route: a staff or a member session.
  absl::Status Admit(Call& call);
  void Audit(const Call& call, int http_status, const std::string& code);
  std::string TokenFor(const SignedIn& who);
  std::string TokenFor(const SignedInMember& member);
  std::string CachedToken(const std::string& key, const auth::Principal& p);
  bool TakeRateToken(const std::string& session_hash);

  GatewayHttpOptions options_;
  Deps deps_;
  std::vector<std::pair<Route, PathTemplate>> routes_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> serving_{false};
  HttpMetrics metrics_;

  std::mutex mu_;
  struct MintedToken {
    std::string token;
    absl::Time expires;
    std::string scope;  // role and unit it was minted for
  };
  std::map<std::string, MintedToken> tokens_;  // by username or member
  struct Bucket {
    double tokens;
    absl::Time refilled;
  };
  std::map<std::string, Bucket> buckets_;  // by session hash
};

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_HTTP_GATEWAY_SERVER_H_
