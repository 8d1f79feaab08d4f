#ifndef UNIONCARD_GATEWAY_SRC_HTTP_OPENAPI_H_
#define UNIONCARD_GATEWAY_SRC_HTTP_OPENAPI_H_

#include <vector>

#include "gateway/src/domain/route.h"
#include "nlohmann/json.hpp"

namespace unioncard::gateway {

// An OpenAPI 3.0 document of `routes`, with request and response schemas
// taken from the proto descriptors (served at /v1/openapi.json).
nlohmann::json OpenApiDocument(const std::vector<Route>& routes);

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_HTTP_OPENAPI_H_
