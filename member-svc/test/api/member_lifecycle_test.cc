// The review pipeline, transfers, leaving and re-joining, closing unions,
// and the change feed, against a real server and MariaDB.
#include <thread>

#include "gmock/gmock.h"
#include "member-svc/test/api/member_test_env.h"

namespace unioncard::member::testing {
namespace {

using ::testing::HasSubstr;

class MemberLifecycleTest : public MemberServiceEnv {
 protected:
  void SetUp() override {
    MemberServiceEnv::SetUp();
    cangxian_unit_ = *CityAdmin().CreateUnion("cangxian", "沧县人民医院工会");
    qingxian_unit_ = *CityAdmin().CreateUnion("qingxian", "青县第一中学工会");
  }
  int64_t NewMember(int n) {
    auto m = GrassrootsStaff(cangxian_unit_)
                 .Register(Person(cangxian_unit_.id(), n));
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? m->id() : 0;
  }
  absl::StatusOr<v1::Member> Transfer(Caller& caller, int64_t id,
                                      const std::string& to,
                                      const std::string& request_id = "") {
    v1::TransferMemberRequest r;
    r.set_member_id(id);
    r.set_to_org_id(to);
    r.set_request_id(request_id);
    v1::Member out;
    auto context = caller.Context();
    absl::Status s = rpc::FromGrpcStatus(
        caller.members().TransferMember(context.get(), r, &out));
    if (!s.ok()) return s;
    return out;
  }
  absl::StatusOr<v1::Member> End(Caller& caller, int64_t id,
                                 v1::EndReason reason,
                                 const std::string& note = "") {
    v1::EndMembershipRequest r;
    r.set_member_id(id);
    r.set_reason(reason);
    r.set_note(note);
    v1::Member out;
    auto context = caller.Context();
    absl::Status s = rpc::FromGrpcStatus(
        caller.members().EndMembership(context.get(), r, &out));
    if (!s.ok()) return s;
    return out;
  }
  absl::StatusOr<v1::Member> Reinstate(Caller& caller, int64_t id) {
    v1::ReinstateMemberRequest r;
    r.set_member_id(id);
    v1::Member out;
    auto context = caller.Context();
    absl::Status s = rpc::FromGrpcStatus(
        caller.members().ReinstateMember(context.get(), r, &out));
    if (!s.ok()) return s;
    return out;
  }
  std::vector<v1::MemberEvent> ReadEvents(int64_t after, size_t want) {
    Caller svc = Service();
    auto context = svc.Context();
    v1::WatchEventsRequest request;
    request.set_after_sequence(after);
    auto stream = svc.members().WatchEvents(context.get(), request);
    std::vector<v1::MemberEvent> events;
    v1::MemberEvent event;
    while (events.size() < want && stream->Read(&event))
      events.push_back(event);
    context->TryCancel();
    stream->Finish();
    return events;
  }

  v1::OrgUnit cangxian_unit_, qingxian_unit_;
};

TEST_F(MemberLifecycleTest, CollectVerifyApproveWithTheRightRoles) {
  const int64_t a = NewMember(1), b = NewMember(2), c = NewMember(3);
  // A grassroots clerk cannot verify; the county can, the city approves.
  auto by_clerk =
      GrassrootsStaff(cangxian_unit_).Review({a}, v1::REVIEW_ACTION_VERIFY);
  ASSERT_TRUE(by_clerk.ok());
  EXPECT_EQ(by_clerk->outcomes(0).code(), grpc::StatusCode::PERMISSION_DENIED);

  auto verified =
      CountyStaff("cangxian").Review({a, b}, v1::REVIEW_ACTION_VERIFY);
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->succeeded(), 2);
  auto returned =
      CountyStaff("cangxian")
          .Review({c}, v1::REVIEW_ACTION_RETURN, "身份证号码与照片不符");
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->outcomes(0).review_state(), v1::REVIEW_STATE_RETURNED);
  EXPECT_EQ(CountyStaff("cangxian").Get(c)->review_note(),
            "身份证号码与照片不符");

  // Another county's staff cannot touch them; the city approves one, rejects
  // one, and an unknown id fails on its own.
  auto foreign = CountyStaff("qingxian").Review({a}, v1::REVIEW_ACTION_VERIFY);
  EXPECT_EQ(foreign->outcomes(0).code(), grpc::StatusCode::PERMISSION_DENIED);
  auto approved = CityAdmin().Review({a, c, 999999}, v1::REVIEW_ACTION_APPROVE);
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->succeeded(), 1);
  EXPECT_EQ(approved->failed(), 2);
  EXPECT_EQ(approved->outcomes(0).review_state(),
            v1::REVIEW_STATE_CITY_APPROVED);
  EXPECT_EQ(approved->outcomes(1).code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(approved->outcomes(1).message(), HasSubstr("RETURNED"));
  EXPECT_EQ(approved->outcomes(2).code(), grpc::StatusCode::NOT_FOUND);

  auto no_reason = CityAdmin().Review({b}, v1::REVIEW_ACTION_REJECT);
  EXPECT_EQ(no_reason->outcomes(0).code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(CountyStaff("cangxian").Get(b)->review_state(),
            v1::REVIEW_STATE_COUNTY_VERIFIED);

  auto empty = CityAdmin().Review({}, v1::REVIEW_ACTION_APPROVE);
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(MemberLifecycleTest, TransferAcrossCountiesKeepsTheMember) {
  const int64_t id = NewMember(4);
  ASSERT_TRUE(
      CountyStaff("cangxian").Review({id}, v1::REVIEW_ACTION_VERIFY).ok());
  Caller county = CountyStaff("cangxian");
  auto moved = Transfer(county, id, qingxian_unit_.id(), "move-4");
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->id(), id);
  EXPECT_EQ(moved->org_id(), qingxian_unit_.id());
  EXPECT_EQ(moved->county_id(), "qingxian");
  EXPECT_EQ(moved->review_state(), v1::REVIEW_STATE_COUNTY_VERIFIED);
  // A retry changes nothing twice; the old county no longer sees the member.
  ASSERT_TRUE(Transfer(county, id, qingxian_unit_.id(), "move-4").ok());
  EXPECT_EQ(CountRows("member_events WHERE type = 3"), 1);
  EXPECT_EQ(county.Get(id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(CountyStaff("qingxian").Get(id).ok());
  // Same union again is refused; a county-level target is not a union.
  Caller qingxian = CountyStaff("qingxian");
  EXPECT_EQ(Transfer(qingxian, id, qingxian_unit_.id()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Transfer(qingxian, id, "qingxian").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(MemberLifecycleTest, AnEndingsNoteIsBoundedInCharacters) {
  const int64_t id = NewMember(6);
  Caller county = CountyStaff("cangxian");
  std::string long_note;
  for (int i = 0; i < 201; ++i) long_note += "退";  // 201 characters
  absl::Status s = End(county, id, v1::END_REASON_RETIRED, long_note).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("note"));
  EXPECT_EQ(county.Get(id)->membership_status(), v1::MEMBERSHIP_STATUS_ACTIVE);
  long_note.resize(long_note.size() - 3);  // 200 characters
  auto ended = End(county, id, v1::END_REASON_RETIRED, long_note);
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(ended->membership_status(), v1::MEMBERSHIP_STATUS_ENDED);
}

TEST_F(MemberLifecycleTest, EndAndReinstateFollowThePerson) {
  const int64_t id = NewMember(5);
  Caller county = CountyStaff("cangxian");
  auto ended = End(county, id, v1::END_REASON_RETIRED);
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(ended->membership_status(), v1::MEMBERSHIP_STATUS_ENDED);
  EXPECT_EQ(ended->end_reason(), v1::END_REASON_RETIRED);
  EXPECT_EQ(End(county, id, v1::END_REASON_LEFT).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Transfer(county, id, qingxian_unit_.id()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(End(county, id, v1::END_REASON_UNSPECIFIED).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto back = Reinstate(county, id);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->membership_status(), v1::MEMBERSHIP_STATUS_ACTIVE);
  EXPECT_EQ(Reinstate(county, id).status().code(),
            absl::StatusCode::kFailedPrecondition);

  const int64_t gone = NewMember(6);
  ASSERT_TRUE(End(county, gone, v1::END_REASON_DECEASED).ok());
  EXPECT_EQ(Reinstate(county, gone).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(MemberLifecycleTest, AUnionWithMembersCannotClose) {
  const int64_t id = NewMember(7);
  Caller county = CountyStaff("cangxian");
  v1::CloseGrassrootsUnionRequest close;
  close.set_id(cangxian_unit_.id());
  v1::OrgUnit out;
  auto first = county.Context();
  grpc::Status s = county.orgs().CloseGrassrootsUnion(first.get(), close, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("1 active members"));

  v1::OrgUnit other = *county.CreateUnion("cangxian", "沧县第二中学工会");
  ASSERT_TRUE(Transfer(county, id, other.id()).ok());
  auto second = county.Context();
  ASSERT_TRUE(
      county.orgs().CloseGrassrootsUnion(second.get(), close, &out).ok());
  EXPECT_TRUE(out.closed());
  EXPECT_EQ(county.Register(Person(cangxian_unit_.id(), 8)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Transfer(county, id, cangxian_unit_.id()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(MemberLifecycleTest, FeedIsOrderedResumableAndSurvivesRestart) {
  const int64_t a = NewMember(10);
  ASSERT_TRUE(
      CountyStaff("cangxian").Review({a}, v1::REVIEW_ACTION_VERIFY).ok());
  Caller county = CountyStaff("cangxian");
  ASSERT_TRUE(Transfer(county, a, qingxian_unit_.id()).ok());

  std::vector<v1::MemberEvent> all = ReadEvents(0, 3);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].type(), v1::MEMBER_EVENT_TYPE_REGISTERED);
  EXPECT_EQ(all[1].type(), v1::MEMBER_EVENT_TYPE_REVIEWED);
  EXPECT_EQ(all[1].review_state(), v1::REVIEW_STATE_COUNTY_VERIFIED);
  EXPECT_EQ(all[2].type(), v1::MEMBER_EVENT_TYPE_TRANSFERRED);
  EXPECT_EQ(all[2].from_county_id(), "cangxian");
  EXPECT_EQ(all[2].county_id(), "qingxian");
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].sequence(), static_cast<int64_t>(i) + 1);
    EXPECT_EQ(all[i].member_id(), a);
  }

  // A watcher sees a new event as it happens.
  std::vector<v1::MemberEvent> live;
  std::thread watcher([&] { live = ReadEvents(3, 1); });
  absl::SleepFor(absl::Milliseconds(300));
  Caller qingxian = CountyStaff("qingxian");
  ASSERT_TRUE(End(qingxian, a, v1::END_REASON_LEFT).ok());
  watcher.join();
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].sequence(), 4);
  EXPECT_EQ(live[0].type(), v1::MEMBER_EVENT_TYPE_MEMBERSHIP_ENDED);
  EXPECT_EQ(live[0].end_reason(), v1::END_REASON_LEFT);

  // After a restart the consumer resumes from its cursor with no gap.
  RestartServer();
  Caller after_restart = CountyStaff("qingxian");
  ASSERT_TRUE(Reinstate(after_restart, a).ok());
  std::vector<v1::MemberEvent> resumed = ReadEvents(4, 1);
  ASSERT_EQ(resumed.size(), 1u);
  EXPECT_EQ(resumed[0].sequence(), 5);
  EXPECT_EQ(resumed[0].type(), v1::MEMBER_EVENT_TYPE_REINSTATED);

  // Only city-wide readers may follow the feed.
  county = CountyStaff("cangxian");
  auto context = county.Context();
  v1::WatchEventsRequest request;
  auto stream = county.members().WatchEvents(context.get(), request);
  v1::MemberEvent event;
  EXPECT_FALSE(stream->Read(&event));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(MemberLifecycleTest, CountsPerCountyByStateAndStatus) {
  const int64_t a = NewMember(20);
  NewMember(21);
  const int64_t c = NewMember(22);
  ASSERT_TRUE(
      CountyStaff("cangxian").Review({a}, v1::REVIEW_ACTION_VERIFY).ok());
  Caller county = CountyStaff("cangxian");
  ASSERT_TRUE(End(county, c, v1::END_REASON_LEFT).ok());

  v1::CountMembersRequest request;
  request.set_org_id("city");
  v1::CountMembersResponse counts;
  Caller assessor = As(auth::Role::kAssessor, "city", "/city/");
  auto context = assessor.Context();
  ASSERT_TRUE(
      assessor.members().CountMembers(context.get(), request, &counts).ok());
  std::map<std::tuple<std::string, int, int>, int64_t> got;
  for (const auto& row : counts.counts()) {
    got[{row.org_id(), row.review_state(), row.membership_status()}] =
        row.members();
  }
  const std::map<std::tuple<std::string, int, int>, int64_t> want = {
      {{"cangxian", v1::REVIEW_STATE_COUNTY_VERIFIED,
        v1::MEMBERSHIP_STATUS_ACTIVE},
       1},
      {{"cangxian", v1::REVIEW_STATE_COLLECTED, v1::MEMBERSHIP_STATUS_ACTIVE},
       1},
      {{"cangxian", v1::REVIEW_STATE_COLLECTED, v1::MEMBERSHIP_STATUS_ENDED},
       1}};
  EXPECT_EQ(got, want);

  request.set_by_grassroots(true);
  auto by_union = assessor.Context();
  ASSERT_TRUE(
      assessor.members().CountMembers(by_union.get(), request, &counts).ok());
  for (const auto& row : counts.counts())
    EXPECT_EQ(row.org_id(), cangxian_unit_.id());

  Caller clerk = GrassrootsStaff(cangxian_unit_);
  auto denied = clerk.Context();
  EXPECT_EQ(
      clerk.members().CountMembers(denied.get(), request, &counts).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace unioncard::member::testing
