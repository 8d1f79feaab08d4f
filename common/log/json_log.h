#ifndef UNIONCARD_COMMON_LOG_JSON_LOG_H_
#define UNIONCARD_COMMON_LOG_JSON_LOG_H_

#include <functional>
#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace unioncard::log {

enum class Level { kDebug, kInfo, kWarning, kError };

// Extra key/value pairs of a log line. Never put personal data here unmasked:
// use the masking helpers in common/person.
using Fields = nlohmann::json;

// One JSON object per line on stdout:
//   {"ts":"2026-11-28T11:20:00.123Z","level":"info","service":"member-svc",
//    "request_id":"…","msg":"…", …fields}
// Thread-safe: a line is written whole.
void Write(Level level, absl::string_view message, const Fields& fields = {});

inline void Debug(absl::string_view m, const Fields& f = {}) {
  Write(Level::kDebug, m, f);
}
inline void Info(absl::string_view m, const Fields& f = {}) {
  Write(Level::kInfo, m, f);
}
inline void Warn(absl::string_view m, const Fields& f = {}) {
  Write(Level::kWarning, m, f);
}
inline void Error(absl::string_view m, const Fields& f = {}) {
  Write(Level::kError, m, f);
}

// Process-wide settings, set once in main().
void SetServiceName(std::string name);
void SetMinimumLevel(Level level);

// Redirects lines (tests capture them); nullptr restores stdout.
void SetSinkForTesting(std::function<void(const std::string&)> sink);

}  // namespace unioncard::log

#endif  // UNIONCARD_COMMON_LOG_JSON_LOG_H_
