#ifndef UNIONCARD_GATEWAY_SRC_GATEWAY_H_
#define UNIONCARD_GATEWAY_SRC_GATEWAY_H_

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/auth/token.h"
#include "common/crypto/keyring.h"
#include "common/crypto/personal_data.h"
#include "common/db/connection_pool.h"
#include "gateway/src/app/account_admin.h"
#include "gateway/src/app/member_sessions.h"
#include "gateway/src/app/password_hasher.h"
#include "gateway/src/app/sms_sender.h"
#include "gateway/src/app/staff_sessions.h"
#include "gateway/src/app/upstreams.h"
#include "gateway/src/http/gateway_server.h"
#include "gateway/src/store/account_store.h"
#include "gateway/src/store/audit_store.h"
#include "gateway/src/store/member_login_store.h"
#include "gateway/src/store/session_store.h"

namespace unioncard::gateway {

struct GatewayConfig {
  db::DbOptions db;
  auth::SigningKey signing_key;
  // proto package → target, e.g. "unioncard.member.v1" → "127.0.0.1:50051"
  std::map<std::string, std::string> upstreams;
  GatewayHttpOptions http;
  Argon2idParameters password_hashing;
  StaffSessions::Options sessions;
  // Seals TOTP secrets; without it no second factor can be enrolled.
  std::optional<crypto::Keyring> totp_keys;
  // The members' channel: "file:<path>" (development, tests) or the SMS
  // provider's URL; "" leaves the channel off.
  std::string sms;
  std::string sms_token;
  MemberLoginPolicy member_login;
};

// The gateway assembled: its schema migrated, stores, use cases, the
// upstream channels and the HTTP server. main() and the tests build it the
// same way.
class Gateway {
 public:
  static absl::StatusOr<std::unique_ptr<Gateway>> Start(GatewayConfig config);
  ~Gateway();

  int port() const { return port_; }
  void Stop(absl::Duration drain_delay = absl::ZeroDuration());

 private:
  explicit Gateway(GatewayConfig config) : config_(std::move(config)) {}

  GatewayConfig config_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<AccountStore> accounts_;
  std::unique_ptr<SessionStore> sessions_;
  std::unique_ptr<AuditStore> audit_;
  std::unique_ptr<PasswordHasher> hasher_;
  std::unique_ptr<crypto::FieldCipher> totp_cipher_;
  std::unique_ptr<auth::TokenSigner> signer_;
  std::unique_ptr<Upstreams> upstreams_;
  std::unique_ptr<StaffSessions> staff_sessions_;
  std::unique_ptr<AccountAdmin> account_admin_;
  std::unique_ptr<MemberLoginStore> member_logins_;
  std::unique_ptr<SmsSender> sms_;
  std::unique_ptr<MemberSessions> member_sessions_;
  std::unique_ptr<GatewayHttpServer> http_;
  int port_ = 0;
};

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_GATEWAY_H_
