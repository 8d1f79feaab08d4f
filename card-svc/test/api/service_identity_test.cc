// Least privilege for service identities (common/auth/service_grants.cc):
// a service token is good for the RPCs its service calls and nothing else,
// whatever scope it carries — against real member-svc and card-svc servers.
#include "card-svc/test/api/card_service_env.h"
#include "gtest/gtest.h"

namespace unioncard::card {
namespace {

class ServiceIdentityTest : public testing::CardServiceEnv {
 protected:
  void SetUp() override {
    CardServiceEnv::SetUp();
    unit_ = *CityAdmin().CreateUnion("huanghua", "黄骅港务局工会");
    StartCardSvc();
  }
  testing::CardCaller CardsAsService(const std::string& subject) {
    return CardsAs(auth::Role::kService, "city", "/city/", subject);
  }
  member::v1::OrgUnit unit_;
};

TEST_F(ServiceIdentityTest, MerchantSvcReadsCardHoldersAndNothingElse) {
  const int64_t member = ApprovedMember(unit_, 1);
  const int64_t card = ActivatedCard(unit_, member);
  auto merchant_svc = CardsAsService("merchant-svc");
  auto cards = merchant_svc.MemberCards(member);
  ASSERT_TRUE(cards.ok()) << cards.status();
  EXPECT_EQ(cards->cards_size(), 1);

  // The changes a city-wide service token used to pass.
  for (const absl::StatusOr<v1::Card>& refused :
       {merchant_svc.Change(&v1::CardService::Stub::FreezeCard, card, "测试"),
        merchant_svc.Change(&v1::CardService::Stub::CancelCard, card, "测试"),
        merchant_svc.Change(&v1::CardService::Stub::ReportCardLost, card,
                            "测试")}) {
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied)
        << refused.status();
  }
  auto request = merchant_svc.Request(ApprovedMember(unit_, 2));
  EXPECT_EQ(request.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(request.status().message().find("merchant-svc may not call "
                                            "/unioncard.card.v1.CardService/"
                                            "RequestCard"),
            std::string::npos)
      << request.status();
  // The card is as it was.
  EXPECT_EQ(CityCards().Get(card)->state(), v1::CARD_STATE_ACTIVATED);
}

TEST_F(ServiceIdentityTest, CardSvcMayNotChangeCardsThroughTheApiEither) {
  const int64_t card = ActivatedCard(unit_, ApprovedMember(unit_, 1));
  auto refused = CardsAsService("card-svc")
                     .Change(&v1::CardService::Stub::FreezeCard, card, "测试");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  auto batch = CardsAsService("assessment-svc").CreateBatch(unit_.id());
  EXPECT_EQ(batch.status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(ServiceIdentityTest, AnUnknownServiceIdentityIsRefusedEverywhere) {
  const int64_t member = ApprovedMember(unit_, 1);
  auto cards = CardsAsService("robot").MemberCards(member);
  EXPECT_EQ(cards.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(cards.status().message().find("unknown service identity"),
            std::string::npos)
      << cards.status();

  member::v1::GetMemberRequest get;
  get.set_id(member);
  member::v1::Member out;
  auto robot = AsService("robot");
  auto context = robot.Context();
  EXPECT_EQ(robot.members().GetMember(context.get(), get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ServiceIdentityTest, MemberSvcServesEachServiceOnlyItsOwnCalls) {
  const int64_t member = ApprovedMember(unit_, 1);
  member::v1::GetMemberRequest get;
  get.set_id(member);
  member::v1::Member out;
  {
    auto card_svc = Service();  // card-svc: member reads are its job
    auto context = card_svc.Context();
    EXPECT_TRUE(card_svc.members().GetMember(context.get(), get, &out).ok());
  }
  {
    auto merchant_svc = AsService("merchant-svc");  // never reads members
    auto context = merchant_svc.Context();
    EXPECT_EQ(
        merchant_svc.members().GetMember(context.get(), get, &out).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
  {
    // card-svc may read, not register or end memberships.
    auto card_svc = Service();
    auto context = card_svc.Context();
    member::v1::EndMembershipRequest end;
    end.set_member_id(member);
    end.set_reason(member::v1::END_REASON_LEFT);
    EXPECT_EQ(
        card_svc.members().EndMembership(context.get(), end, &out).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
  {
    // Only the gateway checks contact details.
    auto card_svc = Service();
    auto context = card_svc.Context();
    member::v1::VerifyMemberContactRequest verify;
    verify.set_id_number("130902196908190210");
    verify.set_mobile("18734411409");
    member::v1::MemberContactMatch answer;
    EXPECT_EQ(card_svc.members()
                  .VerifyMemberContact(context.get(), verify, &answer)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  // Nothing was ended.
  auto city = CityAdmin();
  auto context = city.Context();
  ASSERT_TRUE(city.members().GetMember(context.get(), get, &out).ok());
  EXPECT_EQ(out.review_state(), member::v1::REVIEW_STATE_CITY_APPROVED);
  EXPECT_EQ(out.membership_status(), member::v1::MEMBERSHIP_STATUS_ACTIVE);
}

TEST_F(ServiceIdentityTest, StreamingCallsAreHeldToTheGrantsToo) {
  ApprovedMember(unit_, 1);  // the member feed has events
  // Server streaming: merchant-svc follows card-svc's feed, never
  // member-svc's; card-svc follows member-svc's.
  member::v1::WatchEventsRequest watch;
  member::v1::MemberEvent event;
  {
    auto merchant_svc = AsService("merchant-svc");
    auto context = merchant_svc.Context();
    auto stream = merchant_svc.members().WatchEvents(context.get(), watch);
    EXPECT_FALSE(stream->Read(&event));
    EXPECT_EQ(stream->Finish().error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  {
    auto card_svc = Service();
    auto context = card_svc.Context();
    auto stream = card_svc.members().WatchEvents(context.get(), watch);
    EXPECT_TRUE(stream->Read(&event));
    context->TryCancel();
    stream->Finish();
  }
  // The import: no service imports members.
  auto card_svc = Service();
  auto context = card_svc.Context();
  auto writer = card_svc.members().ImportMembers(context.get());
  member::v1::ImportMembersRequest header;
  header.mutable_header()->set_default_org_id(unit_.id());
  writer->Write(header);
  member::v1::ImportMembersRequest rows;
  auto* row = rows.mutable_rows()->add_rows();
  row->set_row_number(2);
  row->set_name("王芳");
  row->set_id_number("130902196908190210");
  writer->Write(rows);
  writer->WritesDone();
  member::v1::ImportMembersResponse answer;
  EXPECT_FALSE(writer->Read(&answer));  // refused before any answer
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace unioncard::card
