// The members' channel's own routes: ask for a sign-in code, sign in, who
// am I, sign out (docs/architecture.md §7.7). Everything else a member does
// is a transcoded route of the table with its fields filled from the
// session.
#include <httplib.h>

#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"
#include "gateway/src/app/json_transcoder.h"
#include "gateway/src/http/gateway_server.h"
#include "gateway/src/http/http_call.h"
#include "gateway/src/http/json_body.h"
#include "member/v1/member.pb.h"

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
  if (handler == "me.mobile_code" || handler == "me.mobile") {
    absl::StatusOr<json> body = BodyObject(call.req.body);
    if (!body.ok()) return call.Fail(body.status());
    status::FieldErrors errors;
    const bool confirm = handler == "me.mobile";
    errors.Merge("", confirm ? OnlyFields(*body, {"mobile", "code"})
                             : OnlyFields(*body, {"mobile"}));
    const std::string mobile = StringField(*body, "mobile", errors);
    const std::string code = StringField(*body, "code", errors);
    if (mobile.empty()) errors.Add("mobile", "is required");
    if (confirm && code.empty()) errors.Add("code", "is required");
    if (!errors.empty()) return call.Fail(errors.ToStatus());
    if (!confirm) {
      absl::Status s =
          members.RequestMobileCode(who, mobile.substr(0, 32), call.address);
      if (!s.ok()) return call.Fail(s);
      return call.Reply(200,
                        {{"message", "验证码已发送到新手机号，5分钟内有效"}});
    }
    absl::StatusOr<std::string> number = members.ConfirmMobileCode(
        who, mobile.substr(0, 32), code.substr(0, 16));
    if (!number.ok()) return call.Fail(number.status());
    // The change itself is member-svc's, asked as the member.
    member::v1::UpdateMemberRequest update;
    update.mutable_member()->set_id(who.member.member_id);
    update.mutable_member()->set_mobile(*number);
    update.mutable_update_mask()->add_paths("mobile");
    absl::StatusOr<std::string> answer = deps_.upstreams->CallUnary(
        "unioncard.member.v1.MemberService/UpdateMember",
        update.SerializeAsString(), TokenFor(who), options_.upstream_deadline);
    if (!answer.ok()) return call.Fail(answer.status());
    member::v1::Member changed;
    if (!changed.ParseFromString(*answer)) {
      return call.Fail(absl::InternalError("member-svc's answer was garbled"));
    }
    // Whoever else held a session of this member is signed out.
    if (absl::Status ended = members.EndOtherSessions(who); !ended.ok()) {
      return call.Fail(ended);
    }
    absl::StatusOr<std::string> out = JsonTranscoder::ToJson(changed);
    if (!out.ok()) return call.Fail(out.status());
    return call.ReplyJson(200, *out);
  }
  if (handler == "me.logout") {
    absl::Status s = members.Logout(who);
    if (!s.ok()) return call.Fail(s);
    call.SetSessionCookie("", options_.secure_cookies, true, kMemberCookie);
    return call.Reply(200, json::object());
  }
  call.Fail(absl::NotFoundError("no such route"));
}

}  // namespace unioncard::gateway
