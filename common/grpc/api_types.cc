#include "common/grpc/api_types.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status/field_violations.h"
#include "common/text/iso_date.h"

namespace unioncard::rpc {
namespace {

constexpr char kTokenPrefix[] = "uc1:";

}  // namespace

absl::CivilDay TodayInChina() {
  return absl::ToCivilDay(absl::Now(), ChinaTime());
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

absl::StatusOr<int64_t> DecodeIdPageToken(const std::string& token) {
  absl::StatusOr<std::string> key = DecodePageToken(token);
  if (!key.ok()) return key.status();
  int64_t id = 0;
  if (!absl::SimpleAtoi(*key, &id) || id < 0) {
    return status::InvalidField("page_token", "is damaged");
  }
  return id;
}

absl::StatusOr<std::string> DecodeSlugPageToken(const std::string& token) {
  absl::StatusOr<std::string> key = DecodePageToken(token);
  if (!key.ok()) return key.status();
  const bool slug =
      !key->empty() && key->size() <= 64 &&
      std::all_of(key->begin(), key->end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      });
  if (!slug) return status::InvalidField("page_token", "is damaged");
  return key;
}

absl::StatusOr<int> PageSize(int32_t requested, int default_size,
                             int max_size) {
  if (requested < 0) {
    return status::InvalidField("page_size", "must not be negative");
  }
  if (requested == 0) return default_size;
  return std::min<int>(requested, max_size);
}

absl::StatusOr<IdPage> ReadIdPage(int32_t page_size,
                                  const std::string& page_token,
                                  int default_size, int max_size) {
  IdPage page;
  absl::StatusOr<int> size = PageSize(page_size, default_size, max_size);
  if (!size.ok()) return size.status();
  page.size = *size;
  if (!page_token.empty()) {
    absl::StatusOr<int64_t> after = DecodeIdPageToken(page_token);
    if (!after.ok()) return after.status();
    page.after = *after;
  }
  return page;
}

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t seconds = absl::ToUnixSeconds(t);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(t - absl::FromUnixSeconds(seconds))));
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

absl::StatusOr<absl::CivilMonth> ParseMonthField(const std::string& text,
                                                 const char* field) {
  std::optional<absl::CivilMonth> month = text::ParseIsoMonth(text);
  if (!month) return status::InvalidField(field, "must be YYYY-MM");
  return *month;
}

absl::StatusOr<absl::CivilDay> ParseDayField(const std::string& text,
                                             const char* field) {
  std::optional<absl::CivilDay> day = text::ParseIsoDay(text);
  if (!day) return status::InvalidField(field, "must be a date YYYY-MM-DD");
  return *day;
}

}  // namespace unioncard::rpc
