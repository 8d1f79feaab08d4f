#ifndef UNIONCARD_COMMON_LOG_REQUEST_ID_H_
#define UNIONCARD_COMMON_LOG_REQUEST_ID_H_

#include <string>

namespace unioncard::log {

// The metadata key that carries a request id from the portal through the
// gateway to every service a call touches.
inline constexpr char kRequestIdMetadataKey[] = "x-request-id";

// A fresh random id (32 hex characters).
std::string NewRequestId();

// The request id of the call this thread is serving, or "" outside a call.
const std::string& CurrentRequestId();

// Makes `id` the current request id until the scope ends. The gRPC server
// interceptor opens one per call; sync handlers run on that same thread.
class RequestIdScope {
 public:
  explicit RequestIdScope(std::string id);
  ~RequestIdScope();
  RequestIdScope(const RequestIdScope&) = delete;
  RequestIdScope& operator=(const RequestIdScope&) = delete;

 private:
  std::string previous_;
};

// Low-level setter for code whose call scope is not lexical (interceptors).
void SetCurrentRequestId(std::string id);

}  // namespace unioncard::log

#endif  // UNIONCARD_COMMON_LOG_REQUEST_ID_H_
