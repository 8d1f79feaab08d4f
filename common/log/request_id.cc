#include "common/log/request_id.h"

#include <openssl/rand.h>

#include <utility>

#include "absl/strings/escaping.h"

namespace unioncard::log {
namespace {
thread_local std::string current_request_id;
}  // namespace

std::string NewRequestId() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    // The OS entropy source failing is not a reason to drop a request; the
    // id only correlates log lines.
    static thread_local unsigned long long counter = 0;
    for (size_t i = 0; i < sizeof(bytes); ++i) {
      bytes[i] = static_cast<unsigned char>((++counter * 2654435761u) >> 13);
    }
  }
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
}

const std::string& CurrentRequestId() { return current_request_id; }

void SetCurrentRequestId(std::string id) { current_request_id = std::move(id); }

RequestIdScope::RequestIdScope(std::string id)
    : previous_(std::exchange(current_request_id, std::move(id))) {}

RequestIdScope::~RequestIdScope() { current_request_id = std::move(previous_); }

}  // namespace unioncard::log
