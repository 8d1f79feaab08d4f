#ifndef UNIONCARD_GATEWAY_SRC_DOMAIN_HTTP_STATUS_H_
#define UNIONCARD_GATEWAY_SRC_DOMAIN_HTTP_STATUS_H_

#include "absl/status/status.h"

namespace unioncard::gateway {

// gRPC/absl code → HTTP status, as documented in gateway/README.md:
// INVALID_ARGUMENT 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403,
// NOT_FOUND 404, ALREADY_EXISTS and ABORTED 409, FAILED_PRECONDITION 409
// (the request was well formed but the record's state forbids it),
// OUT_OF_RANGE 400, RESOURCE_EXHAUSTED 429, CANCELLED 499,
// UNIMPLEMENTED 501, UNAVAILABLE 503, DEADLINE_EXCEEDED 504, anything
// else 500.
int HttpStatusFor(absl::StatusCode code);

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_DOMAIN_HTTP_STATUS_H_
