#ifndef UNIONCARD_COMMON_GRPC_API_TYPES_H_
#define UNIONCARD_COMMON_GRPC_API_TYPES_H_

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace unioncard::rpc {

// Conventions every service's API shares (DESIGN.md): AIP-158 paging with
// opaque tokens, timestamps, and China civil days as YYYY-MM-DD.

// Opaque page tokens: the last key of the page, base64url.
std::string EncodePageToken(const std::string& last_key);
// INVALID_ARGUMENT (field page_token) when not one of ours.
absl::StatusOr<std::string> DecodePageToken(const std::string& token);
// A token made from a numeric id.
absl::StatusOr<int64_t> DecodeIdPageToken(const std::string& token);

// AIP-158 page size: 0 → default, capped at max; negative → INVALID_ARGUMENT.
absl::StatusOr<int> PageSize(int32_t requested, int default_size, int max_size);

void SetTimestamp(absl::Time t, google::protobuf::Timestamp* out);
absl::Time FromTimestamp(const google::protobuf::Timestamp& t);

// The civil day in China (UTC+8) — the day clerks and the bank mean.
absl::TimeZone ChinaTime();
// "YYYY-MM-DD" → day; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<absl::CivilDay> ParseDayField(const std::string& text,
                                             const char* field);

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_API_TYPES_H_
