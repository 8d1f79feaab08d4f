// The access matrix (issue 17): every RPC the four services serve, found by
// server reflection, called as every kind of caller — each role in its own
// scope, the parent, a sibling and another county; a member as themselves
// and as another member; the bank; every service identity; no token, an
// expired one, one signed by another key and one naming an unknown key —
// and each outcome compared with the one declared table in access_table.cc.
// A served RPC without a row, or a row for an RPC nobody serves, fails.
#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/auth/token.h"
#include "common/grpc/api_types.h"
#include "common/grpc/reflection_client.h"
#include "gateway/src/http/route_table.h"
#include "gateway/test/api/gateway_env.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/access/access_table.h"
#include "tests/access/generic_call.h"

namespace unioncard::testing {
namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::MethodDescriptor;

// One served method on one server.
struct Served {
  std::string server;  // "member-svc"
  std::shared_ptr<grpc::Channel> channel;
  const MethodDescriptor* method;
  std::string name;  // "unioncard.member.v1.MemberService/GetMember"
};

// A caller who is let in gets an answer about the request: OK, or an
// error about its content or state — not a refusal, and not a sign that
// the server broke or was busy (which would hide whether access held).
bool PassedAccess(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
    case grpc::StatusCode::DATA_LOSS:
      return false;
    default:
      return true;
  }
}

class AccessMatrixTest : public gateway::testing::GatewayEnv {
 protected:
  void SetUp() override {
    GatewayEnv::SetUp();
    if (HasFatalFailure()) return;
    BuildFixture();
  }

  std::string Sign(auth::Role role, const std::string& org_id,
                   const std::string& org_path, const std::string& subject) {
    auth::Principal p;
    p.subject = subject;
    p.role = role;
    p.org_id = org_id;
    p.org_path = org_path;
    p.issued_at = absl::Now() - absl::Seconds(5);
    p.expires_at = absl::Now() + absl::Minutes(30);
    return auth::TokenSigner(key_).Sign(p);
  }

  // What was made, and the names the table's requests use for it.
  void BuildFixture() {
    auto ga1 = CityAdmin().CreateUnion("cangxian", "运河机械厂工会");
    auto ga2 = CityAdmin().CreateUnion("cangxian", "运河纺织厂工会");
    auto gb1 = CityAdmin().CreateUnion("xinhua", "新华化工厂工会");
    ASSERT_TRUE(ga1.ok() && ga2.ok() && gb1.ok());
    ga1_ = *ga1;
    ga2_ = *ga2;
    member_ = ApprovedMember(ga1_, 1);
    other_member_ = ApprovedMember(ga1_, 2);
    spare_member_ = ApprovedMember(ga1_, 3);
    ASSERT_NE(member_, 0);
    auto batch = CountyCards("cangxian").CreateBatch(ga1_.id(), {member_});
    ASSERT_TRUE(batch.ok()) << batch.status();
    ASSERT_TRUE(Eventually([&] {
      auto b = CityCards().GetBatch(batch->id());
      return b.ok() && b->activated() == 1;
    }));
    const std::string today =
        absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), rpc::ChinaTime()));
    vars_ = {
        {"$COUNTY", "cangxian"},
        {"$OTHER_COUNTY", "xinhua"},
        {"$UNION", ga1_.id()},
        {"$SIBLING_UNION", ga2_.id()},
        {"$OTHER_UNION", gb1->id()},
        {"$MEMBER", absl::StrCat(member_)},
        {"$SPARE_MEMBER", absl::StrCat(spare_member_)},
        {"$ID_NUMBER", member::testing::IdNumber(1)},
        {"$MOBILE", absl::StrFormat("139%08d", 1)},
        {"$CARD", absl::StrCat(batch->items(0).card_id())},
        {"$ISSUANCE_BATCH", absl::StrCat(batch->id())},
        {"$TODAY", today},
        {"$MONTH", today.substr(0, 7)},
        {"$YEAR", today.substr(0, 4)},
    };
    // The payout batch's maker is another county A clerk than the caller
    // kCounty, so that kCounty may check it (maker ≠ checker, §5.9).
    const std::string county = Sign(auth::Role::kCountyStaff, "cangxian",
                                    "/city/cangxian/", "clerk-a");
    const std::string maker = Sign(auth::Role::kCountyStaff, "cangxian",
                                   "/city/cangxian/", "clerk-a-maker");
    vars_["$MERCHANT"] = MakeOne(
        merchant_port(), "unioncard.merchant.v1.MerchantService.CreateMerchant",
        absl::StrCat(
            R"(merchant { owner_org_id: "cangxian" name: "运河书店" )",
            R"(licence_number: "91130900MA0ACCESS1" category: CATEGORY_FOOD )",
            R"(locations: "沧州市运河区解放路1号" contact: "0317-2001234" )",
            R"(contract_from: ")", today,
            R"(" contract_to: "2099-12-31" terms: "持卡九折" })"),
        county, "id");
    ASSERT_FALSE(vars_["$MERCHANT"].empty());
    vars_["$PAYOUT_BATCH"] = MakeOne(
        card_server_->port(),
        "unioncard.card.v1.PayoutService.CreatePayoutBatch",
        absl::StrCat(R"(programme_id: "golden-autumn" title: "金秋助学" )",
                     R"(items { member_id: )", member_,
                     R"( amount_fen: 50000 reason: "子女入学" })"),
        maker, "id");
    ASSERT_FALSE(vars_["$PAYOUT_BATCH"].empty());
    vars_["$HELP_REQUEST"] = MakeOne(
        member_port(), "unioncard.member.v1.HelpDesk.SubmitHelpRequest",
        absl::StrCat(
            "member_id: ", member_,
            R"( kind: HELP_KIND_LEGAL_ADVICE subject: "劳动合同" body: "单位未签合同，怎么办？")"),
        MemberToken(member_), "id");
    ASSERT_FALSE(vars_["$HELP_REQUEST"].empty());

    callers_[kCity] = Sign(auth::Role::kCityAdmin, "city", "/city/", "city-1");
    callers_[kAssessor] = Sign(auth::Role::kAssessor, "city", "/city/", "lg-1");
    callers_[kAuditor] = Sign(auth::Role::kAuditor, "city", "/city/", "aud-1");
    callers_[kCounty] = county;
    callers_[kOtherCounty] =
        Sign(auth::Role::kCountyStaff, "xinhua", "/city/xinhua/", "clerk-b");
    callers_[kUnion] =
        Sign(auth::Role::kGrassrootsStaff, ga1_.id(), ga1_.path(), "union-a1");
    callers_[kSiblingUnion] =
        Sign(auth::Role::kGrassrootsStaff, ga2_.id(), ga2_.path(), "union-a2");
    callers_[kMember] = MemberToken(member_);
    callers_[kOtherMember] = MemberToken(other_member_);
    callers_[kBank] = Sign(auth::Role::kPartnerBank, "bank", "/bank/", "bank");
  }

  std::string MemberToken(int64_t member) {
    return Sign(auth::Role::kMember, ga1_.id(), ga1_.path(),
                absl::StrCat(member));
  }

  // Calls `method` (full name with '.') on the server at `port` and returns
  // the response's `field` as text ("" on failure, with the test failed).
  std::string MakeOne(int port, const std::string& method,
                      const std::string& text, const std::string& token,
                      const std::string& field) {
    const MethodDescriptor* m =
        DescriptorPool::generated_pool()->FindMethodByName(method);
    EXPECT_NE(m, nullptr) << method;
    if (m == nullptr) return "";
    auto request = RequestFromText(*m, text);
    EXPECT_TRUE(request.ok()) << request.status();
    if (!request.ok()) return "";
    CallOutcome out = CallByDescriptor(Channel(port), *m, **request, token);
    EXPECT_EQ(out.code, grpc::StatusCode::OK) << method << ": " << out.message;
    if (out.code != grpc::StatusCode::OK || !out.response) return "";
    const auto* f = out.response->GetDescriptor()->FindFieldByName(field);
    return absl::StrCat(
        out.response->GetReflection()->GetInt64(*out.response, f));
  }

  std::shared_ptr<grpc::Channel> Channel(int port) {
    return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                               grpc::InsecureChannelCredentials());
  }

  // Every method each server announces by reflection, but health and
  // reflection themselves (open by design: probes and tools).
  std::vector<Served> ServedMethods() {
    std::vector<Served> served;
    const std::vector<std::pair<std::string, int>> servers = {
        {"member-svc", member_port()},
        {"card-svc", card_server_->port()},
        {"merchant-svc", merchant_port()},
        {"assessment-svc", assessment_port()}};
    for (const auto& [server, port] : servers) {
      auto channel = Channel(port);
      auto services = rpc::ListServicesByReflection(channel, absl::Seconds(5));
      EXPECT_TRUE(services.ok()) << server << ": " << services.status();
      if (!services.ok()) continue;
      for (const std::string& name : *services) {
        if (name.rfind("grpc.", 0) == 0) continue;
        const auto* service =
            DescriptorPool::generated_pool()->FindServiceByName(name);
        EXPECT_NE(service, nullptr) << server << " serves unknown " << name;
        if (service == nullptr) continue;
        for (int i = 0; i < service->method_count(); ++i) {
          const MethodDescriptor* m = service->method(i);
          served.push_back(
              {server, channel, m,
               absl::StrCat(service->full_name(), "/", m->name())});
        }
      }
    }
    return served;
  }

  std::string Fill(const std::string& text) {
    return absl::StrReplaceAll(text, vars_);
  }

  // Calls `s` as every caller, bad token and service identity; appends
  // each outcome that differs from `row` to `wrong`.
  void CheckRow(
      const AccessRow& row, const Served& s,
      const std::vector<std::pair<std::string, std::string>>& bad_tokens,
      std::vector<std::string>& wrong, int& calls) {
    auto request = RequestFromText(*s.method, Fill(row.request));
    if (!request.ok()) {
      wrong.push_back(std::string(request.status().message()));
      return;
    }
    auto call = [&](const std::string& token) {
      ++calls;
      return CallByDescriptor(
          s.channel, *s.method, **request, token,
          s.method->server_streaming() ? absl::Seconds(2) : absl::Seconds(10));
    };
    auto report = [&](const std::string& who, const char* expected,
                      const CallOutcome& got) {
      wrong.push_back(absl::StrFormat("%s (%s) as %s: expected %s, got %d %s",
                                      s.name, s.server, who, expected,
                                      static_cast<int>(got.code), got.message));
    };
    for (int c = 0; c < kCallerCount; ++c) {
      const CallOutcome got = call(callers_[c]);
      if (row.allowed[c]) {
        // Where outsiders are told "not found", an insider must not be.
        const bool hidden =
            row.as_if_unknown.any() && got.code == grpc::StatusCode::NOT_FOUND;
        if (!PassedAccess(got.code) || hidden) {
          report(kCallerNames[c], "access", got);
        }
      } else if (row.as_if_unknown[c]) {
        if (got.code != grpc::StatusCode::NOT_FOUND) {
          report(kCallerNames[c], "NOT_FOUND", got);
        }
      } else if (got.code != grpc::StatusCode::PERMISSION_DENIED) {
        report(kCallerNames[c], "PERMISSION_DENIED", got);
      }
    }
    for (const auto& [who, token] : bad_tokens) {
      const CallOutcome got = call(token);
      if (got.code != grpc::StatusCode::UNAUTHENTICATED) {
        report(who, "UNAUTHENTICATED", got);
      }
    }
    for (const auto& [identity, grants] : ServiceIdentityGrants()) {
      const CallOutcome got =
          call(Sign(auth::Role::kService, "city", "/city/", identity));
      if (grants.count(s.name) > 0) {
        if (!PassedAccess(got.code)) report(identity, "access", got);
      } else if (got.code != grpc::StatusCode::PERMISSION_DENIED) {
        report(identity, "PERMISSION_DENIED", got);
      }
    }
  }

  member::v1::OrgUnit ga1_, ga2_;
  int64_t member_ = 0, other_member_ = 0, spare_member_ = 0;
  std::map<std::string, std::string> vars_;
  std::string callers_[kCallerCount];
};

TEST_F(AccessMatrixTest, EveryRpcAnswersEveryCallerAsDeclared) {
  ASSERT_FALSE(HasFatalFailure());
  std::map<std::string, const AccessRow*> rows;
  for (const AccessRow& row : AccessTable()) rows[row.method] = &row;
  const std::vector<Served> served = ServedMethods();
  ASSERT_GE(served.size(), 80u) << "reflection found too few methods";

  // Tokens no service may accept, and the service identities.
  auth::Principal city;
  city.subject = "city-1";
  city.role = auth::Role::kCityAdmin;
  city.org_id = "city";
  city.org_path = "/city/";
  city.issued_at = absl::Now() - absl::Hours(2);
  city.expires_at = absl::Now() - absl::Hours(1);
  const std::string expired = auth::TokenSigner(key_).Sign(city);
  city.issued_at = absl::Now();
  city.expires_at = absl::Now() + absl::Minutes(30);
  auth::SigningKey stranger = auth::GenerateSigningKey(key_.kid);
  const std::string other_key = auth::TokenSigner(stranger).Sign(city);
  const std::string unknown_kid =
      auth::TokenSigner(auth::GenerateSigningKey("nobody")).Sign(city);
  const std::vector<std::pair<std::string, std::string>> bad_tokens = {
      {"no token", ""},
      {"expired token", expired},
      {"token of another key", other_key},
      {"token of an unknown key id", unknown_kid}};

  std::vector<std::string> wrong;
  std::map<std::string, std::vector<const Served*>> by_name;
  for (const Served& s : served) by_name[s.name].push_back(&s);
  for (const auto& [name, servers] : by_name) {
    if (rows.count(name) == 0) {
      wrong.push_back(
          absl::StrCat(name, " (", servers[0]->server,
                       "): no row in tests/access/access_table.cc"));
    }
  }
  int calls = 0;
  // In the table's order: rows that change the fixture come last.
  for (const AccessRow& row : AccessTable()) {
    auto found = by_name.find(row.method);
    if (found == by_name.end()) {
      wrong.push_back(
          absl::StrCat(row.method, ": in the table, served by nobody"));
      continue;
    }
    for (const Served* s : found->second) {
      CheckRow(row, *s, bad_tokens, wrong, calls);
    }
  }
  std::printf(
      "access matrix: %zu served methods (%zu rows) x (%d callers + %zu bad "
      "tokens + %zu service identities) = %d calls; %zu not as declared\n",
      served.size(), rows.size(), static_cast<int>(kCallerCount),
      bad_tokens.size(), ServiceIdentityGrants().size(), calls, wrong.size());
  EXPECT_THAT(wrong, ::testing::IsEmpty()) << absl::StrJoin(wrong, "\n");
}

// The gateway's half of the matrix: every route of its table, with no
// session, a staff session (the city admin) and a member's session. The
// RPC behind a route checks role and scope (the test above); the gateway
// must first let only the right kind of session through: staff routes
// answer 401 without a session and 403 to a member; members' routes answer
// 401 to anyone but a signed-in member.
TEST_F(AccessMatrixTest, EveryGatewayRouteLetsInOnlyItsKindOfSession) {
  ASSERT_FALSE(HasFatalFailure());
  gateway::testing::WebUser& staff = City();
  gateway::testing::WebUser member(gateway_port_);
  const std::string mobile = vars_["$MOBILE"];
  ASSERT_EQ(member.MemberLogin(vars_["$ID_NUMBER"], mobile,
                               [&] { return LatestCode(mobile); }),
            200);
  gateway::testing::WebUser nobody(gateway_port_);

  // Signing out comes last, so each session lasts the whole walk.
  std::vector<const gateway::Route*> routes;
  for (const gateway::Route& r : gateway::RouteTable()) routes.push_back(&r);
  std::stable_partition(routes.begin(), routes.end(), [](const auto* r) {
    return r->target != "session.logout" && r->target != "me.logout";
  });
  std::vector<std::string> wrong;
  int calls = 0;
  for (const gateway::Route* route : routes) {
    // Every path variable names nothing that exists.
    std::string path;
    for (absl::string_view part : absl::StrSplit(route->path, '/')) {
      if (!path.empty() || !part.empty()) absl::StrAppend(&path, "/");
      if (absl::StartsWith(part, "{")) {
        const size_t close = part.find('}');
        absl::StrAppend(&path, "999999", part.substr(close + 1));
      } else {
        absl::StrAppend(&path, part);
      }
    }
    auto send = [&](gateway::testing::WebUser& who) {
      ++calls;
      // Below the per-session limit of 20 requests a second.
      absl::SleepFor(absl::Milliseconds(60));
      httplib::Result r = who.Send(
          route->http_method, path,
          route->http_method == "GET" || route->http_method == "DELETE" ? ""
                                                                        : "{}");
      return r ? r->status : -1;
    };
    auto expect = [&](const char* who, int got, bool ok, const char* want) {
      if (!ok) {
        wrong.push_back(absl::StrFormat("%s %s as %s: expected %s, got %d",
                                        route->http_method, route->path, who,
                                        want, got));
      }
    };
    const bool for_members = route->audience == gateway::Audience::kMember;
    const int anonymous = send(nobody);
    if (route->public_route) {
      expect("nobody", anonymous, anonymous != 401 && anonymous != 403,
             "no 401/403 (public)");
      continue;
    }
    expect("nobody", anonymous, anonymous == 401, "401");
    const int as_staff = send(staff);
    const int as_member = send(member);
    if (for_members) {
      expect("staff", as_staff, as_staff == 401, "401");
      expect("member", as_member, as_member != 401 && as_member != -1,
             "in (not 401)");
    } else {
      expect("member", as_member, as_member == 403, "403");
      expect("staff", as_staff, as_staff != 401 && as_staff != -1,
             "in (not 401)");
    }
  }
  std::printf(
      "gateway routes: %zu x 3 kinds of session = %d requests; %zu "
      "not as declared\n",
      routes.size(), calls, wrong.size());
  EXPECT_THAT(wrong, ::testing::IsEmpty()) << absl::StrJoin(wrong, "\n");
}

}  // namespace
}  // namespace unioncard::testing
