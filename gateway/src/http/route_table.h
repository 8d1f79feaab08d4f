#ifndef UNIONCARD_GATEWAY_SRC_HTTP_ROUTE_TABLE_H_
#define UNIONCARD_GATEWAY_SRC_HTTP_ROUTE_TABLE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gateway/src/domain/route.h"

namespace unioncard::gateway {

// Every route the gateway serves: the REST surface of the four services
// plus the gateway's own (sessions, accounts, audit, import). The OpenAPI
// document is generated from this table, so the two cannot drift.
const std::vector<Route>& RouteTable();

// gRPC methods deliberately not reachable over HTTP, with the reason
// (change feeds are for services; the import has its own streamed route).
struct UnroutedMethod {
  std::string method;
  std::string reason;
};
const std::vector<UnroutedMethod>& UnroutedMethods();

// Checks the table against the compiled-in descriptors: every RPC target
// exists and is unary, every path variable is a scalar field of its
// request, no two routes share method and template, and every method of the
// exposed services is routed or listed in UnroutedMethods.
absl::Status ValidateRouteTable(const std::vector<Route>& routes);

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_HTTP_ROUTE_TABLE_H_
