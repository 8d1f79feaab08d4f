#ifndef UNIONCARD_GATEWAY_SRC_APP_SMS_SENDER_H_
#define UNIONCARD_GATEWAY_SRC_APP_SMS_SENDER_H_

#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"

namespace unioncard::gateway {

struct SmsMessage {
  std::string to;       // an 11-digit mainland mobile
  std::string text;     // what the member reads
  std::string code;     // the one-time code inside the text
  std::string purpose;  // "login"
};

// Sends text messages to members (docs/architecture.md §7.7).
class SmsSender {
 public:
  virtual ~SmsSender() = default;
  // UNAVAILABLE when the provider could not take the message.
  virtual absl::Status Send(const SmsMessage& message) = 0;
};

// Development and tests: appends one JSON object per message to a file
// (mode 0600) — {"time","to","text","code","purpose"} — where a developer
// or a test reads the code. Never for production: the file holds codes.
class FileSmsSender final : public SmsSender {
 public:
  explicit FileSmsSender(std::string path) : path_(std::move(path)) {}
  absl::Status Send(const SmsMessage& message) override;

 private:
  std::string path_;
  std::mutex mu_;
};

// Production: POSTs {"to","text"} as JSON to an HTTP(S) SMS provider with
// "Authorization: Bearer <token>"; any 2xx is success.
class HttpSmsSender final : public SmsSender {
 public:
  HttpSmsSender(std::string url, std::string token)
      : url_(std::move(url)), token_(std::move(token)) {}
  absl::Status Send(const SmsMessage& message) override;

 private:
  std::string url_;
  std::string token_;
};

// "file:<path>" or "http(s)://…" (with the token) → a sender;
// INVALID_ARGUMENT for anything else.
absl::StatusOr<std::unique_ptr<SmsSender>> MakeSmsSender(
    const std::string& target, const std::string& token);

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_APP_SMS_SENDER_H_
