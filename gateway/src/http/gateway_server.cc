#include "gateway/src/http/gateway_server.h"

#include <httplib.h>
#include <sodium.h>

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/import/member_csv_import.h"
#include "common/log/json_log.h"
#include "common/log/request_id.h"
#include "common/status/field_violations.h"
#include "common/text/utf8.h"
#include "gateway/src/app/audit_entries.h"
#include "gateway/src/app/json_transcoder.h"
#include "gateway/src/domain/http_status.h"
#include "gateway/src/http/http_call.h"
#include "gateway/src/http/json_views.h"
#include "gateway/src/http/openapi.h"
#include "gateway/src/http/route_table.h"
#include "member/v1/member.grpc.pb.h"

namespace unioncard::gateway {
namespace {

using nlohmann::json;

// Strict by default: the portal ships its own scripts and styles, never
// inline ones, and is never framed.
const httplib::Headers& SecurityHeaders() {
  static const auto* headers = new httplib::Headers{
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src "
       "'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri "
       "'none'; form-action 'self'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},
  };
  return *headers;
}

bool IsSafeMethod(const std::string& method) {
  return method == "GET" || method == "HEAD";
}

// A caller's request id if it is a sane one, else a fresh one.
std::string RequestIdOf(const httplib::Request& req) {
  std::string id = req.get_header_value(log::kRequestIdMetadataKey);
  bool ok = !id.empty() && id.size() <= 64;
  for (char c : id) {
    ok = ok && (absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                c == '-' || c == '_' || c == '.');
  }
  return ok ? id : log::NewRequestId();
}

std::string CookieValue(const httplib::Request& req, absl::string_view name) {
  for (absl::string_view part :
       absl::StrSplit(req.get_header_value("Cookie"), ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, name) && absl::ConsumePrefix(&part, "=")) {
      return std::string(part);
    }
  }
  return "";
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() &&
         sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

GatewayHttpServer::GatewayHttpServer(GatewayHttpOptions options, Deps deps)
    : options_(std::move(options)), deps_(std::move(deps)) {
  for (const Route& r : RouteTable()) {
    routes_.emplace_back(r, PathTemplate::Parse(r.path).value());
  }
  // Literal segments first, so "/v1/members:find" wins over
  // "/v1/members/{id}"-like templates of the same length.
  std::stable_sort(routes_.begin(), routes_.end(),
                   [](const auto& a, const auto& b) {
                     return a.second.literal_count() > b.second.literal_count();
                   });
}

GatewayHttpServer::~GatewayHttpServer() { Stop(); }

absl::StatusOr<int> GatewayHttpServer::Start() {
  if (!options_.tls_cert_file.empty()) {
    server_ = std::make_unique<httplib::SSLServer>(
        options_.tls_cert_file.c_str(), options_.tls_key_file.c_str());
    if (!server_->is_valid()) {
      return absl::InvalidArgumentError(
          "--tls_cert/--tls_key: cannot load the certificate and key");
    }
    options_.secure_cookies = true;
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  httplib::Server& s = *server_;
  const int threads = options_.worker_threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.set_payload_max_length(options_.max_body_bytes);
  s.set_read_timeout(30, 0);
  s.set_write_timeout(60, 0);
  s.set_keep_alive_timeout(30);
  // Headers and body go out in separate writes: without TCP_NODELAY each
  // answer waits ~40 ms for the client's delayed ACK (Nagle).
  s.set_tcp_nodelay(true);
  httplib::Headers headers = SecurityHeaders();
  if (!options_.tls_cert_file.empty()) {
    headers.emplace("Strict-Transport-Security", "max-age=31536000");
  }
  s.set_default_headers(headers);

  auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
    Dispatch(req, res);
  };
  s.Get("/v1/.*", dispatch);
  s.Post("/v1/.*", dispatch);
  s.Put("/v1/.*", dispatch);
  s.Patch("/v1/.*", dispatch);
  s.Delete("/v1/.*", dispatch);
  s.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    const bool up = serving_.load();
    res.status = up ? 200 : 503;
    res.set_content(up ? "SERVING" : "NOT_SERVING", "text/plain");
  });
  s.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    absl::Status s = serving_.load() ? deps_.database_ready()
                                     : absl::UnavailableError("draining");
    if (s.ok()) s = deps_.upstreams->CheckAllServing(absl::Seconds(2));
    res.status = s.ok() ? 200 : 503;
    res.set_content(s.ok() ? "READY" : std::string(s.message()), "text/plain");
  });
  s.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics_.Render(), "text/plain; version=0.0.4");
  });
  if (!options_.web_root.empty()) {
    if (!s.set_mount_point("/", options_.web_root)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--web_root: ", options_.web_root, " is not a folder"));
    }
  }
  s.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty())
          return httplib::Server::HandlerResponse::Unhandled;
        absl::StatusCode code = absl::StatusCode::kNotFound;
        std::string message = "no such page or route";
        if (res.status == 413) {
          code = absl::StatusCode::kInvalidArgument;
          message = "the request body is too large";
        } else if (res.status == 400) {
          code = absl::StatusCode::kInvalidArgument;
          message = "the request is malformed";
        } else if (res.status == 405) {
          code = absl::StatusCode::kInvalidArgument;
          message = "this method is not allowed here";
        } else if (res.status != 404) {
          code = absl::StatusCode::kInvalidArgument;
          message = "the request could not be served";
        }
        res.set_content(json{{"code", absl::StatusCodeToString(code)},
                             {"message", message},
                             {"details", json::array()}}
                            .dump(),
                        "application/json; charset=utf-8");
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        log::Error("request failed with an exception");
        res.status = 500;
        res.set_content(json{{"code", "INTERNAL"},
                             {"message", "the gateway failed; try again"},
                             {"details", json::array()}}
                            .dump(),
                        "application/json; charset=utf-8");
      });

  int port = options_.port;
  if (port == 0) {
    port = s.bind_to_any_port(options_.host);
    if (port <= 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen on ", options_.host));
    }
  } else if (!s.bind_to_port(options_.host, port)) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.host, ":", port));
  }
  serving_ = true;
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  log::Info("gateway listening", {{"address", options_.host}, {"port", port}});
  return port;
}

void GatewayHttpServer::Stop(absl::Duration drain_delay) {
  if (!server_) return;
  serving_ = false;
  if (drain_delay > absl::ZeroDuration()) absl::SleepFor(drain_delay);
  server_->stop();  // closes the listener; workers finish their requests
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

std::string GatewayHttpServer::TokenFor(const SignedIn& who) {
  return CachedToken(who.account.username, who.principal());
}

std::string GatewayHttpServer::TokenFor(const SignedInMember& member) {
  return CachedToken(member.actor(), member.principal());
}

std::string GatewayHttpServer::CachedToken(const std::string& key,
                                           const auth::Principal& p) {
  const absl::Time now = absl::Now();
  // Re-minted when it nears expiry or the account's role or unit changed.
  const std::string scope =
      absl::StrCat(auth::RoleName(p.role), " ", p.org_id, " ", p.org_path);
  std::lock_guard<std::mutex> lock(mu_);
  if (tokens_.size() > 100000) tokens_.clear();  // bounded memory
  MintedToken& cached = tokens_[key];
  if (cached.token.empty() || cached.scope != scope ||
      cached.expires - now < absl::Minutes(1)) {
    cached.token = deps_.signer->Issue(p, options_.token_lifetime);
    cached.expires = now + options_.token_lifetime;
    cached.scope = scope;
  }
  return cached.token;
}

bool GatewayHttpServer::TakeRateToken(const std::string& session_hash) {
  const absl::Time now = absl::Now();
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, fresh] =
      buckets_.try_emplace(session_hash, Bucket{options_.burst, now});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens = std::min(options_.burst,
                        b.tokens + absl::ToDoubleSeconds(now - b.refilled) *
                                       options_.requests_per_second);
    b.refilled = now;
  }
  if (buckets_.size() > 100000) buckets_.clear();  // bounded memory
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

void GatewayHttpServer::Dispatch(const httplib::Request& req,
                                 httplib::Response& res) {
  const absl::Time start = absl::Now();
  log::RequestIdScope request_id(RequestIdOf(req));
  res.set_header(log::kRequestIdMetadataKey, log::CurrentRequestId());
  Call call(
      req, res,
      ClientAddress(req.remote_addr, req.get_header_value("X-Forwarded-For"),
                    options_.trusted_proxies));

  // Route: the first template that matches the path, then the method.
  bool path_known = false;
  for (const auto& [route, path_template] : routes_) {
    auto variables = path_template.Match(req.path);
    if (!variables) continue;
    path_known = true;
    if (route.http_method != req.method) continue;
    call.matched.route = &route;
    call.matched.variables = std::move(*variables);
    break;
  }
  std::string route_label = "unmatched";
  if (call.matched.route == nullptr) {
    call.Fail(path_known
                  ? absl::Status(absl::StatusCode::kInvalidArgument,
                                 "this method is not allowed on this route")
                  : absl::NotFoundError("no such route"));
    if (path_known) res.status = 405;
  } else {
    route_label = call.route().path;
    absl::Status refused = Admit(call);
    if (refused.ok() && !req.body.empty() && !IsSafeMethod(req.method) &&
        call.route().target != "members.import" &&
        !absl::StartsWith(req.get_header_value("Content-Type"),
                          "application/json")) {
      refused = absl::InvalidArgumentError(
          "send the body as Content-Type: application/json");
      res.status = 415;
    }
    if (!refused.ok()) {
      const int forced = res.status;
      call.Fail(refused);
      if (forced == 415) res.status = 415;
    } else if (call.route().kind == RouteKind::kRpc) {
      ServeRpc(call);
    } else if (call.route().audience == Audience::kMember) {
      ServeMemberNative(call);
    } else {
      ServeNative(call);
    }
  }
  if (call.matched.route != nullptr && (call.who || call.member) &&
      !call.deferred_audit &&
      (call.route().audit == AuditKind::kWrite || call.revealed)) {
    json body = json::parse(res.body, nullptr, false);
    Audit(call, res.status,
          body.is_object() && body.contains("code")
              ? body["code"].get<std::string>()
              : "OK");
  }
  metrics_.Observe(req.method, route_label, res.status, absl::Now() - start);
  log::Info("http", {{"method", req.method},
                     {"route", route_label},
                     {"status", res.status},
                     {"account", call.who      ? call.who->account.username
                                 : call.member ? call.member->actor()
                                               : ""},
                     {"ms", absl::ToDoubleMilliseconds(absl::Now() - start)}});
}

absl::Status GatewayHttpServer::Admit(Call& call) {
  const httplib::Request& req = call.req;
  const Route& route = call.route();
  std::string session_hash;
  std::string csrf_token;
  if (route.audience == Audience::kMember) {
    if (deps_.members == nullptr) {
      return absl::UnavailableError(
          "the members' channel is not configured on this gateway (--sms)");
    }
    if (route.public_route) return absl::OkStatus();
    absl::StatusOr<SignedInMember> member =
        deps_.members->Authenticate(CookieValue(req, kMemberCookie));
    if (!member.ok()) return member.status();
    call.member = *std::move(member);
    session_hash = call.member->session_hash;
    csrf_token = call.member->csrf_token;
  } else {
    if (route.public_route) return absl::OkStatus();
    absl::StatusOr<SignedIn> who =
        deps_.sessions->Authenticate(CookieValue(req, kSessionCookie));
    if (!who.ok()) {
      // A member's session never opens staff routes: say so plainly.
      if (deps_.members != nullptr &&
          deps_.members->Authenticate(CookieValue(req, kMemberCookie)).ok()) {
        return absl::PermissionDeniedError(
            "members may use the members' pages (/m/) only, not staff routes");
      }
      return who.status();
    }
    call.who = *std::move(who);
    session_hash = call.who->session_hash;
    csrf_token = call.who->csrf_token;
  }
  if (!IsSafeMethod(req.method) &&
      !ConstantTimeEquals(req.get_header_value(kCsrfHeader), csrf_token)) {
    return absl::PermissionDeniedError(
        "missing or wrong X-CSRF-Token header; reload the page");
  }
  if (call.who && call.who->account.must_change_password &&
      !absl::StartsWith(route.target, "session.")) {
    return absl::PermissionDeniedError(
        "change your one-time password first (POST "
        "/v1/session:change-password)");
  }
  if (!TakeRateToken(session_hash)) {
    return absl::ResourceExhaustedError(
        "too many requests from this session; slow down");
  }
  return absl::OkStatus();
}

void GatewayHttpServer::Audit(const Call& call, int http_status,
                              const std::string& code) {
  json targets = json::object();
  for (const auto& [name, value] : call.matched.variables) {
    targets[name] = value.substr(0, 64);
  }
  std::string action = call.route().target;
  if (call.revealed) action += ".reveal";
  const std::string actor =
      call.who ? call.who->account.username : call.member->actor();
  const auth::Role role =
      call.who ? call.who->account.role : auth::Role::kMember;
  const std::string& org_path =
      call.who ? call.who->account.org_path : call.member->member.org_path;
  db::AuditEntry entry = GatewayAudit(
      actor, role, org_path, call.address, action.substr(0, 64), "route",
      call.target_id.empty() && !call.matched.variables.empty()
          ? call.matched.variables.begin()->second.substr(0, 64)
          : call.target_id,
      {{"route",
        absl::StrCat(call.route().http_method, " ", call.route().path)},
       {"targets", targets},
       {"http_status", http_status},
       {"outcome", code}});
  if (call.revealed) entry.detail["reveal_reason"] = call.reveal_reason;
  absl::Status s = deps_.audit->Append(entry);
  if (!s.ok()) {
    log::Error("audit row not written",
               {{"error", std::string(s.message())}, {"action", action}});
  }
}

void GatewayHttpServer::ServeRpc(Call& call) {
  const Route& route = call.route();
  absl::StatusOr<const google::protobuf::MethodDescriptor*> method =
      JsonTranscoder::FindMethod(route.target);
  if (!method.ok()) return call.Fail(method.status());
  std::vector<std::pair<std::string, std::string>> query;
  std::string body;
  if (IsSafeMethod(route.http_method) || route.http_method == "DELETE") {
    for (const auto& [name, value] : call.req.params) {
      // The reason for a reveal is the gateway's (it goes to the audit
      // row), not a field of the service's request.
      if (route.audit == AuditKind::kReveal && name == "reveal_reason") {
        call.reveal_reason = value;
        continue;
      }
      query.emplace_back(name, value);
    }
  } else {
    body = call.req.body;
    if (route.audit == AuditKind::kReveal) {
      nlohmann::json object = nlohmann::json::parse(body, nullptr, false);
      if (object.is_object() && object.contains("reveal_reason")) {
        if (object["reveal_reason"].is_string()) {
          call.reveal_reason = object["reveal_reason"].get<std::string>();
        }
        object.erase("reveal_reason");
        body = object.dump();
      }
    }
  }
  // A member route's own fields come from the session, last, so nothing
  // in the path, query or body can point it at another member.
  std::map<std::string, std::string> fields = call.matched.variables;
  if (call.member) {
    // The body may not name them either, in any JSON spelling.
    nlohmann::json object = nlohmann::json::parse(body, nullptr, false);
    if (object.is_object()) {
      for (const auto& [field, source] : route.from_session) {
        const auto* f = (*method)->input_type()->FindFieldByName(field);
        object.erase(field);
        if (f != nullptr) object.erase(f->json_name());
      }
      body = object.dump();
    }
    for (const auto& [field, source] : route.from_session) {
      fields[field] = source == "member_id"
                          ? std::to_string(call.member->member.member_id)
                          : call.member->member.county_id;
    }
  }
  absl::StatusOr<std::unique_ptr<google::protobuf::Message>> request =
      JsonTranscoder::BuildRequest((*method)->input_type(), body, query,
                                   fields);
  if (!request.ok()) return call.Fail(request.status());
  if (route.audit == AuditKind::kReveal) {
    const auto* reveal = (*request)->GetDescriptor()->FindFieldByName("reveal");
    call.revealed = reveal != nullptr &&
                    (*request)->GetReflection()->GetBool(**request, reveal);
    if (call.revealed && text::DecodeUtf8(call.reveal_reason).size() < 2) {
      call.revealed = false;  // nothing is shown, nothing to audit
      return call.Fail(status::InvalidField(
          "reveal_reason",
          "is required: say why the full ID number and mobile are needed "
          "(it is kept in the audit log)"));
    }
    call.reveal_reason = call.reveal_reason.substr(0, 300);
  }
  absl::StatusOr<std::string> answer = deps_.upstreams->CallUnary(
      route.target, (*request)->SerializeAsString(),
      call.member ? TokenFor(*call.member) : TokenFor(*call.who),
      options_.upstream_deadline);
  if (!answer.ok()) return call.Fail(answer.status());
  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          (*method)->output_type());
  std::unique_ptr<google::protobuf::Message> response(prototype->New());
  if (!response->ParseFromString(*answer)) {
    return call.Fail(absl::InternalError("the service's answer was garbled"));
  }
  absl::StatusOr<std::string> out = JsonTranscoder::ToJson(*response);
  if (!out.ok()) return call.Fail(out.status());
  call.ReplyJson(200, *out);
}

}  // namespace unioncard::gateway
