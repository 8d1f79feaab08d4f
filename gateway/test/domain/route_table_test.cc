#include "gateway/src/http/route_table.h"

#include <set>

#include "gateway/src/http/openapi.h"
#include "gtest/gtest.h"

namespace unioncard::gateway {
namespace {

TEST(RouteTable, MatchesTheCompiledServices) {
  absl::Status s = ValidateRouteTable(RouteTable());
  EXPECT_TRUE(s.ok()) << s;
}

TEST(RouteTable, ValidationCatchesAMistypedRoute) {
  std::vector<Route> routes = RouteTable();
  routes.push_back({"GET", "/v1/broken/{no_such_field}", RouteKind::kRpc,
                    "unioncard.member.v1.MemberService/GetMember",
                    AuditKind::kNone, "", false});
  routes.push_back({"GET", "/v1/feed", RouteKind::kRpc,
                    "unioncard.card.v1.CardService/WatchEvents",
                    AuditKind::kNone, "", false});
  absl::Status s = ValidateRouteTable(routes);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("{no_such_field}"), absl::string_view::npos);
  EXPECT_NE(s.message().find("is not unary"), absl::string_view::npos);
}

TEST(RouteTable, ValidationCatchesAnUnroutedMethod) {
  std::vector<Route> routes;
  for (const Route& r : RouteTable()) {
    if (r.target != "unioncard.card.v1.CardService/GetCard") {
      routes.push_back(r);
    }
  }
  absl::Status s = ValidateRouteTable(routes);
  EXPECT_NE(s.message().find("CardService/GetCard has no route"),
            absl::string_view::npos)
      << s;
}

TEST(OpenApi, ListsEveryRouteWithItsSchemas) {
  nlohmann::json doc = OpenApiDocument(RouteTable());
  int operations = 0;
  for (const Route& r : RouteTable()) {
    std::string method = r.http_method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    ASSERT_TRUE(doc["paths"].contains(r.path)) << r.path;
    EXPECT_TRUE(doc["paths"][r.path].contains(method))
        << r.http_method << " " << r.path;
    ++operations;
  }
  EXPECT_EQ(operations, static_cast<int>(RouteTable().size()));
  EXPECT_TRUE(
      doc["components"]["schemas"].contains("unioncard.member.v1.Member"));
  EXPECT_EQ(doc["paths"]["/v1/members/{id}"]["get"]["responses"]["200"]
               ["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/unioncard.member.v1.Member");
}

}  // namespace
}  // namespace unioncard::gateway
