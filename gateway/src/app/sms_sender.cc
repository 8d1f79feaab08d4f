#include "gateway/src/app/sms_sender.h"

#include <fcntl.h>
#include <httplib.h>
#include <unistd.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "nlohmann/json.hpp"

namespace unioncard::gateway {

absl::Status FileSmsSender::Send(const SmsMessage& message) {
  const std::string line =
      nlohmann::json{{"time", absl::FormatTime(absl::Now())},
                     {"to", message.to},
                     {"text", message.text},
                     {"code", message.code},
                     {"purpose", message.purpose}}
          .dump() +
      "\n";
  std::lock_guard<std::mutex> lock(mu_);
  const int fd =
      open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot open the SMS outbox ", path_));
  }
  const ssize_t written = write(fd, line.data(), line.size());
  close(fd);
  if (written != static_cast<ssize_t>(line.size())) {
    return absl::UnavailableError("cannot write to the SMS outbox");
  }
  return absl::OkStatus();
}

absl::Status HttpSmsSender::Send(const SmsMessage& message) {
  // "https://host[:port]/path" → client base and path.
  const size_t scheme_end = url_.find("://");
  const size_t path_start = scheme_end == std::string::npos
                                ? std::string::npos
                                : url_.find('/', scheme_end + 3);
  const std::string base =
      path_start == std::string::npos ? url_ : url_.substr(0, path_start);
  const std::string path =
      path_start == std::string::npos ? "/" : url_.substr(path_start);
  httplib::Client client(base);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(10, 0);
  httplib::Headers headers = {{"Authorization", "Bearer " + token_}};
  auto result = client.Post(
      path, headers,
      nlohmann::json{{"to", message.to}, {"text", message.text}}.dump(),
      "application/json");
  if (!result) {
    return absl::UnavailableError(
        "the SMS provider could not be reached; try again shortly");
  }
  if (result->status < 200 || result->status >= 300) {
    return absl::UnavailableError(absl::StrCat(
        "the SMS provider refused the message (HTTP ", result->status, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<SmsSender>> MakeSmsSender(
    const std::string& target, const std::string& token) {
  if (absl::StartsWith(target, "file:") && target.size() > 5) {
    return std::make_unique<FileSmsSender>(target.substr(5));
  }
  if (absl::StartsWith(target, "https://") ||
      absl::StartsWith(target, "http://")) {
    return std::make_unique<HttpSmsSender>(target, token);
  }
  return absl::InvalidArgumentError(
      "--sms must be file:<path> (development) or an http(s):// URL of the "
      "SMS provider");
}

}  // namespace unioncard::gateway
