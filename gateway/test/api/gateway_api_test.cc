// The gateway binary over real HTTP in front of the real services
// (gateway_env.h): sessions, throttling, CSRF, accounts, errors, scope,
// audit, the streamed import and a member's way from registration to card.
#include <cppconn/statement.h>

#include <fstream>
#include <map>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/text/gbk.h"
#include "gateway/src/app/account_admin.h"
#include "gateway/src/domain/totp.h"
#include "gateway/src/http/route_table.h"
#include "gateway/test/api/gateway_env.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace unioncard::gateway::testing {
namespace {

using nlohmann::json;
using ::testing::AnyOf;
using ::testing::Eq;

int StatusOf(const httplib::Result& r) { return r ? r->status : -1; }

std::string FirstField(const httplib::Result& r) {
  json body = Json(r);
  if (!body.is_object() || body["details"].empty()) return "";
  return body["details"][0]["field"];
}

class GatewayApiTest : public GatewayEnv {};

TEST_F(GatewayApiTest, SignInChangeTheOneTimePasswordSignOut) {
  AccountStore accounts(gateway_pool_.get());
  PasswordHasher hasher;
  auto made = AccountAdmin::Bootstrap(accounts, hasher, "admin", "管理员");
  ASSERT_TRUE(made.ok()) << made.status();
  // Only once.
  EXPECT_EQ(
      AccountAdmin::Bootstrap(accounts, hasher, "admin2", "x").status().code(),
      absl::StatusCode::kFailedPrecondition);

  WebUser web(gateway_port_);
  EXPECT_EQ(StatusOf(web.Get("/v1/session")), 401);
  ASSERT_EQ(web.Login("admin", made->temporary_password), 200);
  const std::string first_cookie = web.cookie();
  EXPECT_THAT(first_cookie, ::testing::StartsWith("uc_session="));
  // Everything but the password change waits for it.
  auto refused = web.Get("/v1/bulletins/2026-11-30");
  EXPECT_EQ(StatusOf(refused), 403);
  EXPECT_THAT(Json(refused)["message"].get<std::string>(),
              ::testing::HasSubstr("one-time password"));
  // A weak password is refused beside its field.
  auto weak = web.Post("/v1/session:change-password",
                       {{"old_password", made->temporary_password},
                        {"new_password", "password123"}});
  EXPECT_EQ(StatusOf(weak), 400);
  EXPECT_EQ(FirstField(weak), "new_password");
  auto changed = web.Post("/v1/session:change-password",
                          {{"old_password", made->temporary_password},
                           {"new_password", kPassword}});
  ASSERT_EQ(StatusOf(changed), 200) << changed->body;
  web.csrf() = Json(changed)["csrf_token"];
  // The session id rotated: the old cookie is dead.
  EXPECT_NE(web.cookie(), first_cookie);
  WebUser stale(gateway_port_);
  stale.cookie() = first_cookie;
  EXPECT_EQ(StatusOf(stale.Get("/v1/session")), 401);

  auto me = web.Get("/v1/session");
  ASSERT_EQ(StatusOf(me), 200);
  EXPECT_EQ(Json(me)["account"]["role"], "city_admin");
  EXPECT_FALSE(Json(me)["account"]["must_change_password"].get<bool>());
  EXPECT_FALSE(Json(me)["account"].contains("password_hash"));
  // The cookie is HttpOnly and SameSite=Strict.
  auto login =
      web.Post("/v1/session", {{"username", "admin"}, {"password", kPassword}});
  ASSERT_EQ(StatusOf(login), 200);
  EXPECT_THAT(login->get_header_value("Set-Cookie"),
              ::testing::AllOf(::testing::HasSubstr("HttpOnly"),
                               ::testing::HasSubstr("SameSite=Strict")));
  web.csrf() = Json(login)["csrf_token"];
  EXPECT_EQ(StatusOf(web.Delete("/v1/session")), 200);
  EXPECT_EQ(StatusOf(web.Get("/v1/session")), 401);
}

TEST_F(GatewayApiTest, FailedLoginsSlowDownThenLockUntilAnAdminUnlocks) {
  WebUser& city = City();
  WebUser clerk = Staff(city, "zhang.county", "county_staff", "xinhua");
  WebUser attacker(gateway_port_);
  // Unknown and known usernames get the same answer.
  auto unknown = attacker.Post(
      "/v1/session", {{"username", "nobody"}, {"password", "whatever-1"}});
  auto wrong = attacker.Post("/v1/session", {{"username", "zhang.county"},
                                             {"password", "whatever-1"}});
  EXPECT_EQ(StatusOf(unknown), 401);
  EXPECT_EQ(StatusOf(wrong), 401);
  EXPECT_EQ(Json(unknown)["message"], Json(wrong)["message"]);
  // Three free failures (the flag); after the fourth each attempt waits.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(
        StatusOf(attacker.Post("/v1/session", {{"username", "zhang.county"},
                                               {"password", "whatever-2"}})),
        401);
  }
  auto slowed = attacker.Post(
      "/v1/session", {{"username", "zhang.county"}, {"password", kPassword}});
  EXPECT_EQ(StatusOf(slowed), 429);
  EXPECT_EQ(slowed->get_header_value("Retry-After"), "1");
  // One more failure after the wait locks the account (lockout after 5).
  absl::SleepFor(absl::Seconds(1.2));
  EXPECT_EQ(
      StatusOf(attacker.Post("/v1/session", {{"username", "zhang.county"},
                                             {"password", "still-wrong"}})),
      401);
  WebUser owner(gateway_port_);
  auto locked = owner.Post(
      "/v1/session", {{"username", "zhang.county"}, {"password", kPassword}});
  EXPECT_EQ(StatusOf(locked), 429);
  EXPECT_THAT(Json(locked)["message"].get<std::string>(),
              ::testing::HasSubstr("administrator"));
  // The city lifts it; the right password works again.
  const json list = Json(city.Get("/v1/accounts"));
  int64_t id = 0;
  for (const json& a : list["accounts"]) {
    if (a["username"] == "zhang.county") id = a["id"];
  }
  ASSERT_GT(id, 0);
  EXPECT_EQ(StatusOf(city.Post(absl::StrCat("/v1/accounts/", id, ":unlock"),
                               json::object())),
            200);
  EXPECT_EQ(owner.Login("zhang.county", kPassword), 200);
}

TEST_F(GatewayApiTest, DisablingOrResettingAnAccountEndsItsSessionsAtOnce) {
  WebUser& city = City();
  WebUser county = Staff(city, "g.xinhua", "county_staff", "xinhua");
  ASSERT_EQ(StatusOf(county.Get("/v1/session")), 200);
  const int64_t id = Json(county.Get("/v1/session"))["account"]["id"];
  ASSERT_EQ(StatusOf(city.Post(absl::StrCat("/v1/accounts/", id, ":disable"),
                               json::object())),
            200);
  EXPECT_EQ(StatusOf(county.Get("/v1/session")), 401);
  EXPECT_EQ(county.Login("g.xinhua", kPassword), 401);  // same message
  ASSERT_EQ(StatusOf(city.Post(absl::StrCat("/v1/accounts/", id, ":enable"),
                               json::object())),
            200);
  ASSERT_EQ(county.Login("g.xinhua", kPassword), 200);
  auto reset = city.Post(absl::StrCat("/v1/accounts/", id, ":reset-password"),
                         json::object());
  ASSERT_EQ(StatusOf(reset), 200);
  EXPECT_EQ(StatusOf(county.Get("/v1/session")), 401);
  EXPECT_EQ(county.Login("g.xinhua", kPassword), 401);
  EXPECT_TRUE(county.LoginAndChangePassword(
      "g.xinhua", Json(reset)["temporary_password"], "Another-Long-Phrase-88"));
  // Nobody disables themselves.
  const int64_t own = Json(city.Get("/v1/session"))["account"]["id"];
  EXPECT_EQ(StatusOf(city.Post(absl::StrCat("/v1/accounts/", own, ":disable"),
                               json::object())),
            403);
}

TEST_F(GatewayApiTest, ASessionIsRateLimited) {
  WebUser& city = City();
  int limited = 0, answered = 0;
  for (int i = 0; i < 120 && limited == 0; ++i) {
    auto r = city.Get("/v1/session");
    if (StatusOf(r) == 429) {
      ++limited;
      EXPECT_THAT(Json(r)["message"].get<std::string>(),
                  ::testing::HasSubstr("slow down"));
    } else {
      EXPECT_EQ(StatusOf(r), 200);
      ++answered;
    }
  }
  EXPECT_EQ(limited, 1) << "120 requests at once were all answered";
  EXPECT_GE(answered, 55);  // the burst of 60, less what City() used
  absl::SleepFor(absl::Milliseconds(200));  // 20 a second come back
  EXPECT_EQ(StatusOf(city.Get("/v1/session")), 200);
}

TEST_F(GatewayApiTest, ASecondFactorIsAskedAtEveryLoginOnceConfirmed) {
  WebUser& city = City();
  WebUser county = Staff(city, "h.xinhua", "county_staff", "xinhua");
  auto enrolled = county.Post("/v1/session/totp:enroll", json::object());
  ASSERT_EQ(StatusOf(enrolled), 200) << enrolled->body;
  const std::string uri = Json(enrolled)["otpauth_uri"];
  EXPECT_THAT(uri, ::testing::StartsWith("otpauth://totp/"));
  auto secret =
      Base32Decode(Json(enrolled)["secret_base32"].get<std::string>());
  ASSERT_TRUE(secret.has_value());
  EXPECT_EQ(secret->size(), 20u);
  // Not asked before it is confirmed; a wrong code does not confirm it.
  EXPECT_EQ(
      StatusOf(county.Post("/v1/session/totp:confirm", {{"code", "000000"}})),
      400);
  const auto code_now = [&] {
    return TotpCode(*secret, TotpStep(absl::Now()));
  };
  auto confirmed =
      county.Post("/v1/session/totp:confirm", {{"code", code_now()}});
  ASSERT_EQ(StatusOf(confirmed), 200) << confirmed->body;
  EXPECT_TRUE(
      Json(county.Get("/v1/session"))["account"]["totp_enabled"].get<bool>());

  WebUser phone_less(gateway_port_);
  auto asked = phone_less.Post(
      "/v1/session", {{"username", "h.xinhua"}, {"password", kPassword}});
  EXPECT_EQ(StatusOf(asked), 401);
  EXPECT_EQ(FirstField(asked), "totp_code");
  // The confirming code was used: it is not good again; the next one is.
  auto replay = phone_less.Post("/v1/session", {{"username", "h.xinhua"},
                                                {"password", kPassword},
                                                {"totp_code", code_now()}});
  EXPECT_EQ(StatusOf(replay), 401);
  const std::string next =
      TotpCode(*secret, TotpStep(absl::Now()) + 1);  // within the drift
  auto ok = phone_less.Post(
      "/v1/session",
      {{"username", "h.xinhua"}, {"password", kPassword}, {"totp_code", next}});
  EXPECT_EQ(StatusOf(ok), 200) << ok->body;
  // A lost phone: the admin's reset removes the factor.
  const int64_t id = Json(county.Get("/v1/session"))["account"]["id"];
  auto reset = city.Post(absl::StrCat("/v1/accounts/", id, ":reset-password"),
                         json::object());
  ASSERT_EQ(StatusOf(reset), 200);
  EXPECT_FALSE(Json(reset)["account"]["totp_enabled"].get<bool>());
}

TEST_F(GatewayApiTest, UnsafeMethodsNeedTheCsrfTokenAndJson) {
  WebUser& city = City();
  WebUser no_token(gateway_port_);
  no_token.cookie() = city.cookie();  // the cookie alone, as a forged form
  auto forged = no_token.Post(
      "/v1/members:review",
      {{"member_ids", {"1"}}, {"action", "REVIEW_ACTION_APPROVE"}});
  EXPECT_EQ(StatusOf(forged), 403);
  EXPECT_THAT(Json(forged)["message"].get<std::string>(),
              ::testing::HasSubstr("X-CSRF-Token"));
  auto form = city.Send("POST", "/v1/members:review", "member_ids=1",
                        "application/x-www-form-urlencoded");
  EXPECT_EQ(StatusOf(form), 415);
}

TEST_F(GatewayApiTest, NobodyCreatesAnAccountWiderThanTheirOwn) {
  WebUser& city = City();
  WebUser county = Staff(city, "li.xinhua", "county_staff", "xinhua");
  auto unit = CityAdmin().CreateUnion("xinhua", "新华测试工会");
  ASSERT_TRUE(unit.ok());
  auto other = CityAdmin().CreateUnion("yunhe", "运河测试工会");
  ASSERT_TRUE(other.ok());
  // Inside its county: a clerk.
  auto clerk = county.Post("/v1/accounts", {{"username", "clerk.one"},
                                            {"display_name", "一号"},
                                            {"role", "grassroots_staff"},
                                            {"org_id", unit->id()}});
  EXPECT_EQ(StatusOf(clerk), 200) << clerk->body;
  EXPECT_EQ(Json(clerk)["account"]["org_path"], unit->path());
  EXPECT_TRUE(Json(clerk)["account"]["must_change_password"].get<bool>());
  // Wider than itself, or elsewhere: refused.
  EXPECT_THAT(StatusOf(county.Post("/v1/accounts", {{"username", "boss"},
                                                    {"display_name", "x"},
                                                    {"role", "city_admin"},
                                                    {"org_id", "city"}})),
              AnyOf(Eq(400), Eq(403)));
  EXPECT_EQ(StatusOf(county.Post("/v1/accounts", {{"username", "peer"},
                                                  {"display_name", "x"},
                                                  {"role", "county_staff"},
                                                  {"org_id", "xinhua"}})),
            403);
  EXPECT_THAT(
      StatusOf(county.Post("/v1/accounts", {{"username", "clerk.two"},
                                            {"display_name", "x"},
                                            {"role", "grassroots_staff"},
                                            {"org_id", other->id()}})),
      AnyOf(Eq(400), Eq(403)));
  // A role that does not fit the unit's level names the field.
  auto misfit = city.Post("/v1/accounts", {{"username", "misfit"},
                                           {"display_name", "x"},
                                           {"role", "county_staff"},
                                           {"org_id", "city"}});
  EXPECT_EQ(StatusOf(misfit), 400);
  EXPECT_EQ(FirstField(misfit), "org_id");
  // Taken usernames.
  EXPECT_EQ(StatusOf(city.Post("/v1/accounts", {{"username", "li.xinhua"},
                                                {"display_name", "x"},
                                                {"role", "county_staff"},
                                                {"org_id", "yunhe"}})),
            409);
  // The county lists only its own.
  std::set<std::string> seen;
  auto listed = county.Get("/v1/accounts");
  ASSERT_EQ(StatusOf(listed), 200) << listed->body;
  const json listed_body = Json(listed);
  for (const json& a : listed_body["accounts"]) {
    seen.insert(a["username"]);
  }
  EXPECT_EQ(seen, (std::set<std::string>{"li.xinhua", "clerk.one"}));
}

TEST_F(GatewayApiTest, MalformedRequestsEachGetTheir4xx) {
  WebUser& city = City();
  struct Case {
    std::string method, path, body, content_type;
    int status;
  };
  const std::string huge(40u << 20, 'x');
  std::vector<Case> cases = {
      {"POST", "/v1/members", "{not json", "application/json", 400},
      {"POST", "/v1/members", "[1,2]", "application/json", 400},
      {"POST", "/v1/members", R"({"no_such_field":1})", "application/json",
       400},
      {"POST", "/v1/members", R"({"migrant_worker":"maybe"})",
       "application/json", 400},
      {"GET", "/v1/members/abc", "", "", 400},
      {"GET", "/v1/members?page_size=many", "", "", 400},
      {"GET", "/v1/members?no_such_param=1", "", "", 400},
      {"GET", "/v1/cards/99999999", "", "", 404},
      {"GET", "/v1/nothing-here", "", "", 404},
      {"GET", "/v1/../../etc/passwd", "", "", 404},
      {"GET", "/../../etc/passwd", "", "", 404},
      {"GET", "/v1/members/%2e%2e%2fetc", "", "", 404},
      {"PUT", "/v1/members", "{}", "application/json", 405},
      {"DELETE", "/v1/members/1", "", "", 405},
      {"POST", "/v1/members", huge, "application/json", 413},
      {"POST", "/v1/members", "org_id=x", "text/plain", 415},
      {"PATCH", "/v1/members/1", R"({"member":{"id":"2"}})", "application/json",
       400},
      {"POST", "/v1/session", R"({"username":7})", "application/json", 400},
      {"GET", "/v1/accounts/-3", "", "", 400},
      {"GET", "/v1/audit-entries?from=yesterday", "", "", 400},
  };
  for (const Case& c : cases) {
    auto r =
        city.Send(c.method, c.path, c.body,
                  c.content_type.empty() ? "application/json" : c.content_type);
    ASSERT_TRUE(r) << c.method << " " << c.path << ": no answer";
    EXPECT_EQ(r->status, c.status)
        << c.method << " " << c.path << " → " << r->body.substr(0, 300);
    EXPECT_TRUE(Json(r).is_object() && Json(r).contains("code"))
        << c.method << " " << c.path << " answered no JSON error";
  }
  // Header injection: a request id with CR/LF is replaced, not echoed.
  httplib::Headers headers{{"Cookie", city.cookie()},
                           {"x-request-id", "abc\r\nSet-Cookie: evil=1"}};
  auto r = city.client().Get("/v1/session", headers);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Set-Cookie").find("evil"), std::string::npos);
  EXPECT_NE(
      r->get_header_value("x-request-id").find_first_not_of("0123456789abcdef"),
      0u);
  // The gateway is still there.
  EXPECT_EQ(StatusOf(city.Get("/v1/session")), 200);
  EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY");
  EXPECT_THAT(r->get_header_value("Content-Security-Policy"),
              ::testing::HasSubstr("default-src 'self'"));
}

TEST_F(GatewayApiTest, AMemberGoesFromRegistrationToACardThroughTheGateway) {
  WebUser& city = City();
  WebUser county = Staff(city, "wang.xinhua", "county_staff", "xinhua");
  auto unit = CityAdmin().CreateUnion("xinhua", "新华机械工会");
  ASSERT_TRUE(unit.ok());
  json person = {{"org_id", unit->id()},
                 {"name", "王芳"},
                 {"id_number", "130902198513321234"},  // month 13
                 {"mobile", "13900000001"},
                 {"join_date", "2016-03-01"}};
  auto bad = county.Post("/v1/members", person);
  EXPECT_EQ(StatusOf(bad), 400);
  EXPECT_EQ(FirstField(bad), "id_number");
  person["id_number"] = member::testing::IdNumber(1);
  auto made = county.Post("/v1/members", person);
  ASSERT_EQ(StatusOf(made), 200) << made->body;
  const std::string id = Json(made)["id"];
  EXPECT_THAT(Json(made)["id_number"].get<std::string>(),
              ::testing::HasSubstr("****"));
  EXPECT_EQ(StatusOf(county.Post(
                "/v1/members:review",
                {{"member_ids", {id}}, {"action", "REVIEW_ACTION_VERIFY"}})),
            200);
  auto approved =
      city.Post("/v1/members:review",
                {{"member_ids", {id}}, {"action", "REVIEW_ACTION_APPROVE"}});
  ASSERT_EQ(StatusOf(approved), 200) << approved->body;
  auto batch = county.Post("/v1/issuance-batches", {{"org_id", unit->id()}});
  ASSERT_EQ(StatusOf(batch), 200) << batch->body;
  ASSERT_TRUE(Eventually([&] {
    json cards = Json(county.Get(absl::StrCat("/v1/members/", id, "/cards")));
    return cards.is_object() && !cards["cards"].empty() &&
           cards["cards"][0]["card"]["state"] == "CARD_STATE_ACTIVATED";
  })) << county.Get(absl::StrCat("/v1/members/", id, "/cards"))->body;
  // The bulletin reads through the gateway too.
  auto bulletin = city.Get("/v1/bulletins/2017-06-30");
  EXPECT_EQ(StatusOf(bulletin), 200) << bulletin->body;
}

// Every route naming a record, asked by another county's staff about a
// xinhua record: refused or not found, never answered. A route with a path
// variable must appear here or in `unscoped` (with the reason), so a new
// route cannot skip this test.
TEST_F(GatewayApiTest, AnotherCountySeesNoneOfXinhuasRecords) {
  WebUser& city = City();
  WebUser xinhua = Staff(city, "a.xinhua", "county_staff", "xinhua");
  WebUser yunhe = Staff(city, "b.yunhe", "county_staff", "yunhe");
  auto unit = CityAdmin().CreateUnion("xinhua", "新华五金工会");
  ASSERT_TRUE(unit.ok());
  const int64_t member = ApprovedMember(*unit, 7);
  const int64_t card = ActivatedCard(*unit, member);
  json batches = Json(
      xinhua.Get(absl::StrCat("/v1/issuance-batches?org_id=", unit->id())));
  ASSERT_FALSE(batches["batches"].empty()) << batches.dump();
  const std::string batch = batches["batches"][0]["id"];
  json accounts = Json(xinhua.Get("/v1/accounts"));
  const std::string account =
      absl::StrCat(accounts["accounts"][0]["id"].get<int64_t>());

  const std::string m = absl::StrCat(member), c = absl::StrCat(card);
  auto yunhe_unit = CityAdmin().CreateUnion("yunhe", "运河五金工会");
  ASSERT_TRUE(yunhe_unit.ok());
  auto merchant_made =
      xinhua.Post("/v1/merchants", {{"merchant",
                                     {{"owner_org_id", "xinhua"},
                                      {"name", "新华惠民超市"},
                                      {"licence_number", "91130902MA0XINHUA1"},
                                      {"category", "CATEGORY_FOOD"},
                                      {"locations", {"新华区建设路1号"}},
                                      {"contact", "0317-2001234"},
                                      {"contract_from", "2026-01-01"},
                                      {"contract_to", "2027-12-31"},
                                      {"terms", "会员持卡消费九折"}}}});
  ASSERT_EQ(StatusOf(merchant_made), 200) << merchant_made->body;
  const std::string shop = Json(merchant_made)["id"];
  // route → the path naming xinhua's record and a body that passes
  // validation, so the scope check is what answers.
  const std::string stop = R"({"reason":"测试"})";
  const std::map<std::string, std::pair<std::string, std::string>> named = {
      {"POST /v1/orgs/{id}:rename",
       {"/v1/orgs/" + unit->id() + ":rename", R"({"name":"改名工会"})"}},
      {"POST /v1/orgs/{id}:close", {"/v1/orgs/" + unit->id() + ":close", "{}"}},
      {"GET /v1/members/{id}", {"/v1/members/" + m, ""}},
      {"PATCH /v1/members/{member.id}",
       {"/v1/members/" + m,
        R"({"member":{"employer":"别处"},"update_mask":"employer"})"}},
      {"POST /v1/members/{member_id}:transfer",
       {"/v1/members/" + m + ":transfer",
        json{{"to_org_id", yunhe_unit->id()}}.dump()}},
      {"POST /v1/members/{member_id}:end",
       {"/v1/members/" + m + ":end", R"({"reason":"END_REASON_LEFT"})"}},
      {"POST /v1/members/{member_id}:reinstate",
       {"/v1/members/" + m + ":reinstate", "{}"}},
      {"GET /v1/members/{member_id}/cards",
       {"/v1/members/" + m + "/cards", ""}},
      {"GET /v1/members/{member_id}/insurance",
       {"/v1/members/" + m + "/insurance", ""}},
      {"GET /v1/cards/{id}", {"/v1/cards/" + c, ""}},
      {"POST /v1/cards/{card_id}:freeze", {"/v1/cards/" + c + ":freeze", stop}},
      {"POST /v1/cards/{card_id}:unfreeze",
       {"/v1/cards/" + c + ":unfreeze", stop}},
      {"POST /v1/cards/{card_id}:report-lost",
       {"/v1/cards/" + c + ":report-lost", stop}},
      {"POST /v1/cards/{card_id}:cancel", {"/v1/cards/" + c + ":cancel", stop}},
      {"POST /v1/cards/{lost_card_id}:replace",
       {"/v1/cards/" + c + ":replace", "{}"}},
      {"GET /v1/issuance-batches/{id}", {"/v1/issuance-batches/" + batch, ""}},
      {"GET /v1/accounts/{id}", {"/v1/accounts/" + account, ""}},
      {"POST /v1/accounts/{id}:disable",
       {"/v1/accounts/" + account + ":disable", "{}"}},
      {"POST /v1/accounts/{id}:enable",
       {"/v1/accounts/" + account + ":enable", "{}"}},
      {"POST /v1/accounts/{id}:reset-password",
       {"/v1/accounts/" + account + ":reset-password", "{}"}},
      {"POST /v1/accounts/{id}:unlock",
       {"/v1/accounts/" + account + ":unlock", "{}"}},
      {"GET /v1/merchants/{id}", {"/v1/merchants/" + shop, ""}},
      {"POST /v1/merchants/{merchant_id}:change-state",
       {"/v1/merchants/" + shop + ":change-state",
        R"({"action":"CONTRACT_ACTION_ACTIVATE","reason":"测试"})"}},
      {"POST /v1/merchants/{merchant_id}/inspections",
       {"/v1/merchants/" + shop + "/inspections",
        R"({"score":80,"notes":"测试"})"}},
      {"GET /v1/merchants/{merchant_id}/usage",
       {"/v1/merchants/" + shop + "/usage?month=2026-11", ""}},
      {"GET /v1/services/{service}/audit-entries",
       {"/v1/services/member/audit-entries", ""}},
      {"DELETE /v1/accounts/{id}/sessions",
       {"/v1/accounts/" + account + "/sessions", ""}},
  };
  // Path variables that name no county's record, and routes not yet walked.
  const std::map<std::string, std::string> unscoped = {
      {"GET /v1/orgs/{id}",
       "the union directory (names, no personal data) is readable by all "
       "staff: transfers go to any union"},
      {"GET /v1/insurance-rosters/{month}", "a month: city-wide roster"},
      {"POST /v1/payout-batches/{batch_id}:approve",
       "payout batches are the city's (approval is city-only)"},
      {"POST /v1/payout-batches/{batch_id}:decline", "as above"},
      {"GET /v1/payout-batches/{batch_id}", "as above"},
      {"POST /v1/reconciliations/{date}", "a date: city-only"},
      {"POST /v1/merchants/{merchant_id}:rate",
       "members only: staff are refused whatever the merchant"},
      {"GET /v1/members/{member_id}/payouts",
       "lists only payouts to cards in the caller's scope: another county "
       "gets an empty list (MemberChannelTest checks it)"},
      {"POST /v1/help-requests/{help_request_id}:act",
       "another county gets 404 (MemberChannelTest: a help request needs a "
       "member's session to exist)"},
      {"POST /v1/me/cards/{card_id}:report-lost",
       "a member route: staff sessions get 401, members reach only their "
       "own card (MemberChannelTest)"},
      {"GET /v1/plans/{year}", "a year: the plan is public to staff"},
      {"GET /v1/plans/{year}:export", "as above"},
      {"GET /v1/bulletins/{date}:export", "the bulletin is city-wide"},
      {"GET /v1/rankings/{year}/{quarter}:export", "city-wide"},
      {"GET /v1/assessments/{year}:export", "published results: city-wide"},
      {"GET /v1/generated-plans/{plan_id}:export", "city only"},
      {"GET /v1/bulletins/{date}", "a date: the bulletin is city-wide"},
      {"GET /v1/rankings/{year}/{quarter}", "the ranking is city-wide"},
      {"PUT /v1/regular-items/{year}/{unit_code}", "assessors only"},
      {"GET /v1/regular-items/{year}", "assessors only"},
      {"POST /v1/incidents/{id}:withdraw", "assessors only"},
      {"POST /v1/assessments/{year}:compute", "city only"},
      {"POST /v1/assessments/{year}/revisions/{revision}:advance",
       "assessors and city only"},
      {"GET /v1/assessments/{year}", "published results are city-wide"},
      {"GET /v1/generated-plans/{plan_id}", "city only"},
      {"PUT /v1/generated-plans/{plan_id}/units/{year}/{unit_code}",
       "city only"},
      {"POST /v1/generated-plans/{plan_id}:approve", "city only"},
  };
  for (const Route& r : RouteTable()) {
    if (r.path.find('{') == std::string::npos) continue;
    const std::string key = r.http_method + " " + r.path;
    auto it = named.find(key);
    if (it == named.end()) {
      EXPECT_TRUE(unscoped.count(key)) << key << " has no scope check";
      continue;
    }
    auto answer =
        yunhe.Send(r.http_method, it->second.first, it->second.second);
    EXPECT_THAT(StatusOf(answer), AnyOf(Eq(403), Eq(404)))
        << key << " → " << (answer ? answer->body.substr(0, 200) : "");
  }
  // And the record is untouched: the card is still active.
  json still = Json(xinhua.Get("/v1/cards/" + c));
  EXPECT_EQ(still["state"], "CARD_STATE_ACTIVATED");
}

TEST_F(GatewayApiTest, WritesAndRevealsAreAuditedReadsOfMaskedDataAreNot) {
  WebUser& city = City();
  WebUser county = Staff(city, "c.xinhua", "county_staff", "xinhua");
  WebUser auditor = Staff(city, "d.audit", "auditor", "city");
  auto unit = CityAdmin().CreateUnion("xinhua", "新华审计工会");
  ASSERT_TRUE(unit.ok());
  auto made =
      county.Post("/v1/members", {{"org_id", unit->id()},
                                  {"name", "李强"},
                                  {"id_number", member::testing::IdNumber(11)},
                                  {"mobile", "13900000011"}});
  ASSERT_EQ(StatusOf(made), 200) << made->body;
  const std::string id = Json(made)["id"];
  ASSERT_EQ(StatusOf(county.Get("/v1/members/" + id)), 200);
  // A reveal needs a stated reason, kept with the audit row.
  auto no_reason = county.Get("/v1/members/" + id + "?reveal=true");
  EXPECT_EQ(StatusOf(no_reason), 400);
  EXPECT_EQ(FirstField(no_reason), "reveal_reason");
  auto revealed = county.Get("/v1/members/" + id +
                             "?reveal=true&reveal_reason=%E6%A0%B8%E5%AF%B9");
  ASSERT_EQ(StatusOf(revealed), 200) << revealed->body;
  EXPECT_EQ(Json(revealed)["id_number"], member::testing::IdNumber(11));

  auto entries = Json(auditor.Get("/v1/audit-entries?actor=c.xinhua"));
  for (const json& e : entries["entries"]) {
    if (e["action"] == "unioncard.member.v1.MemberService/GetMember.reveal") {
      EXPECT_EQ(e["detail"]["reveal_reason"], "核对");
    }
  }
  std::vector<std::string> actions;
  for (const json& e : entries["entries"]) actions.push_back(e["action"]);
  EXPECT_THAT(actions, ::testing::UnorderedElementsAre(
                           "unioncard.member.v1.MemberService/GetMember.reveal",
                           "unioncard.member.v1.MemberService/RegisterMember",
                           "account.change_password", "login.succeeded"));
  // member-svc's own trail names the same act, by the same account.
  auto trail = auditor.Get("/v1/services/member/audit-entries?actor=c.xinhua");
  ASSERT_EQ(StatusOf(trail), 200) << trail->body;
  const json trail_body = Json(trail);
  std::vector<std::string> service_actions;
  for (const json& e : trail_body["entries"]) {
    service_actions.push_back(e["action"]);
    EXPECT_EQ(e["actor_role"], "county_staff");
  }
  EXPECT_THAT(service_actions, ::testing::Contains("member.register"));
  EXPECT_THAT(service_actions, ::testing::Contains("member.reveal"));
  EXPECT_EQ(StatusOf(auditor.Get("/v1/services/bank/audit-entries")), 400);
  // County staff read neither log.
  EXPECT_EQ(StatusOf(county.Get("/v1/audit-entries")), 403);
  EXPECT_EQ(StatusOf(county.Get("/v1/services/card/audit-entries")), 403);
  // Nobody can change it.
  auto pool = gateway_pool_.get();
  absl::Status s = pool->Run([](sql::Connection& c) {
    std::unique_ptr<sql::Statement> st(c.createStatement());
    st->execute("DELETE FROM audit_log");
    return absl::OkStatus();
  });
  EXPECT_FALSE(s.ok());
}

TEST_F(GatewayApiTest, AGbkImportStreamsProgressAndReturnsTheFailedRows) {
  WebUser& city = City();
  WebUser county = Staff(city, "e.xinhua", "county_staff", "xinhua");
  auto unit = CityAdmin().CreateUnion("xinhua", "新华导入工会");
  ASSERT_TRUE(unit.ok());
  const int rows = 50000;
  std::string csv = "姓名,身份证号码,手机号码,工作单位\n";
  for (int i = 0; i < rows; ++i) {
    // IdNumber repeats every 1,000 people: vary the birth day too.
    const absl::CivilDay born = absl::CivilDay(1970, 1, 1) + i / 1000;
    std::string id = member::testing::IdNumber(
        i,
        absl::StrFormat("%04d%02d%02d", born.year(), born.month(), born.day()));
    if (i % 10000 == 7) id = "13090219850615123";  // 17 characters
    absl::StrAppendFormat(&csv, "张伟,%s,139%08d,沧州五金厂\n", id, i);
  }
  auto gbk = text::Utf8ToGbk(csv);
  ASSERT_TRUE(gbk.ok());
  auto r = county.Send("POST",
                       absl::StrCat("/v1/members:import?org_id=", unit->id()),
                       *gbk, "text/csv");
  ASSERT_EQ(StatusOf(r), 200) << (r ? r->body.substr(0, 500) : "");
  EXPECT_THAT(r->get_header_value("Content-Type"),
              ::testing::HasSubstr("application/x-ndjson"));
  std::vector<json> lines;
  for (absl::string_view line :
       absl::StrSplit(r->body, '\n', absl::SkipEmpty())) {
    lines.push_back(json::parse(line));
  }
  ASSERT_GE(lines.size(), 3u);
  int progress_lines = 0;
  int last_sent = 0;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    ASSERT_TRUE(lines[i].contains("progress")) << lines[i].dump();
    EXPECT_GT(lines[i]["progress"]["sent"].get<int>(), last_sent);
    last_sent = lines[i]["progress"]["sent"];
    ++progress_lines;
  }
  EXPECT_GE(progress_lines, 50);  // 500 rows a message
  const json& result = lines.back()["result"];
  ASSERT_TRUE(lines.back().contains("result")) << lines.back().dump();
  EXPECT_EQ(result["rows"], rows);
  EXPECT_EQ(result["created"], rows - 5);
  EXPECT_EQ(result["failed"], 5);
  EXPECT_EQ(result["encoding"], "GBK");
  std::string failed;
  ASSERT_TRUE(absl::Base64Unescape(
      result["failed_csv_base64"].get<std::string>(), &failed));
  auto failed_utf8 = text::GbkToUtf8(failed);
  ASSERT_TRUE(failed_utf8.ok());
  EXPECT_EQ(std::count(failed_utf8->begin(), failed_utf8->end(), '\n'), 6);
  EXPECT_THAT(*failed_utf8, ::testing::HasSubstr("错误原因"));
  EXPECT_EQ(CountRows("members"), rows - 5);
  // The import is audited once, with its outcome.
  WebUser auditor = Staff(city, "f.audit", "auditor", "city");
  json entries =
      Json(auditor.Get("/v1/audit-entries?actor=e.xinhua&action=members."));
  ASSERT_EQ(entries["entries"].size(), 1u) << entries.dump();
  EXPECT_EQ(entries["entries"][0]["detail"]["created"], rows - 5);
}

TEST_F(GatewayApiTest, ReportsDownloadAsXlsxAndCsv) {
  WebUser& city = City();
  auto xlsx = city.Get("/v1/bulletins/2017-06-30:export?format=xlsx");
  ASSERT_EQ(StatusOf(xlsx), 200) << xlsx->body.substr(0, 300);
  EXPECT_EQ(
      xlsx->get_header_value("Content-Type"),
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_THAT(xlsx->get_header_value("Content-Disposition"),
              ::testing::HasSubstr("bulletin-2017-06-30.xlsx"));
  ASSERT_GT(xlsx->body.size(), 1000u);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");  // a zip: the workbook
  // It opens: the shared strings hold the title and every county.
  const std::string path = absl::StrCat(::testing::TempDir(), "/b.xlsx");
  {
    std::ofstream out(path, std::ios::binary);
    out << xlsx->body;
  }
  std::string strings;
  FILE* pipe = popen(
      absl::StrCat("unzip -p '", path, "' xl/sharedStrings.xml").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    strings.append(buffer, n);
  }
  pclose(pipe);
  std::remove(path.c_str());
  EXPECT_THAT(strings, ::testing::HasSubstr("月通报 2017-06-30"));
  EXPECT_THAT(strings, ::testing::HasSubstr("运河区总工会"));
  EXPECT_THAT(strings, ::testing::HasSubstr("沧州市"));

  auto csv = city.Get("/v1/rankings/2017/2:export?format=csv");
  ASSERT_EQ(StatusOf(csv), 200) << csv->body.substr(0, 300);
  EXPECT_EQ(csv->body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_THAT(csv->body, ::testing::HasSubstr("排名,单位,发卡数"));
  EXPECT_EQ(StatusOf(city.Get("/v1/plans/2017:export?format=pdf")), 400);
  // The service's refusals come through: no plan for 2030.
  EXPECT_EQ(StatusOf(city.Get("/v1/plans/2030:export")), 409);
}

TEST_F(GatewayApiTest, OpenApiHealthAndMetricsAnswer) {
  httplib::Client c("127.0.0.1", gateway_port_);
  auto doc = c.Get("/v1/openapi.json");
  ASSERT_EQ(StatusOf(doc), 200);
  json paths = Json(doc)["paths"];
  for (const Route& r : RouteTable()) EXPECT_TRUE(paths.contains(r.path));
  EXPECT_EQ(StatusOf(c.Get("/healthz")), 200);
  EXPECT_EQ(StatusOf(c.Get("/readyz")), 200);
  City().Get("/v1/session");
  auto metrics = c.Get("/metrics");
  ASSERT_EQ(StatusOf(metrics), 200);
  EXPECT_THAT(metrics->body,
              ::testing::HasSubstr("gateway_http_requests_total{method=\"GET\","
                                   "route=\"/v1/session\",code=\"200\"}"));
}

}  // namespace
}  // namespace unioncard::gateway::testing

namespace unioncard::gateway::testing {
namespace {

// Sessions that end by the clock: idle after 2 s, in all after 4 s.
class GatewaySessionExpiryTest : public GatewayEnv {
 protected:
  void SetUp() override {
    extra_gateway_flags_ = {"--session_idle=2s", "--session_absolute=4s"};
    GatewayEnv::SetUp();
  }
};

TEST_F(GatewaySessionExpiryTest, IdleAndAbsoluteExpiryEndTheSession) {
  WebUser& city = City();
  ASSERT_EQ(StatusOf(city.Get("/v1/session")), 200);
  absl::SleepFor(absl::Seconds(2.5));
  auto idle = city.Get("/v1/session");
  EXPECT_EQ(StatusOf(idle), 401);
  EXPECT_THAT(Json(idle)["message"].get<std::string>(),
              ::testing::HasSubstr("sign in again"));
  // Kept busy, a session still ends 4 s after login.
  ASSERT_EQ(city.Login("admin", kPassword), 200);
  const absl::Time login = absl::Now();
  int last_ok = 0;
  while (absl::Now() - login < absl::Seconds(6)) {
    if (StatusOf(city.Get("/v1/session")) != 200) break;
    last_ok = static_cast<int>(absl::ToInt64Milliseconds(absl::Now() - login));
    absl::SleepFor(absl::Milliseconds(300));
  }
  EXPECT_GE(last_ok, 3000) << "an active session ended early";
  EXPECT_LT(last_ok, 5200) << "an active session outlived its 4 s";
}

}  // namespace
}  // namespace unioncard::gateway::testing
