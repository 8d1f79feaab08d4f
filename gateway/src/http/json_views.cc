#include "gateway/src/http/json_views.h"

#include "common/auth/principal.h"
#include "common/status/field_violations.h"
#include "gateway/src/domain/http_status.h"

namespace unioncard::gateway {
namespace {

constexpr size_t kMaxMessageBytes = 1000;

// Cuts `text` to at most `limit` bytes without splitting a UTF-8 sequence.
std::string Bounded(std::string text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  text.resize(cut);
  return text + "…";
}

}  // namespace

nlohmann::json ErrorBody(const absl::Status& status) {
  nlohmann::json details = nlohmann::json::array();
  for (const status::FieldViolation& v : status::FieldViolationsOf(status)) {
    details.push_back({{"field", Bounded(v.field, 200)},
                       {"description", Bounded(v.description, 500)}});
  }
  return {{"code", absl::StatusCodeToString(status.code())},
          {"message", Bounded(std::string(status.message()), kMaxMessageBytes)},
          {"details", details}};
}

std::string TimeJson(absl::Time t) {
  if (t == absl::InfinitePast() || t == absl::InfiniteFuture()) return "";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", t, absl::UTCTimeZone());
}

nlohmann::json AccountJson(const Account& a) {
  return {{"id", a.id},
          {"username", a.username},
          {"display_name", a.display_name},
          {"role", std::string(auth::RoleName(a.role))},
          {"org_id", a.org_id},
          {"org_path", a.org_path},
          {"must_change_password", a.must_change_password},
          {"disabled", a.disabled},
          {"failed_logins", a.failed_logins},
          {"created_by", a.created_by},
          {"created_at", TimeJson(a.created_at)},
          {"changed_by", a.changed_by},
          {"changed_at", TimeJson(a.changed_at)},
          {"totp_enabled", !a.totp_cipher.empty()}};
}

nlohmann::json AuditRowJson(const db::AuditRecord& r) {
  return {{"id", r.id},
          {"at", TimeJson(r.at)},
          {"actor", r.actor},
          {"actor_role", r.actor_role},
          {"action", r.action},
          {"target_type", r.target_type},
          {"target_id", r.target_id},
          {"request_id", r.request_id},
          {"detail", r.detail}};
}

}  // namespace unioncard::gateway
