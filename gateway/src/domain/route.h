#ifndef UNIONCARD_GATEWAY_SRC_DOMAIN_ROUTE_H_
#define UNIONCARD_GATEWAY_SRC_DOMAIN_ROUTE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace unioncard::gateway {

// What the gateway must record when a route is used (docs/architecture.md
// §7.5): every state change, and every reveal of personal data.
enum class AuditKind {
  kNone,    // reads of masked data
  kWrite,   // every call is audited
  kReveal,  // audited when the request's `reveal` field is true
};

// How a route is served.
enum class RouteKind {
  kRpc,     // transcoded to one unary gRPC method
  kNative,  // served by the gateway itself (sessions, accounts, audit)
};

// Whose session a route takes (docs/architecture.md §7.7): staff accounts
// and members sign in separately, and neither kind reaches the other's
// routes.
enum class Audience { kStaff, kMember };

// One line of the route table, in the style of google.api.http rules:
// an HTTP method and a path template such as
// "/v1/members/{member_id}:transfer" bound to a gRPC method. Path variables
// name request fields ("member.id" for a nested one); for GET and DELETE
// the query string fills the other fields, for other methods the JSON body
// does.
struct Route {
  std::string http_method;  // GET, POST, PUT, PATCH, DELETE
  std::string path;
  RouteKind kind = RouteKind::kRpc;
  // kRpc: "unioncard.member.v1.MemberService/GetMember";
  // kNative: the handler's name ("session.login").
  std::string target;
  AuditKind audit = AuditKind::kNone;
  std::string summary;  // for the OpenAPI document
  // Reachable without a session (login, health). Everything else needs one.
  bool public_route = false;
  Audience audience = Audience::kStaff;
  // Member routes: request fields the gateway fills from the session,
  // whatever the request says — field → "member_id" or "county_id". This is
  // how "my card" can only ever be the signed-in member's.
  std::map<std::string, std::string> from_session;
};

// A parsed path template: literal segments and variables, and an optional
// custom verb after the last segment (":transfer").
class PathTemplate {
 public:
  // INVALID_ARGUMENT for a template that does not start with '/', has an
  // empty segment or an unclosed variable.
  static absl::StatusOr<PathTemplate> Parse(absl::string_view text);

  // The variables' values (URL-decoded) when `path` matches, else nullopt.
  // A variable matches one whole segment; values with '/' or control
  // characters never match.
  std::optional<std::map<std::string, std::string>> Match(
      absl::string_view path) const;

  const std::vector<std::string>& variables() const { return variables_; }
  int literal_count() const { return literal_count_; }

 private:
  struct Segment {
    bool variable = false;
    std::string text;  // literal text or variable name
  };
  std::vector<Segment> segments_;
  std::string verb_;
  std::vector<std::string> variables_;
  int literal_count_ = 0;
};

// Decodes %XX escapes; '+' stays '+' (paths, not forms). INVALID_ARGUMENT
// on a broken escape or a decoded NUL.
absl::StatusOr<std::string> PercentDecode(absl::string_view text);

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_DOMAIN_ROUTE_H_
