#include "common/auth/service_grants.h"

#include "card/v1/card.pb.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "member/v1/member.pb.h"
#include "merchant/v1/merchant.pb.h"

namespace unioncard::auth {
namespace {

Principal Service(const std::string& subject) {
  return {subject, Role::kService, "city", "/city/", {}, {}};
}

constexpr char kGetMember[] = "/unioncard.member.v1.MemberService/GetMember";
constexpr char kCardFeed[] = "/unioncard.card.v1.CardService/WatchEvents";
constexpr char kFreeze[] = "/unioncard.card.v1.CardService/FreezeCard";

TEST(ServiceGrantsTest, EachServiceIsGrantedWhatItCalls) {
  EXPECT_TRUE(CheckServiceGrant(Service("card-svc"), kGetMember).ok());
  EXPECT_TRUE(CheckServiceGrant(Service("merchant-svc"), kCardFeed).ok());
  EXPECT_TRUE(CheckServiceGrant(Service("assessment-svc"), kCardFeed).ok());
  EXPECT_TRUE(CheckServiceGrant(
                  Service("gateway"),
                  "/unioncard.member.v1.MemberService/VerifyMemberContact")
                  .ok());
}

TEST(ServiceGrantsTest, AnythingElseIsRefusedNamingCallerAndMethod) {
  absl::Status s = CheckServiceGrant(Service("merchant-svc"), kFreeze);
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "service identity merchant-svc may not call "
            "/unioncard.card.v1.CardService/FreezeCard");
  EXPECT_EQ(CheckServiceGrant(Service("card-svc"), kCardFeed).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckServiceGrant(Service("gateway"), kGetMember).code(),
            absl::StatusCode::kPermissionDenied);
  // A method that could not be told (no call observer) is not granted.
  EXPECT_EQ(CheckServiceGrant(Service("card-svc"), "").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_NE(CheckServiceGrant(Service("robot"), kGetMember)
                .message()
                .find("unknown service identity \"robot\""),
            std::string::npos);
}

TEST(ServiceGrantsTest, PeopleAreJudgedByTheirRolesNotByTheTable) {
  Principal clerk{"clerk", Role::kCountyStaff, "xinhua", "/city/xinhua/", {},
                  {}};
  EXPECT_TRUE(CheckServiceGrant(clerk, kFreeze).ok());
}

TEST(ServiceGrantsTest, EveryGrantNamesAnRpcThatExists) {
  // Link the descriptors of the services the grants name.
  ASSERT_NE(member::v1::Member::descriptor(), nullptr);
  ASSERT_NE(card::v1::Card::descriptor(), nullptr);
  ASSERT_NE(merchant::v1::Merchant::descriptor(), nullptr);
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  int methods = 0;
  for (const ServiceGrant& grant : ServiceGrants()) {
    EXPECT_FALSE(grant.methods.empty()) << grant.subject;
    for (const std::string& method : grant.methods) {
      // "/pkg.Service/Method" → "pkg.Service.Method"
      ASSERT_EQ(method.front(), '/') << method;
      std::string dotted = method.substr(1);
      dotted[dotted.find('/')] = '.';
      EXPECT_NE(pool->FindMethodByName(dotted), nullptr)
          << method << " is granted but no such RPC exists (renamed?)";
      ++methods;
    }
  }
  EXPECT_EQ(methods, 10);
}

}  // namespace
}  // namespace unioncard::auth
