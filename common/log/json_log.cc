#include "common/log/json_log.h"

#include <cstdio>
#include <mutex>
#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/log/request_id.h"

namespace unioncard::log {
namespace {

struct LogState {
  std::mutex mu;
  std::string service = "unioncard";
  Level minimum = Level::kInfo;
  std::function<void(const std::string&)> sink;
};

LogState& State() {
  static LogState* state = new LogState();  // never destroyed: logs at exit
  return *state;
}

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

void Write(Level level, absl::string_view message, const Fields& fields) {
  LogState& state = State();
  nlohmann::json line;
  line["ts"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                absl::UTCTimeZone());
  line["level"] = LevelName(level);
  {
    std::lock_guard<std::mutex> lock(state.mu);
    if (level < state.minimum) return;
    line["service"] = state.service;
  }
  if (!CurrentRequestId().empty()) line["request_id"] = CurrentRequestId();
  line["msg"] = std::string(message);
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) line[key] = value;
  }
  // Replace invalid UTF-8 rather than throw: a log call must never fail.
  std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  std::lock_guard<std::mutex> lock(state.mu);
  if (state.sink) {
    state.sink(text);
  } else {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
  }
}

void SetServiceName(std::string name) {
  std::lock_guard<std::mutex> lock(State().mu);
  State().service = std::move(name);
}

void SetMinimumLevel(Level level) {
  std::lock_guard<std::mutex> lock(State().mu);
  State().minimum = level;
}

void SetSinkForTesting(std::function<void(const std::string&)> sink) {
  std::lock_guard<std::mutex> lock(State().mu);
  State().sink = std::move(sink);
}

}  // namespace unioncard::log
