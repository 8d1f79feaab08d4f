// The members' channel over real HTTP (gateway_env.h): sign-in by ID
// number and SMS code (read from the gateway's file outbox), the member's
// own card, cover, payouts, offers and ratings, help requests that reach
// their county's queue only, and a member session that never opens a
// staff route.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/grpc/api_types.h"
#include "gateway/test/api/gateway_env.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "member-svc/test/api/member_test_env.h"

namespace unioncard::gateway::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

int StatusOf(const httplib::Result& r) { return r ? r->status : -1; }

std::string Today() {
  return absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), rpc::ChinaTime()));
}

// Person n's details as member::testing registers them.
std::string IdOf(int n) { return member::testing::IdNumber(n); }
std::string MobileOf(int n) { return absl::StrFormat("139%08d", n); }

class MemberChannelTest : public GatewayEnv {
 protected:
  void SetUp() override {
    GatewayEnv::SetUp();
    if (HasFatalFailure()) return;
    auto unit = CityAdmin().CreateUnion("xinhua", "新华机械工会");
    ASSERT_TRUE(unit.ok()) << unit.status();
    unit_ = *unit;
  }

  // Signs in person `n` through the SMS outbox.
  WebUser Member(int n) {
    WebUser member(gateway_port_);
    const std::string mobile = MobileOf(n);
    EXPECT_EQ(
        member.MemberLogin(IdOf(n), mobile, [&] { return LatestCode(mobile); }),
        200);
    return member;
  }

  member::v1::OrgUnit unit_;
};

TEST_F(MemberChannelTest, ACodeSignsInOnlyTheMemberWhoseDetailsMatch) {
  const int64_t id = ApprovedMember(unit_, 1);
  ASSERT_GT(id, 0);
  WebUser web(gateway_port_);
  // Unknown number, known number with another mobile, malformed input.
  for (const auto& [number, mobile] :
       std::vector<std::pair<std::string, std::string>>{
           {IdOf(2), MobileOf(2)}, {IdOf(1), MobileOf(3)}}) {
    auto r = web.Post("/v1/me/login-code",
                      {{"id_number", number}, {"mobile", mobile}});
    ASSERT_EQ(StatusOf(r), 200) << r->body;
    EXPECT_THAT(Json(r)["message"].get<std::string>(), HasSubstr("验证码"));
  }
  EXPECT_TRUE(SmsSentTo(MobileOf(2)).empty());
  EXPECT_TRUE(SmsSentTo(MobileOf(3)).empty());
  auto malformed =
      web.Post("/v1/me/login-code",
               {{"id_number", "13090219850615123"}, {"mobile", MobileOf(1)}});
  EXPECT_EQ(StatusOf(malformed), 400);
  EXPECT_EQ(Json(malformed)["details"][0]["field"], "id_number");

  // The right pair: one SMS to the mobile on record.
  ASSERT_EQ(StatusOf(web.Post("/v1/me/login-code", {{"id_number", IdOf(1)},
                                                    {"mobile", MobileOf(1)}})),
            200);
  std::vector<json> sent = SmsSentTo(MobileOf(1));
  ASSERT_EQ(sent.size(), 1u);
  const std::string code = sent[0]["code"];
  EXPECT_THAT(sent[0]["text"].get<std::string>(), HasSubstr(code));
  const std::string wrong = code == "000000" ? "111111" : "000000";
  auto refused =
      web.Post("/v1/me/login", {{"id_number", IdOf(1)}, {"code", wrong}});
  EXPECT_EQ(StatusOf(refused), 401);
  auto in = web.Post("/v1/me/login", {{"id_number", IdOf(1)}, {"code", code}});
  ASSERT_EQ(StatusOf(in), 200) << in->body;
  EXPECT_THAT(web.cookie(), ::testing::StartsWith("uc_member="));
  EXPECT_EQ(Json(in)["member_id"], std::to_string(id));
  EXPECT_EQ(Json(in)["county_id"], "xinhua");
  // Single use: the same code again is refused.
  WebUser again(gateway_port_);
  EXPECT_EQ(StatusOf(again.Post("/v1/me/login",
                                {{"id_number", IdOf(1)}, {"code", code}})),
            401);

  web.csrf() = Json(in)["csrf_token"];
  auto me = web.Get("/v1/me");
  ASSERT_EQ(StatusOf(me), 200) << me->body;
  EXPECT_EQ(Json(me)["id"], std::to_string(id));
  EXPECT_THAT(Json(me)["id_number"].get<std::string>(), HasSubstr("****"));
  EXPECT_EQ(Json(me)["review_state"], "REVIEW_STATE_CITY_APPROVED");
  // Sign out ends it.
  EXPECT_EQ(StatusOf(web.Post("/v1/me/logout", json::object())), 200);
  EXPECT_EQ(StatusOf(web.Get("/v1/me")), 401);
}

TEST_F(MemberChannelTest, FiveWrongCodesLockTheNumberAndCodesAreLimited) {
  ASSERT_GT(ApprovedMember(unit_, 1), 0);
  WebUser web(gateway_port_);
  ASSERT_EQ(StatusOf(web.Post("/v1/me/login-code", {{"id_number", IdOf(1)},
                                                    {"mobile", MobileOf(1)}})),
            200);
  const std::string code = LatestCode(MobileOf(1));
  const std::string wrong = code == "000000" ? "111111" : "000000";
  std::vector<int> statuses;
  for (int i = 0; i < 5; ++i) {
    statuses.push_back(StatusOf(
        web.Post("/v1/me/login", {{"id_number", IdOf(1)}, {"code", wrong}})));
  }
  EXPECT_THAT(statuses, ::testing::ElementsAre(401, 401, 401, 401, 429));
  // Locked: even the right code waits, and says how long.
  auto locked =
      web.Post("/v1/me/login", {{"id_number", IdOf(1)}, {"code", code}});
  EXPECT_EQ(StatusOf(locked), 429);
  EXPECT_GT(Json(locked)["retry_after_seconds"].get<int>(), 60);
  EXPECT_THAT(Json(locked)["message"].get<std::string>(), HasSubstr("分钟"));

  // Codes per number per hour: five, then 429 (this number asked once).
  std::vector<int> asked;
  for (int i = 0; i < 5; ++i) {
    asked.push_back(
        StatusOf(web.Post("/v1/me/login-code",
                          {{"id_number", IdOf(7)}, {"mobile", MobileOf(7)}})));
  }
  EXPECT_THAT(asked, ::testing::ElementsAre(200, 200, 200, 200, 200));
  EXPECT_EQ(StatusOf(web.Post("/v1/me/login-code", {{"id_number", IdOf(7)},
                                                    {"mobile", MobileOf(7)}})),
            429);
}

TEST_F(MemberChannelTest, AMemberSeesOwnCardCoverAndPayoutsAndNobodyElses) {
  WebUser& city = City();
  WebUser county = Staff(city, "wang.xinhua", "county_staff", "xinhua");
  const int64_t own = ApprovedMember(unit_, 1);
  const int64_t other = ApprovedMember(unit_, 2);
  const int64_t own_card = ActivatedCard(unit_, own);
  const int64_t other_card = ActivatedCard(unit_, other);
  ASSERT_GT(own_card, 0);
  ASSERT_GT(other_card, 0);
  ASSERT_FALSE(ApprovedPayout(county, city, {own, other}, 50000).empty());
  WebUser yunhe = Staff(city, "li.yunhe", "county_staff", "yunhe");

  WebUser me = Member(1);
  auto cards = me.Get("/v1/me/cards");
  ASSERT_EQ(StatusOf(cards), 200) << cards->body;
  EXPECT_EQ(Json(cards)["live_card_id"], std::to_string(own_card));
  EXPECT_EQ(Json(cards)["cards"][0]["card"]["state"], "CARD_STATE_ACTIVATED");
  // Naming another member changes nothing: the session decides.
  auto sneaky = me.Get(absl::StrCat("/v1/me/cards?member_id=", other));
  ASSERT_EQ(StatusOf(sneaky), 200);
  EXPECT_EQ(Json(sneaky)["member_id"], std::to_string(own));
  auto cover = me.Get("/v1/me/cover");
  ASSERT_EQ(StatusOf(cover), 200) << cover->body;
  EXPECT_TRUE(Json(cover)["covered"].get<bool>());
  EXPECT_EQ(Json(cover)["spans"][0]["from_date"].get<std::string>().size(),
            10u);
  ASSERT_TRUE(Eventually([&] {
    json payouts = Json(me.Get("/v1/me/payouts"));
    return payouts.is_object() && payouts["payouts"].size() == 1 &&
           payouts["payouts"][0]["state"] == "PAYOUT_ITEM_STATE_PAID";
  })) << me.Get("/v1/me/payouts")->body;
  json payout = Json(me.Get("/v1/me/payouts"))["payouts"][0];
  EXPECT_EQ(payout["amount_fen"], "50000");
  // Staff see it in their county; another county sees none of it.
  EXPECT_EQ(
      Json(county.Get(absl::StrCat("/v1/members/", own, "/payouts")))["payouts"]
          .size(),
      1u);
  EXPECT_EQ(
      Json(yunhe.Get(absl::StrCat("/v1/members/", own, "/payouts")))["payouts"]
          .size(),
      0u);
  EXPECT_EQ(payout["title"], "金秋助学");
  EXPECT_EQ(payout["programme_name"], "金秋助学");

  // Another member's card, and every staff route: refused.
  auto lost_other =
      me.Post(absl::StrCat("/v1/me/cards/", other_card, ":report-lost"),
              {{"reason", "丢了"}});
  EXPECT_THAT(StatusOf(lost_other), ::testing::AnyOf(403, 404));
  for (const std::string& staff_route :
       {absl::StrCat("/v1/members/", own),
        absl::StrCat("/v1/members/", own, "/cards"), std::string("/v1/members"),
        std::string("/v1/help-requests")}) {
    auto r = me.Get(staff_route);
    EXPECT_EQ(StatusOf(r), 403) << staff_route;
    EXPECT_THAT(r->body, HasSubstr("/m/")) << staff_route;
  }
  // And a staff session cannot use the members' routes.
  EXPECT_EQ(StatusOf(county.Get("/v1/me/cards")), 401);
  // Unsafe member calls need the CSRF token.
  WebUser no_csrf(gateway_port_);
  no_csrf.cookie() = me.cookie();
  EXPECT_EQ(StatusOf(no_csrf.Post(
                absl::StrCat("/v1/me/cards/", own_card, ":report-lost"),
                {{"reason", "丢了"}})),
            403);

  // Reporting one's own card lost freezes it at once.
  auto lost = me.Post(absl::StrCat("/v1/me/cards/", own_card, ":report-lost"),
                      {{"reason", "钱包丢失"}});
  ASSERT_EQ(StatusOf(lost), 200) << lost->body;
  EXPECT_EQ(Json(lost)["state"], "CARD_STATE_LOST");
}

TEST_F(MemberChannelTest, OffersRatingsOncePerMonthAndOnlyForCardHolders) {
  WebUser& city = City();
  WebUser county = Staff(city, "wang.xinhua", "county_staff", "xinhua");
  const std::string today = Today();
  const std::string merchant_id = ActiveMerchantWithOffer(
      county, "xinhua", "新华区惠民超市", "91130902MA0TEST01X");
  ASSERT_FALSE(merchant_id.empty());
  auto item = county.Post("/v1/service-items",
                          {{"item",
                            {{"owner_org_id", "xinhua"},
                             {"kind", "SERVICE_ITEM_KIND_LEGAL_ADVICE"},
                             {"title", "职工法律援助"},
                             {"category", "CATEGORY_LEGAL"},
                             {"active_from", today},
                             {"how_to_use", "工作日到新华区工会一楼窗口"}}}});
  ASSERT_EQ(StatusOf(item), 200) << item->body;

  const int64_t holder = ApprovedMember(unit_, 1);
  ASSERT_GT(ActivatedCard(unit_, holder), 0);
  ASSERT_GT(ApprovedMember(unit_, 2), 0);  // no card

  WebUser me = Member(1);
  auto offers = me.Get("/v1/me/offers?merchant_name=惠民");
  ASSERT_EQ(StatusOf(offers), 200) << offers->body;
  ASSERT_EQ(Json(offers)["offers"].size(), 1u);
  EXPECT_EQ(Json(offers)["offers"][0]["merchant_locations"][0],
            "沧州市新华区建设北街12号");
  EXPECT_EQ(
      Json(me.Get("/v1/me/offers?merchant_name=没有这家"))["offers"].size(),
      0u);
  auto items = me.Get("/v1/me/service-items");
  ASSERT_EQ(StatusOf(items), 200) << items->body;
  ASSERT_EQ(Json(items)["items"].size(), 1u);
  EXPECT_EQ(Json(items)["items"][0]["how_to_use"],
            "工作日到新华区工会一楼窗口");

  auto rated = me.Post(
      "/v1/me/ratings",
      {{"merchant_id", merchant_id}, {"stars", 4}, {"comment", "实惠"}});
  ASSERT_EQ(StatusOf(rated), 200) << rated->body;
  EXPECT_FALSE(Json(rated)["replaced"].get<bool>());
  auto twice =
      me.Post("/v1/me/ratings", {{"merchant_id", merchant_id}, {"stars", 2}});
  EXPECT_EQ(StatusOf(twice), 409);
  EXPECT_EQ(Json(twice)["code"], "ALREADY_EXISTS");
  auto edited =
      me.Post("/v1/me/ratings",
              {{"merchant_id", merchant_id}, {"stars", 5}, {"edit", true}});
  ASSERT_EQ(StatusOf(edited), 200) << edited->body;
  EXPECT_TRUE(Json(edited)["replaced"].get<bool>());
  json rating = Json(me.Get("/v1/me/offers"))["offers"][0];
  EXPECT_EQ(rating["merchant_ratings"], 1);
  EXPECT_EQ(rating["merchant_rating"], 5.0);

  WebUser cardless = Member(2);
  auto refused = cardless.Post("/v1/me/ratings",
                               {{"merchant_id", merchant_id}, {"stars", 5}});
  EXPECT_EQ(StatusOf(refused), 409);
  EXPECT_THAT(refused->body, HasSubstr("card"));
}

TEST_F(MemberChannelTest, AHelpRequestReachesTheMembersCountyOnly) {
  WebUser& city = City();
  WebUser xinhua = Staff(city, "wang.xinhua", "county_staff", "xinhua");
  WebUser yunhe = Staff(city, "li.yunhe", "county_staff", "yunhe");
  const int64_t id = ApprovedMember(unit_, 1);
  ASSERT_GT(id, 0);
  WebUser me = Member(1);
  // The body cannot ask on another member's behalf: member_id is the
  // session's.
  auto asked = me.Post("/v1/me/help-requests",
                       {{"request_id", "8f7c2a56-1f0e-4a43-9d6e-3c1b2a4d5e6f"},
                        {"member_id", "999999"},
                        {"kind", "HELP_KIND_LEGAL_ADVICE"},
                        {"subject", "拖欠工资怎么办"},
                        {"body", "公司三个月没发工资，想咨询如何维权。"}});
  ASSERT_EQ(StatusOf(asked), 200) << asked->body;
  EXPECT_EQ(Json(asked)["member_id"], std::to_string(id));
  EXPECT_EQ(Json(asked)["state"], "HELP_REQUEST_STATE_SUBMITTED");
  const std::string help_id = Json(asked)["id"];
  // A retry with the same request id makes no second request.
  auto retried =
      me.Post("/v1/me/help-requests",
              {{"request_id", "8f7c2a56-1f0e-4a43-9d6e-3c1b2a4d5e6f"},
               {"kind", "HELP_KIND_LEGAL_ADVICE"},
               {"subject", "拖欠工资怎么办"},
               {"body", "公司三个月没发工资，想咨询如何维权。"}});
  ASSERT_EQ(StatusOf(retried), 200);
  EXPECT_EQ(Json(retried)["id"], help_id);
  auto short_subject = me.Post(
      "/v1/me/help-requests",
      {{"kind", "HELP_KIND_LEGAL_ADVICE"}, {"subject", "x"}, {"body", "……"}});
  EXPECT_EQ(StatusOf(short_subject), 400);
  EXPECT_EQ(Json(short_subject)["details"][0]["field"], "subject");

  auto queue = xinhua.Get("/v1/help-requests");
  ASSERT_EQ(StatusOf(queue), 200) << queue->body;
  ASSERT_EQ(Json(queue)["requests"].size(), 1u);
  EXPECT_EQ(Json(queue)["requests"][0]["member_name"], "王芳");
  // Another county sees nothing and cannot act on it.
  EXPECT_EQ(Json(yunhe.Get("/v1/help-requests"))["requests"].size(), 0u);
  EXPECT_EQ(StatusOf(yunhe.Get("/v1/help-requests?county_id=xinhua")), 403);
  EXPECT_EQ(
      StatusOf(yunhe.Post(absl::StrCat("/v1/help-requests/", help_id, ":act"),
                          {{"action", "HELP_ACTION_ACCEPT"}})),
      404);

  const std::string act = absl::StrCat("/v1/help-requests/", help_id, ":act");
  ASSERT_EQ(StatusOf(xinhua.Post(act, {{"action", "HELP_ACTION_ACCEPT"}})),
            200);
  EXPECT_EQ(StatusOf(xinhua.Post(act, {{"action", "HELP_ACTION_ANSWER"}})),
            400);
  auto answered = xinhua.Post(
      act,
      {{"action", "HELP_ACTION_ANSWER"},
       {"answer",
        "请携带劳动合同到新华区工会法律援助窗口，我们协助申请劳动仲裁。"}});
  ASSERT_EQ(StatusOf(answered), 200) << answered->body;
  EXPECT_EQ(Json(answered)["handled_by"], "wang.xinhua");
  EXPECT_EQ(StatusOf(xinhua.Post(act, {{"action", "HELP_ACTION_ACCEPT"}})),
            409);

  auto mine = me.Get("/v1/me/help-requests");
  ASSERT_EQ(StatusOf(mine), 200);
  ASSERT_EQ(Json(mine)["requests"].size(), 1u);
  EXPECT_EQ(Json(mine)["requests"][0]["state"], "HELP_REQUEST_STATE_ANSWERED");
  EXPECT_THAT(Json(mine)["requests"][0]["answer"].get<std::string>(),
              HasSubstr("劳动仲裁"));

  // Notices: the county's and the city's reach the member; another
  // county's do not; a county cannot publish for the city.
  ASSERT_EQ(StatusOf(xinhua.Post(
                "/v1/notices", {{"org_id", "xinhua"},
                                {"title", "新华区职工技能培训报名"},
                                {"body", "12月起每周六开班，持卡会员免费。"}})),
            200);
  ASSERT_EQ(
      StatusOf(yunhe.Post("/v1/notices", {{"org_id", "yunhe"},
                                          {"title", "运河区通知"},
                                          {"body", "仅运河区会员可见。"}})),
      200);
  ASSERT_EQ(StatusOf(city.Post("/v1/notices",
                               {{"org_id", "city"},
                                {"title", "全市工会卡服务升级"},
                                {"body", "会员可在手机上查看卡和权益。"}})),
            200);
  EXPECT_EQ(StatusOf(xinhua.Post(
                "/v1/notices",
                {{"org_id", "city"}, {"title", "越权"}, {"body", "不应发布"}})),
            403);
  json notices = Json(me.Get("/v1/me/notices"))["notices"];
  ASSERT_EQ(notices.size(), 2u) << notices.dump();
  EXPECT_EQ(notices[0]["org_id"], "city");
  EXPECT_EQ(notices[1]["org_id"], "xinhua");
}

TEST_F(MemberChannelTest, AMemberChangesTheirMobileWithACodeSentToTheNewOne) {
  const int64_t id = ApprovedMember(unit_, 1);
  ASSERT_GT(id, 0);
  WebUser me = Member(1);
  WebUser elsewhere = Member(1);  // the same member on another phone
  const std::string fresh = "13712345678";
  auto malformed = me.Post("/v1/me/mobile-code", {{"mobile", "1371234"}});
  EXPECT_EQ(StatusOf(malformed), 400);
  EXPECT_EQ(Json(malformed)["details"][0]["field"], "mobile");
  ASSERT_EQ(StatusOf(me.Post("/v1/me/mobile-code", {{"mobile", fresh}})), 200);
  ASSERT_EQ(SmsSentTo(fresh).size(), 1u);
  EXPECT_EQ(SmsSentTo(fresh)[0]["purpose"], "mobile");
  const std::string code = LatestCode(fresh);
  const std::string wrong = code == "000000" ? "111111" : "000000";
  EXPECT_EQ(
      StatusOf(me.Post("/v1/me/mobile", {{"mobile", fresh}, {"code", wrong}})),
      401);
  // The code belongs to that number: it does not change to another one.
  EXPECT_EQ(StatusOf(me.Post("/v1/me/mobile",
                             {{"mobile", "13712345679"}, {"code", code}})),
            401);
  auto changed = me.Post("/v1/me/mobile", {{"mobile", fresh}, {"code", code}});
  ASSERT_EQ(StatusOf(changed), 200) << changed->body;
  EXPECT_EQ(Json(changed)["mobile"], "137****5678");
  EXPECT_EQ(Json(me.Get("/v1/me"))["mobile"], "137****5678");
  // Any other session of the member ended with the change.
  EXPECT_EQ(StatusOf(elsewhere.Get("/v1/me")), 401);
  // Sign-in now goes by the new number; the old one gets no code.
  const size_t old_codes = SmsSentTo(MobileOf(1)).size();
  WebUser again(gateway_port_);
  EXPECT_EQ(again.MemberLogin(IdOf(1), MobileOf(1),
                              [&] { return LatestCode(MobileOf(1)); }),
            401);
  EXPECT_EQ(SmsSentTo(MobileOf(1)).size(), old_codes);
  WebUser renewed(gateway_port_);
  EXPECT_EQ(
      renewed.MemberLogin(IdOf(1), fresh, [&] { return LatestCode(fresh); }),
      200);
  // Only the mobile: a member token cannot change anything else.
  auto name = me.Send("PATCH", absl::StrCat("/v1/members/", id),
                      R"({"member":{"name":"改名"},"update_mask":"name"})");
  EXPECT_EQ(StatusOf(name), 403);
}

// Behind an ingress every request comes from the ingress's address; with
// it trusted (--trusted_proxies) the per-address limit counts the client
// named by X-Forwarded-For, and a client cannot name itself otherwise.
class MemberChannelBehindProxyTest : public MemberChannelTest {
 protected:
  void SetUp() override {
    extra_gateway_flags_ = {"--trusted_proxies=127.0.0.1"};
    MemberChannelTest::SetUp();
  }
};

TEST_F(MemberChannelBehindProxyTest, TheAddressLimitCountsEachForwardedClient) {
  httplib::Client proxy("127.0.0.1", gateway_port_);
  auto ask = [&](int person, const std::string& client) {
    const json body = {{"id_number", IdOf(person)},
                       {"mobile", MobileOf(person)}};
    auto r = proxy.Post("/v1/me/login-code",
                        {{"X-Forwarded-For", "198.51.100.99, " + client}},
                        body.dump(), "application/json");
    return r ? r->status : -1;
  };
  std::vector<int> first;
  for (int i = 0; i < 20; ++i) first.push_back(ask(100 + i, "203.0.113.7"));
  EXPECT_EQ(std::count(first.begin(), first.end(), 200), 20);
  EXPECT_EQ(ask(120, "203.0.113.7"), 429);
  // Another client behind the same proxy is not affected; the left-most
  // entry (written by the client itself) is not believed.
  EXPECT_EQ(ask(121, "203.0.113.8"), 200);
}

}  // namespace
}  // namespace unioncard::gateway::testing
