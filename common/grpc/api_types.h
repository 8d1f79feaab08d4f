#ifndef UNIONCARD_COMMON_GRPC_API_TYPES_H_
#define UNIONCARD_COMMON_GRPC_API_TYPES_H_

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/time/china_time.h"

namespace unioncard::rpc {

// Conventions every service's API shares (docs/architecture.md §4):
// AIP-158 paging with opaque tokens, timestamps, and China civil days as
// YYYY-MM-DD.

// Opaque page tokens: the last key of the page, base64url.
std::string EncodePageToken(const std::string& last_key);
// INVALID_ARGUMENT (field page_token) when not one of ours.
absl::StatusOr<std::string> DecodePageToken(const std::string& token);
// A token made from a numeric id.
absl::StatusOr<int64_t> DecodeIdPageToken(const std::string& token);
// A token made from a slug key such as an org unit id (1 to 64 characters of
// a-z, 0-9, hyphen); anything else in it is a damaged or forged token.
absl::StatusOr<std::string> DecodeSlugPageToken(const std::string& token);

// AIP-158 page size: 0 → default, capped at max; negative → INVALID_ARGUMENT.
absl::StatusOr<int> PageSize(int32_t requested, int default_size, int max_size);

// A page of a list ordered by numeric id: its size and the id after which
// it starts (0 for the first page).
struct IdPage {
  int size = 0;
  int64_t after = 0;
};
absl::StatusOr<IdPage> ReadIdPage(int32_t page_size,
                                  const std::string& page_token,
                                  int default_size, int max_size);
// `rows` was read with LIMIT size + 1: trims it to the page and returns the
// next page's token ("" on the last page).
template <typename Row, typename IdOf>
std::string TrimToPage(std::vector<Row>& rows, const IdPage& page, IdOf id_of) {
  if (static_cast<int>(rows.size()) <= page.size) return "";
  rows.resize(page.size);
  return EncodePageToken(std::to_string(id_of(rows.back())));
}

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out);
absl::Time FromTimestamp(const google::protobuf::Timestamp& t);

// The civil day in China (UTC+8) — the day clerks and the bank mean.
using ::unioncard::ChinaTime;
// Today there, by the clock: the default `today` of every service (tests
// pass a fixed day instead).
absl::CivilDay TodayInChina();
// "YYYY-MM" → month; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<absl::CivilMonth> ParseMonthField(const std::string& text,
                                                 const char* field);
// "YYYY-MM-DD" → day; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<absl::CivilDay> ParseDayField(const std::string& text,
                                             const char* field);

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_API_TYPES_H_
