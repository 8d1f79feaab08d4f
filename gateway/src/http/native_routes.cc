// The routes the gateway serves itself: sessions, accounts, the audit log,
// the OpenAPI document and the streamed member import.
#include <httplib.h>

#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "audit/v1/audit.pb.h"
#include "common/import/member_csv_import.h"
#include "common/log/json_log.h"
#include "common/log/request_id.h"
#include "common/report/report.h"
#include "common/status/field_violations.h"
#include "gateway/src/app/audit_entries.h"
#include "gateway/src/app/json_transcoder.h"
#include "gateway/src/http/gateway_server.h"
#include "gateway/src/http/http_call.h"
#include "gateway/src/http/json_body.h"
#include "gateway/src/http/json_views.h"
#include "gateway/src/http/openapi.h"
#include "gateway/src/http/report_exports.h"
#include "gateway/src/http/route_table.h"
#include "member/v1/member.grpc.pb.h"

namespace unioncard::gateway {
namespace {

using nlohmann::json;

absl::StatusOr<int64_t> PositiveId(const std::string& text, const char* field) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) {
    return status::InvalidField(field, "must be a positive whole number");
  }
  return id;
}

// page_size (1–200, default 50) and page_token (opaque: the last id seen).
absl::Status Paging(const httplib::Request& req, int* size, int64_t* after) {
  *size = 50;
  *after = 0;
  status::FieldErrors errors;
  if (req.has_param("page_size") &&
      (!absl::SimpleAtoi(req.get_param_value("page_size"), size) || *size < 1 ||
       *size > 200)) {
    errors.Add("page_size", "must be 1–200");
  }
  if (req.has_param("page_token") &&
      (!absl::SimpleAtoi(req.get_param_value("page_token"), after) ||
       *after < 0)) {
    errors.Add("page_token", "is damaged; start from the first page");
  }
  return errors.ToStatus();
}

absl::StatusOr<absl::Time> TimeParam(const httplib::Request& req,
                                     const char* name, absl::Time fallback) {
  if (!req.has_param(name)) return fallback;
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, req.get_param_value(name), &t,
                       &error)) {
    return status::InvalidField(name,
                                "must be an RFC 3339 time such as "
                                "2026-12-01T08:00:00+08:00");
  }
  return t;
}

}  // namespace

#define UC_ASSIGN(lhs, expr)                               \
  auto lhs##_or = (expr);                                  \
  if (!lhs##_or.ok()) return call.Fail(lhs##_or.status()); \
  auto& lhs = *lhs##_or

void GatewayHttpServer::ServeNative(Call& call) {
  const std::string& handler = call.route().target;
  const httplib::Request& req = call.req;

  if (handler == "openapi") {
    static const std::string* document =
        new std::string(OpenApiDocument(RouteTable()).dump(1));
    return call.ReplyJson(200, *document);
  }
  if (handler == "session.login") {
    UC_ASSIGN(body, BodyObject(req.body));
    status::FieldErrors errors;
    errors.Merge("", OnlyFields(body, {"username", "password", "totp_code"}));
    const std::string username = StringField(body, "username", errors);
    const std::string password = StringField(body, "password", errors);
    const std::string totp_code = StringField(body, "totp_code", errors);
    if (username.empty()) errors.Add("username", "is required");
    if (password.empty()) errors.Add("password", "is required");
    if (password.size() > 1024) errors.Add("password", "is too long");
    if (!errors.empty()) return call.Fail(errors.ToStatus());
    UC_ASSIGN(outcome,
              deps_.sessions->Login(username.substr(0, 64), password,
                                    call.address, totp_code.substr(0, 16)));
    call.SetSessionCookie(outcome.session_id, options_.secure_cookies, false);
    return call.Reply(200, {{"account", AccountJson(outcome.account)},
                            {"csrf_token", outcome.csrf_token}});
  }
  const SignedIn& who = *call.who;
  if (handler == "session.get") {
    return call.Reply(200, {{"account", AccountJson(who.account)},
                            {"csrf_token", who.csrf_token}});
  }
  if (handler == "session.logout") {
    absl::Status s = deps_.sessions->Logout(who, call.address);
    if (!s.ok()) return call.Fail(s);
    call.SetSessionCookie("", options_.secure_cookies, true);
    return call.Reply(200, json::object());
  }
  if (handler == "session.totp_enroll") {
    UC_ASSIGN(enrolled, deps_.sessions->EnrollTotp(who, call.address));
    return call.Reply(200, {{"secret_base32", enrolled.secret_base32},
                            {"otpauth_uri", enrolled.otpauth_uri}});
  }
  if (handler == "session.totp_confirm") {
    UC_ASSIGN(body, BodyObject(req.body));
    status::FieldErrors errors;
    errors.Merge("", OnlyFields(body, {"code"}));
    const std::string code = StringField(body, "code", errors);
    if (!errors.empty()) return call.Fail(errors.ToStatus());
    absl::Status s =
        deps_.sessions->ConfirmTotp(who, code.substr(0, 16), call.address);
    if (!s.ok()) return call.Fail(s);
    return call.Reply(200, {{"totp_enabled", true}});
  }
  if (handler == "session.change_password") {
    UC_ASSIGN(body, BodyObject(req.body));
    status::FieldErrors errors;
    errors.Merge("", OnlyFields(body, {"old_password", "new_password"}));
    const std::string old_password = StringField(body, "old_password", errors);
    const std::string new_password = StringField(body, "new_password", errors);
    if (!errors.empty()) return call.Fail(errors.ToStatus());
    UC_ASSIGN(outcome, deps_.sessions->ChangePassword(
                           who, old_password, new_password, call.address));
    call.SetSessionCookie(outcome.session_id, options_.secure_cookies, false);
    return call.Reply(200, {{"account", AccountJson(outcome.account)},
                            {"csrf_token", outcome.csrf_token}});
  }
  if (handler == "accounts.list") {
    int size = 0;
    int64_t after = 0;
    absl::Status paging = Paging(req, &size, &after);
    if (!paging.ok()) return call.Fail(paging);
    UC_ASSIGN(accounts, deps_.accounts->List(who, after, size + 1));
    json out = {{"accounts", json::array()}, {"next_page_token", ""}};
    for (int i = 0; i < static_cast<int>(accounts.size()) && i < size; ++i) {
      out["accounts"].push_back(AccountJson(accounts[i]));
    }
    if (static_cast<int>(accounts.size()) > size) {
      out["next_page_token"] = absl::StrCat(accounts[size - 1].id);
    }
    return call.Reply(200, out);
  }
  if (handler == "accounts.create") {
    UC_ASSIGN(body, BodyObject(req.body));
    status::FieldErrors errors;
    errors.Merge(
        "", OnlyFields(body, {"username", "display_name", "role", "org_id"}));
    NewAccount request{StringField(body, "username", errors),
                       StringField(body, "display_name", errors),
                       StringField(body, "role", errors),
                       StringField(body, "org_id", errors)};
    if (!errors.empty()) return call.Fail(errors.ToStatus());
    UC_ASSIGN(made, deps_.accounts->Create(who, request, call.address));
    return call.Reply(200, {{"account", AccountJson(made.account)},
                            {"temporary_password", made.temporary_password}});
  }
  if (absl::StartsWith(handler, "accounts.")) {
    UC_ASSIGN(id, PositiveId(call.matched.variables["id"], "id"));
    if (handler == "accounts.get") {
      UC_ASSIGN(account, deps_.accounts->Get(who, id));
      return call.Reply(200, {{"account", AccountJson(account)}});
    }
    if (handler == "accounts.disable" || handler == "accounts.enable") {
      UC_ASSIGN(account,
                deps_.accounts->SetDisabled(
                    who, id, handler == "accounts.disable", call.address));
      return call.Reply(200, {{"account", AccountJson(account)}});
    }
    if (handler == "accounts.reset_password") {
      UC_ASSIGN(made, deps_.accounts->ResetPassword(who, id, call.address));
      return call.Reply(200, {{"account", AccountJson(made.account)},
                              {"temporary_password", made.temporary_password}});
    }
    if (handler == "accounts.unlock") {
      UC_ASSIGN(account, deps_.accounts->Unlock(who, id, call.address));
      return call.Reply(200, {{"account", AccountJson(account)}});
    }
    if (handler == "accounts.end_sessions") {
      UC_ASSIGN(ended, deps_.accounts->EndSessions(who, id, call.address));
      return call.Reply(200, {{"sessions_ended", ended}});
    }
  }
  if (handler == "audit.list") {
    if (who.account.role != auth::Role::kAuditor &&
        who.account.role != auth::Role::kCityAdmin) {
      return call.Fail(absl::PermissionDeniedError(absl::StrCat(
          auth::AccountOf(who.account.role), " may not read the audit log")));
    }
    int size = 0;
    int64_t before = 0;
    absl::Status paging = Paging(req, &size, &before);
    if (!paging.ok()) return call.Fail(paging);
    db::AuditQuery filter;
    filter.actor = req.get_param_value("actor").substr(0, 64);
    filter.action_prefix = req.get_param_value("action").substr(0, 64);
    filter.scope_prefix = who.account.org_path;
    UC_ASSIGN(from, TimeParam(req, "from", absl::InfinitePast()));
    UC_ASSIGN(to, TimeParam(req, "to", absl::InfiniteFuture()));
    filter.from = from;
    filter.to = to;
    filter.before_id = before;
    filter.limit = size + 1;
    UC_ASSIGN(rows, deps_.audit->List(filter));
    json out = {{"entries", json::array()}, {"next_page_token", ""}};
    for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
      out["entries"].push_back(AuditRowJson(rows[i]));
    }
    if (static_cast<int>(rows.size()) > size) {
      out["next_page_token"] = absl::StrCat(rows[size - 1].id);
    }
    return call.Reply(200, out);
  }
  if (handler == "audit.service") {
    static const std::set<std::string>* services =
        new std::set<std::string>{"member", "card", "merchant", "assessment"};
    const std::string& service = call.matched.variables["service"];
    if (services->count(service) == 0) {
      return call.Fail(status::InvalidField(
          "service", "must be member, card, merchant or assessment"));
    }
    std::vector<std::pair<std::string, std::string>> query(req.params.begin(),
                                                           req.params.end());
    UC_ASSIGN(request, JsonTranscoder::BuildRequest(
                           audit::v1::ListAuditEntriesRequest::descriptor(), "",
                           query, {}));
    UC_ASSIGN(answer, deps_.upstreams->CallUnaryAt(
                          absl::StrCat("unioncard.", service, ".v1"),
                          "unioncard.audit.v1.AuditLog/ListAuditEntries",
                          request->SerializeAsString(), TokenFor(who),
                          options_.upstream_deadline));
    audit::v1::ListAuditEntriesResponse response;
    if (!response.ParseFromString(answer)) {
      return call.Fail(absl::InternalError("the service's answer was garbled"));
    }
    UC_ASSIGN(json_text, JsonTranscoder::ToJson(response));
    return call.ReplyJson(200, json_text);
  }
  if (absl::StartsWith(handler, "export.")) return ServeExport(call);
  if (handler == "members.import") return ServeImport(call);
  call.Fail(absl::UnimplementedError("this route has no handler"));
}

void GatewayHttpServer::ServeExport(Call& call) {
  const ReportExport& what = ReportExports().at(call.route().target);
  std::string format = call.req.get_param_value("format");
  if (format.empty()) format = "xlsx";
  if (format != "csv" && format != "xlsx") {
    return call.Fail(status::InvalidField("format", "must be csv or xlsx"));
  }
  UC_ASSIGN(method, JsonTranscoder::FindMethod(what.method));
  std::vector<std::pair<std::string, std::string>> query;
  for (const auto& [name, value] : call.req.params) {
    if (name != "format") query.emplace_back(name, value);
  }
  UC_ASSIGN(request,
            JsonTranscoder::BuildRequest(method->input_type(), "", query,
                                         call.matched.variables));
  UC_ASSIGN(answer, deps_.upstreams->CallUnary(
                        what.method, request->SerializeAsString(),
                        TokenFor(*call.who), options_.upstream_deadline));
  std::unique_ptr<google::protobuf::Message> response(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(method->output_type())
          ->New());
  if (!response->ParseFromString(answer)) {
    return call.Fail(absl::InternalError("the service's answer was garbled"));
  }
  std::map<std::string, std::string> names = call.matched.variables;
  for (const auto& [name, value] : query) names[name] = value;
  const report::Report table = what.to_report(*response, names);
  std::string stem = what.file_stem;
  for (const auto& [name, value] : call.matched.variables) {
    absl::StrAppend(&stem, "-", value);
  }
  if (format == "csv") {
    call.res.set_header(
        "Content-Disposition",
        absl::StrCat("attachment; filename=\"", stem, ".csv\""));
    call.res.status = 200;
    // A BOM so that Excel opens UTF-8 Chinese as such.
    call.res.set_content("\xEF\xBB\xBF" + report::RenderCsv(table),
                         "text/csv; charset=utf-8");
    return;
  }
  UC_ASSIGN(xlsx, report::RenderXlsx(table));
  call.res.set_header("Content-Disposition",
                      absl::StrCat("attachment; filename=\"", stem, ".xlsx\""));
  call.res.status = 200;
  call.res.set_content(
      xlsx,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

void GatewayHttpServer::ServeImport(Call& call) {
  const std::string org_id = call.req.get_param_value("org_id").substr(0, 64);
  if (call.req.body.empty()) {
    return call.Fail(
        status::InvalidField("body", "send the CSV file as the request body"));
  }
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      deps_.upstreams->ChannelFor(
          "unioncard.member.v1.MemberService/ImportMembers");
  if (!channel.ok()) return call.Fail(channel.status());
  call.deferred_audit = true;  // written when the import has finished

  // Everything the stream needs, by value: the request ends before it runs.
  auto stub = std::shared_ptr<member::v1::MemberService::Stub>(
      member::v1::MemberService::NewStub(*channel));
  const std::string token = TokenFor(*call.who);
  const std::string request_id = log::CurrentRequestId();
  const SignedIn who = *call.who;
  const std::string address = call.address;
  const std::string source =
      call.req.get_param_value("file_name").empty()
          ? "upload.csv"
          : call.req.get_param_value("file_name").substr(0, 100);
  auto file = std::make_shared<std::string>(call.req.body);
  AuditStore* audit = deps_.audit;
  call.res.set_header("X-Content-Type-Options", "nosniff");
  call.res.set_chunked_content_provider(
      "application/x-ndjson", [=](size_t, httplib::DataSink& sink) {
        log::RequestIdScope scope(request_id);
        auto line = [&sink](const json& j) {
          std::string text = j.dump() + "\n";
          return sink.write(text.data(), text.size());
        };
        import::MemberCsvOptions options;
        options.default_org_id = org_id;
        options.token = token;
        options.source_name = source;
        options.on_progress = [&](int sent, int total) {
          line({{"progress", {{"sent", sent}, {"total", total}}}});
        };
        absl::StatusOr<import::MemberCsvResult> result =
            import::ImportMemberCsv(*stub, *file, options);
        json detail = {{"route", "POST /v1/members:import"},
                       {"org_id", org_id},
                       {"file_name", source}};
        if (!result.ok()) {
          detail["outcome"] = absl::StatusCodeToString(result.status().code());
          line({{"error", ErrorBody(result.status())}});
        } else {
          json failures = json::array();
          for (const import::FailedRow& f : result->failures) {
            if (failures.size() >= 5000) break;
            failures.push_back({{"line", f.line}, {"reason", f.reason}});
          }
          json warnings = json::array();
          for (const import::RowWarning& w : result->warnings) {
            if (warnings.size() >= 5000) break;
            warnings.push_back({{"line", w.line}, {"warning", w.warning}});
          }
          detail["outcome"] = "OK";
          detail["rows"] = result->rows;
          detail["created"] = result->created;
          detail["failed"] = result->failed;
          line({{"result",
                 {{"rows", result->rows},
                  {"created", result->created},
                  {"unchanged", result->unchanged},
                  {"failed", result->failed},
                  {"encoding", result->encoding},
                  {"failures", failures},
                  {"warnings", warnings},
                  {"failed_csv_base64",
                   absl::Base64Escape(result->failed_csv)}}}});
        }
        absl::Status s = audit->Append(GatewayAudit(
            who.account.username, who.account.role, who.account.org_path,
            address, "members.import", "org", org_id, detail));
        if (!s.ok()) {
          log::Error("audit row not written",
                     {{"error", std::string(s.message())}});
        }
        sink.done();
        return true;
      });
  call.res.status = 200;
}

#undef UC_ASSIGN

}  // namespace unioncard::gateway
