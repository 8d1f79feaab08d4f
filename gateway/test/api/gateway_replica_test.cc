// Two gateway replicas on one schema (issue 17), as Kubernetes scales the
// gateway behind a load balancer that does not pin browsers to a replica:
// whatever one replica knows of a browser or an account — a staff session,
// a sign-out, failed logins and a lockout, a member's SMS code — the other
// knows too, because it lives in the database, not in the process. (The
// per-address throttle is per replica by design: docs/architecture.md §7.4.)
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gateway/test/api/gateway_env.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace unioncard::gateway::testing {
namespace {

using nlohmann::json;

int StatusOf(const httplib::Result& r) { return r ? r->status : -1; }

class GatewayReplicaTest : public GatewayEnv {
 protected:
  void SetUp() override {
    GatewayEnv::SetUp();
    if (HasFatalFailure()) return;
    second_port_ = unioncard::testing::PickFreePort();
    auto second = StartGateway(
        second_port_, absl::StrCat(gateway_log_, ".replica-", second_port_));
    ASSERT_TRUE(second.ok()) << second.status();
    second_ = *std::move(second);
  }
  void TearDown() override {
    second_.reset();
    GatewayEnv::TearDown();
  }

  // The same browser pointed at the other replica.
  WebUser OnSecond(WebUser& user) {
    WebUser moved(second_port_);
    moved.cookie() = user.cookie();
    moved.csrf() = user.csrf();
    return moved;
  }

  int second_port_ = 0;
  std::unique_ptr<unioncard::testing::ChildProcess> second_;
};

TEST_F(GatewayReplicaTest, ASessionWorksOnEitherAndEndsOnBoth) {
  WebUser& city = City();  // signed in on the first
  WebUser city_on_second = OnSecond(city);
  EXPECT_EQ(StatusOf(city_on_second.Get("/v1/session")), 200);
  // A change made through the second (CSRF token and all)…
  WebUser clerk =
      Staff(city_on_second, "wang.county", "county_staff", "cangxian");
  // …is an account the first signs in.
  EXPECT_EQ(StatusOf(clerk.Get("/v1/session")), 200);
  EXPECT_EQ(Json(clerk.Get("/v1/session"))["account"]["org_id"], "cangxian");
  // Signed out on the second: refused on the first.
  EXPECT_EQ(StatusOf(city_on_second.Delete("/v1/session")), 200);
  EXPECT_EQ(StatusOf(city.Get("/v1/session")), 401);
}

TEST_F(GatewayReplicaTest, FailedLoginsCountOnBothAndTheLockHoldsOnBoth) {
  WebUser& city = City();
  Staff(city, "zhao.county", "county_staff", "xinhua");
  WebUser on_first(gateway_port_), on_second(second_port_);
  // Four failures spread over both replicas: the first three are free (the
  // flag), the fourth makes the next attempt wait a second.
  for (WebUser* web : {&on_first, &on_second, &on_first, &on_second}) {
    EXPECT_EQ(StatusOf(web->Post("/v1/session", {{"username", "zhao.county"},
                                                 {"password", "wrong-1"}})),
              401);
  }
  // The account's record is shared: the first makes it wait, though it saw
  // only two of the failures.
  auto slowed = on_first.Post(
      "/v1/session", {{"username", "zhao.county"}, {"password", kPassword}});
  EXPECT_EQ(StatusOf(slowed), 429);
  absl::SleepFor(absl::Seconds(1.2));
  // The fifth failure, on the second, locks it; the first refuses too.
  EXPECT_EQ(StatusOf(on_second.Post("/v1/session", {{"username", "zhao.county"},
                                                    {"password", "wrong-2"}})),
            401);
  auto locked = on_first.Post(
      "/v1/session", {{"username", "zhao.county"}, {"password", kPassword}});
  EXPECT_EQ(StatusOf(locked), 429);
  EXPECT_THAT(Json(locked)["message"].get<std::string>(),
              ::testing::HasSubstr("administrator"));
}

TEST_F(GatewayReplicaTest, AnSmsCodeAskedOnOneSignsInOnTheOther) {
  auto unit = CityAdmin().CreateUnion("xinhua", "新华副本会员工会");
  ASSERT_TRUE(unit.ok()) << unit.status();
  const member::v1::RegisterMemberRequest person = Person(unit->id(), 7);
  ASSERT_GT(ApprovedMember(*unit, 7), 0);
  WebUser asks(gateway_port_);
  auto asked = asks.Post(
      "/v1/me/login-code",
      {{"id_number", person.id_number()}, {"mobile", person.mobile()}});
  ASSERT_EQ(StatusOf(asked), 200) << asked->body;
  const std::string code = LatestCode(person.mobile());
  ASSERT_FALSE(code.empty());
  WebUser signs_in(second_port_);
  auto in = signs_in.Post("/v1/me/login",
                          {{"id_number", person.id_number()}, {"code", code}});
  EXPECT_EQ(StatusOf(in), 200) << (in ? in->body : "");
  // Used once: the first replica does not take it again.
  WebUser again(gateway_port_);
  EXPECT_EQ(
      StatusOf(again.Post("/v1/me/login",
                          {{"id_number", person.id_number()}, {"code", code}})),
      401);
}

}  // namespace
}  // namespace unioncard::gateway::testing
