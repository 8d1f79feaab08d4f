#include "member-svc/src/api/proto_mapping.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"

namespace unioncard::member {
namespace {

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t seconds = absl::ToUnixSeconds(t);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(t - absl::FromUnixSeconds(seconds))));
}

constexpr char kTokenPrefix[] = "uc1:";

}  // namespace

void ToProto(const MemberRecord& m, v1::Member* out) {
  out->set_id(m.id);
  out->set_name(m.name);
  out->set_id_number(m.id_number);
  out->set_gender(m.gender == person::Gender::kMale ? v1::MALE : v1::FEMALE);
  out->set_birth_date(absl::FormatCivilTime(m.birth_date));
  out->set_mobile(m.mobile);
  out->set_org_id(m.org_id);
  out->set_county_id(m.county_id);
  out->set_employer(m.employer);
  out->set_migrant_worker(m.migrant_worker);
  out->set_join_date(absl::FormatCivilTime(m.join_date));
  out->set_review_state(static_cast<v1::ReviewState>(m.review_state));
  out->set_review_note(m.review_note);
  out->set_membership_status(
      static_cast<v1::MembershipStatus>(m.membership_status));
  if (m.membership_status == MembershipStatus::kEnded) {
    out->set_end_reason(static_cast<v1::EndReason>(m.end_reason));
  }
  SetTimestamp(m.created_at, out->mutable_create_time());
  SetTimestamp(m.updated_at, out->mutable_update_time());
  out->set_revealed(m.revealed);
}

void ToProto(const OrgUnit& org, v1::OrgUnit* out) {
  out->set_id(org.id);
  out->set_parent_id(org.parent_id);
  out->set_level(static_cast<v1::OrgLevel>(org.level));
  out->set_name(org.name);
  out->set_path(org.path);
  out->set_county_id(org.county_id);
  out->set_closed(org.closed);
  SetTimestamp(org.created_at, out->mutable_create_time());
}

std::string EncodePageToken(const std::string& last_key) {
  return absl::WebSafeBase64Escape(absl::StrCat(kTokenPrefix, last_key));
}

absl::StatusOr<std::string> DecodePageToken(const std::string& token) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw) ||
      !absl::StartsWith(raw, kTokenPrefix)) {
    return status::InvalidField(
        "page_token", "is not a token from a previous page of this list");
  }
  return raw.substr(sizeof(kTokenPrefix) - 1);
}

absl::StatusOr<int> PageSize(int32_t requested, int default_size,
                             int max_size) {
  if (requested < 0) {
    return status::InvalidField("page_size", "must not be negative");
  }
  if (requested == 0) return default_size;
  return std::min<int>(requested, max_size);
}

}  // namespace unioncard::member
