// The members' channel's own routes: ask for a sign-in code, sign in, who
// am I, sign out (docs/architecture.md §7.7). Everything else a member does
// is a transcoded route of the table with its fields filled from the
// session.
#include <httplib.h>

#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"
#include "gateway/src/http/gateway_server.h"
#include "gateway/src/http/http_call.h"
#include "gateway/src/http/json_body.h"

namespace unioncard::gateway {
namespace {

using nlohmann::json;

json MemberSessionJson(const SignedInMember& who) {
  return {{"member_id", std::to_string(who.member.member_id)},
          {"org_id", who.member.org_id},
          {"county_id", who.member.county_id},
          {"csrf_token", who.csrf_token}};
}

}  // namespace

void GatewayHttpServer::ServeMemberNative(Call& call) {
  const std::string& handler = call.route().target;
  MemberSessions& members = *deps_.members;
  if (handler == "me.login_code" || handler == "me.login") {
    absl::StatusOr<json> body = BodyObject(call.req.body);
    if (!body.ok()) return call.Fail(body.status());
    status::FieldErrors errors;
    const bool code_request = handler == "me.login_code";
    errors.Merge(
        "", OnlyFields(*body, {"id_number", code_request ? "mobile" : "code"}));
    const std::string id_number = StringField(*body, "id_number", errors);
    const std::string second =
        StringField(*body, code_request ? "mobile" : "code", errors);
    if (id_number.empty()) errors.Add("id_number", "is required");
    if (second.empty())
      errors.Add(code_request ? "mobile" : "code", "is required");
    if (!errors.empty()) return call.Fail(errors.ToStatus());
    if (code_request) {
      absl::Status s = members.RequestCode(id_number.substr(0, 64),
                                           second.substr(0, 32), call.address);
      if (!s.ok()) return call.Fail(s);
      return call.Reply(
          200,
          {{"message",
            "如果身份证号和手机号与登记信息一致，验证码已发送，5分钟内有效"}});
    }
    absl::StatusOr<MemberLoginOutcome> outcome = members.Login(
        id_number.substr(0, 64), second.substr(0, 16), call.address);
    if (!outcome.ok()) return call.Fail(outcome.status());
    call.SetSessionCookie(outcome->session_id, options_.secure_cookies, false,
                          kMemberCookie);
    return call.Reply(200, MemberSessionJson(outcome->who));
  }
  const SignedInMember& who = *call.member;
  if (handler == "me.session") return call.Reply(200, MemberSessionJson(who));
  if (handler == "me.logout") {
    absl::Status s = members.Logout(who);
    if (!s.ok()) return call.Fail(s);
    call.SetSessionCookie("", options_.secure_cookies, true, kMemberCookie);
    return call.Reply(200, json::object());
  }
  call.Fail(absl::NotFoundError("no such route"));
}

}  // namespace unioncard::gateway
