#include "gateway/src/gateway.h"

#include "absl/strings/str_cat.h"
#include "common/db/migrations.h"
#include "common/log/json_log.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "gateway/src/app/password_hasher.h"
#include "gateway/src/http/route_table.h"
#include "gateway/src/store/schema.h"
#include "member/v1/member.pb.h"

namespace unioncard::gateway {
namespace {

// The org path of a unit, read from member-svc with the caller's own
// token: a unit outside the caller's view is not found.
OrgPathLookup MemberSvcOrgPaths(Upstreams* upstreams,
                                const auth::TokenSigner* signer) {
  return [upstreams, signer](
             const SignedIn& caller,
             const std::string& org_id) -> absl::StatusOr<std::string> {
    member::v1::GetOrgUnitRequest request;
    request.set_id(org_id);
    absl::StatusOr<std::string> answer = upstreams->CallUnary(
        "unioncard.member.v1.OrgService/GetOrgUnit",
        request.SerializeAsString(),
        signer->Issue(caller.principal(), absl::Minutes(1)), absl::Seconds(10));
    if (!answer.ok()) {
      if (absl::IsNotFound(answer.status()) ||
          absl::IsPermissionDenied(answer.status())) {
        return status::InvalidField(
            "org_id", absl::StrCat("no unit \"", org_id.substr(0, 64),
                                   "\" in your scope"));
      }
      return answer.status();
    }
    member::v1::OrgUnit unit;
    if (!unit.ParseFromString(*answer)) {
      return absl::InternalError("member-svc's answer was garbled");
    }
    return unit.path();
  };
}

// member-svc's answer to "do this ID number and mobile belong to a member
// in good standing?", asked with the gateway's own service identity.
MemberSessions::ContactCheck MemberSvcContactCheck(
    Upstreams* upstreams, const auth::TokenSigner* signer) {
  return [upstreams, signer](const std::string& id_number,
                             const std::string& mobile)
             -> absl::StatusOr<std::optional<MemberIdentity>> {
    member::v1::VerifyMemberContactRequest request;
    request.set_id_number(id_number);
    request.set_mobile(mobile);
    auth::Principal gateway;
    gateway.subject = "gateway";
    gateway.role = auth::Role::kService;
    gateway.org_id = "city";
    gateway.org_path = "/city/";
    absl::StatusOr<std::string> answer = upstreams->CallUnary(
        "unioncard.member.v1.MemberService/VerifyMemberContact",
        request.SerializeAsString(), signer->Issue(gateway, absl::Minutes(1)),
        absl::Seconds(10));
    if (absl::IsNotFound(answer.status())) return std::nullopt;
    if (!answer.ok()) return answer.status();
    member::v1::MemberContactMatch match;
    if (!match.ParseFromString(*answer)) {
      return absl::InternalError("member-svc's answer was garbled");
    }
    return MemberIdentity{match.member_id(), match.org_id(), match.org_path(),
                          match.county_id()};
  };
}

// The key under which the gateway's tables keep ID numbers, derived from
// the signing key so no second secret must be distributed.
std::string NumberSecret(const auth::SigningKey& key) {
  return Sha256(absl::StrCat("unioncard member sign-in:", key.secret_key));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Gateway>> Gateway::Start(GatewayConfig config) {
  RETURN_IF_ERROR(ValidateRouteTable(RouteTable()));
  std::unique_ptr<Gateway> g(new Gateway(std::move(config)));
  GatewayConfig& c = g->config_;
  ASSIGN_OR_RETURN(g->pool_, db::ConnectionPool::Create(c.db));
  ASSIGN_OR_RETURN(int applied,
                   db::ApplyMigrations(*g->pool_, GatewaySchema()));
  log::Info("schema ready", {{"migrations_applied", applied}});

  g->accounts_ = std::make_unique<AccountStore>(g->pool_.get());
  g->sessions_ = std::make_unique<SessionStore>(g->pool_.get());
  g->audit_ = std::make_unique<AuditStore>(g->pool_.get());
  g->hasher_ = std::make_unique<PasswordHasher>(c.password_hashing);
  g->signer_ = std::make_unique<auth::TokenSigner>(c.signing_key);
  g->upstreams_ = std::make_unique<Upstreams>(c.upstreams);
  if (c.totp_keys) {
    g->totp_cipher_ = std::make_unique<crypto::FieldCipher>(*c.totp_keys);
  }
  g->staff_sessions_ = std::make_unique<StaffSessions>(
      g->accounts_.get(), g->sessions_.get(), g->hasher_.get(), c.sessions,
      g->totp_cipher_.get());
  g->account_admin_ = std::make_unique<AccountAdmin>(
      g->accounts_.get(), g->sessions_.get(), g->audit_.get(), g->hasher_.get(),
      MemberSvcOrgPaths(g->upstreams_.get(), g->signer_.get()));

  StaffSessions* staff_sessions = g->staff_sessions_.get();
  g->account_admin_->OnSessionsEnded(
      [staff_sessions](int64_t id) { staff_sessions->ForgetAccount(id); });

  if (!c.sms.empty()) {
    ASSIGN_OR_RETURN(g->sms_, MakeSmsSender(c.sms, c.sms_token));
    g->member_logins_ = std::make_unique<MemberLoginStore>(g->pool_.get());
    g->member_sessions_ = std::make_unique<MemberSessions>(
        g->member_logins_.get(), g->sms_.get(),
        MemberSvcContactCheck(g->upstreams_.get(), g->signer_.get()),
        NumberSecret(c.signing_key), c.member_login);
  }

  db::ConnectionPool* pool = g->pool_.get();
  GatewayHttpServer::Deps deps;
  deps.sessions = g->staff_sessions_.get();
  deps.accounts = g->account_admin_.get();
  deps.audit = g->audit_.get();
  deps.upstreams = g->upstreams_.get();
  deps.signer = g->signer_.get();
  deps.database_ready = [pool] {
    return pool->Run([](sql::Connection&) { return absl::OkStatus(); });
  };
  deps.members = g->member_sessions_.get();
  g->http_ = std::make_unique<GatewayHttpServer>(c.http, std::move(deps));
  ASSIGN_OR_RETURN(g->port_, g->http_->Start());
  return g;
}

Gateway::~Gateway() { Stop(); }

void Gateway::Stop(absl::Duration drain_delay) {
  if (http_) http_->Stop(drain_delay);
}

}  // namespace unioncard::gateway
