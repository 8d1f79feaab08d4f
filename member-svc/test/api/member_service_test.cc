// Registration, reads, updates and scope, against a real server and MariaDB.
#include "common/grpc/api_types.h"
#include "common/status/field_violations.h"
#include "gmock/gmock.h"
#include "member-svc/test/api/member_test_env.h"

namespace unioncard::member::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

std::vector<std::string> Fields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const auto& v : status::FieldViolationsOf(s)) out.push_back(v.field);
  return out;
}

class MemberServiceTest : public MemberServiceEnv {
 protected:
  void SetUp() override {
    MemberServiceEnv::SetUp();
    auto unit = CountyStaff("cangxian")
                    .CreateUnion("cangxian", "沧县恒信机械制造有限公司工会");
    ASSERT_TRUE(unit.ok()) << unit.status();
    cangxian_unit_ = *unit;
    auto other =
        CountyStaff("qingxian").CreateUnion("qingxian", "青县供电公司工会");
    ASSERT_TRUE(other.ok()) << other.status();
    qingxian_unit_ = *other;
  }
  v1::OrgUnit cangxian_unit_, qingxian_unit_;
};

TEST_F(MemberServiceTest, RegisterDerivesAndMasksAndKeepsNamesExactly) {
  Caller clerk = GrassrootsStaff(cangxian_unit_);
  v1::RegisterMemberRequest r =
      Person(cangxian_unit_.id(), 2, "阿卜杜拉·买买提");
  r.set_employer("Robert'); DROP TABLE members;--");
  r.set_migrant_worker(true);
  absl::StatusOr<v1::Member> m = clerk.Register(r);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_GT(m->id(), 0);
  EXPECT_EQ(m->name(), "阿卜杜拉·买买提");
  EXPECT_EQ(m->id_number(), "130921********002" + r.id_number().substr(17));
  EXPECT_EQ(m->mobile(), "139****0002");
  EXPECT_FALSE(m->revealed());
  EXPECT_EQ(m->gender(), v1::GENDER_FEMALE);  // sequence 002
  EXPECT_EQ(m->birth_date(), "1985-06-15");
  EXPECT_EQ(m->county_id(), "cangxian");
  EXPECT_EQ(m->review_state(), v1::REVIEW_STATE_COLLECTED);
  EXPECT_EQ(m->membership_status(), v1::MEMBERSHIP_STATUS_ACTIVE);
  EXPECT_TRUE(m->migrant_worker());
  EXPECT_EQ(m->employer(), "Robert'); DROP TABLE members;--");

  auto again = clerk.Get(m->id());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->name(), "阿卜杜拉·买买提");
  auto other = clerk.Register(Person(cangxian_unit_.id(), 3, "欧阳娜娜"));
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(clerk.Get(other->id())->name(), "欧阳娜娜");
  // The ID number and mobile are stored only encrypted.
  EXPECT_EQ(CountRows("members WHERE id_number_cipher LIKE '%1985%' OR "
                      "mobile_cipher LIKE '%0002%'"),
            0);
}

TEST_F(MemberServiceTest, BadFieldsAreEachNamed) {
  v1::RegisterMemberRequest r = Person(cangxian_unit_.id(), 4);
  r.set_name("Wang");
  r.set_id_number("130921850615004");
  r.set_mobile("0317-1234567");
  absl::Status s = CountyStaff("cangxian").Register(r).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(s), ElementsAre("name", "id_number", "mobile"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("18-digit"));
  EXPECT_EQ(CountRows("members"), 0);
}

TEST_F(MemberServiceTest, SecondRecordForTheSamePersonIsAlreadyExists) {
  Caller clerk = CountyStaff("cangxian");
  auto first = clerk.Register(Person(cangxian_unit_.id(), 5));
  ASSERT_TRUE(first.ok());
  // Even from another county: one record per ID number, city-wide. That
  // county learns neither the member id nor the union, only what to do.
  absl::Status s =
      CountyStaff("qingxian").Register(Person(qingxian_unit_.id(), 5)).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("already a member of a union elsewhere in the city"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("transfer"));
  EXPECT_THAT(std::string(s.message()),
              Not(HasSubstr(absl::StrCat("member ", first->id()))));
  EXPECT_THAT(std::string(s.message()), Not(HasSubstr("cangxian")));
  EXPECT_THAT(std::string(s.message()), Not(HasSubstr("沧县")));
  // Within the caller's own county the existing record is named.
  absl::Status own =
      CountyStaff("cangxian").Register(Person(cangxian_unit_.id(), 5)).status();
  EXPECT_EQ(own.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(own.message()),
              HasSubstr(absl::StrCat("member ", first->id())));
  EXPECT_THAT(std::string(own.message()), HasSubstr("130921********"));
  EXPECT_EQ(CountRows("members"), 1);
}

TEST_F(MemberServiceTest, FindOutOfScopeAnswersAsIfUnknown) {
  v1::RegisterMemberRequest r = Person(cangxian_unit_.id(), 33);
  ASSERT_TRUE(CountyStaff("cangxian").Register(r).ok());
  Caller qingxian = CountyStaff("qingxian");
  v1::FindMemberByIdNumberRequest find;
  v1::Member out;
  find.set_id_number(r.id_number());
  auto registered = qingxian.Context();
  grpc::Status elsewhere =
      qingxian.members().FindMemberByIdNumber(registered.get(), find, &out);
  find.set_id_number(IdNumber(34));
  auto missing = qingxian.Context();
  grpc::Status unknown =
      qingxian.members().FindMemberByIdNumber(missing.get(), find, &out);
  EXPECT_EQ(elsewhere.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  // Same sentence apart from the (caller's own, masked) number.
  EXPECT_EQ(elsewhere.error_message().substr(0, 27),
            unknown.error_message().substr(0, 27));
  EXPECT_EQ(elsewhere.error_message().size(), unknown.error_message().size());
  EXPECT_THAT(elsewhere.error_message(), Not(HasSubstr("cangxian")));
  // A role that never reads members is still told so.
  Caller assessor = As(auth::Role::kAssessor, "city", "/city/");
  auto denied = assessor.Context();
  EXPECT_EQ(assessor.members()
                .FindMemberByIdNumber(denied.get(), find, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(MemberServiceTest, RetriedRegistrationReturnsTheFirstResult) {
  Caller clerk = GrassrootsStaff(cangxian_unit_);
  v1::RegisterMemberRequest r = Person(cangxian_unit_.id(), 6);
  r.set_request_id("portal-7f3a-0001");
  auto first = clerk.Register(r);
  auto retry = clerk.Register(r);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(first->id(), retry->id());
  EXPECT_EQ(CountRows("members"), 1);
  EXPECT_EQ(CountRows("member_events"), 1);
  EXPECT_EQ(CountRows("audit_log WHERE action = 'member.register'"), 1);
  // The same request id for a different person is a client bug.
  v1::RegisterMemberRequest other = Person(cangxian_unit_.id(), 7);
  other.set_request_id("portal-7f3a-0001");
  EXPECT_EQ(clerk.Register(other).status().code(),
            absl::StatusCode::kOk);    // answered from the ledger…
  EXPECT_EQ(CountRows("members"), 1);  // …and nothing registered twice
}

TEST_F(MemberServiceTest, WhereAMemberMayBeRegistered) {
  EXPECT_EQ(CountyStaff("qingxian")
                .Register(Person(cangxian_unit_.id(), 8))
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CityAdmin().Register(Person("nowhere", 8)).status().code(),
            absl::StatusCode::kNotFound);
  absl::Status county_level =
      CityAdmin().Register(Person("cangxian", 8)).status();
  EXPECT_EQ(county_level.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(county_level), ElementsAre("org_id"));
  EXPECT_EQ(As(auth::Role::kAuditor, "city", "/city/")
                .Register(Person(cangxian_unit_.id(), 8))
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(MemberServiceTest, CallsWithoutAValidTokenAreUnauthenticated) {
  auto stub = v1::MemberService::NewStub(channel_);
  grpc::ClientContext context;
  v1::Member out;
  v1::GetMemberRequest request;
  request.set_id(1);
  EXPECT_EQ(stub->GetMember(&context, request, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(MemberServiceTest, RevealIsForPermittedRolesAndAudited) {
  v1::RegisterMemberRequest r = Person(cangxian_unit_.id(), 9);
  auto m = GrassrootsStaff(cangxian_unit_).Register(r);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(GrassrootsStaff(cangxian_unit_).Get(m->id(), true).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto revealed = CountyStaff("cangxian").Get(m->id(), true);
  ASSERT_TRUE(revealed.ok()) << revealed.status();
  EXPECT_TRUE(revealed->revealed());
  EXPECT_EQ(revealed->id_number(), r.id_number());
  EXPECT_EQ(revealed->mobile(), r.mobile());
  EXPECT_EQ(CountRows(absl::StrCat("audit_log WHERE action = 'member.reveal' "
                                   "AND actor = 'county_staff@cangxian' AND "
                                   "target_id = '",
                                   m->id(), "'")),
            1);
  // Out of scope a member is answered as one that does not exist.
  EXPECT_EQ(CountyStaff("qingxian").Get(m->id(), true).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(MemberServiceTest, CountyStaffSeeOnlyTheirCounty) {
  auto mine = CountyStaff("cangxian").Register(Person(cangxian_unit_.id(), 10));
  auto theirs =
      CountyStaff("qingxian").Register(Person(qingxian_unit_.id(), 11));
  ASSERT_TRUE(mine.ok() && theirs.ok());
  Caller cangxian = CountyStaff("cangxian");
  EXPECT_TRUE(cangxian.Get(mine->id()).ok());
  // Another county's member reads exactly like an unknown id.
  auto other = cangxian.Get(theirs->id());
  auto unknown = cangxian.Get(theirs->id() + 1000);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(other.status().message(),
            absl::StrCat("member ", theirs->id(), " not found"));

  v1::ListMembersRequest list;
  v1::ListMembersResponse page;
  auto context = cangxian.Context();
  ASSERT_TRUE(cangxian.members().ListMembers(context.get(), list, &page).ok());
  ASSERT_EQ(page.members_size(), 1);
  EXPECT_EQ(page.members(0).id(), mine->id());

  list.set_org_id("qingxian");
  auto denied = cangxian.Context();
  EXPECT_EQ(
      cangxian.members().ListMembers(denied.get(), list, &page).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  v1::UpdateMemberRequest update;
  update.mutable_member()->set_id(theirs->id());
  update.mutable_member()->set_employer("x");
  update.mutable_update_mask()->add_paths("employer");
  v1::Member out;
  auto touch = cangxian.Context();
  EXPECT_EQ(
      cangxian.members().UpdateMember(touch.get(), update, &out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(MemberServiceTest, ANamePrefixLongerThanANameIsRefusedByField) {
  v1::ListMembersRequest request;
  request.set_org_id(cangxian_unit_.id());
  std::string prefix;
  for (int i = 0; i < 31; ++i) prefix += "张";
  request.set_name_prefix(prefix);
  Caller clerk = CountyStaff("cangxian");
  auto context = clerk.Context();
  v1::ListMembersResponse response;
  absl::Status s = rpc::FromGrpcStatus(
      clerk.members().ListMembers(context.get(), request, &response));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(s), ElementsAre("name_prefix"));
  prefix.resize(prefix.size() - 3);  // 30 characters: a name may be that long
  request.set_name_prefix(prefix);
  context = clerk.Context();
  s = rpc::FromGrpcStatus(
      clerk.members().ListMembers(context.get(), request, &response));
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(response.members_size(), 0);
}

TEST_F(MemberServiceTest, ListFiltersAndPages) {
  Caller clerk = CountyStaff("cangxian");
  std::vector<int64_t> ids;
  for (int i = 0; i < 7; ++i) {
    v1::RegisterMemberRequest r =
        Person(cangxian_unit_.id(), 20 + i, i < 3 ? "欧阳娜娜" : "张伟");
    r.set_migrant_worker(i % 2 == 0);
    auto m = clerk.Register(r);
    ASSERT_TRUE(m.ok()) << m.status();
    ids.push_back(m->id());
  }
  std::vector<int64_t> seen;
  std::string token;
  int pages = 0;
  do {
    v1::ListMembersRequest request;
    request.set_org_id(cangxian_unit_.id());
    request.set_page_size(3);
    request.set_page_token(token);
    v1::ListMembersResponse page;
    auto context = clerk.Context();
    ASSERT_TRUE(
        clerk.members().ListMembers(context.get(), request, &page).ok());
    for (const auto& m : page.members()) seen.push_back(m.id());
    token = page.next_page_token();
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(seen, ids);
  EXPECT_EQ(pages, 3);

  v1::ListMembersRequest by_name;
  by_name.set_name_prefix("欧阳");
  by_name.set_migrant_workers_only(true);
  v1::ListMembersResponse page;
  auto context = clerk.Context();
  ASSERT_TRUE(clerk.members().ListMembers(context.get(), by_name, &page).ok());
  ASSERT_EQ(page.members_size(), 2);  // rows 0 and 2
  EXPECT_EQ(page.members(0).id(), ids[0]);
  EXPECT_EQ(page.members(1).id(), ids[2]);

  v1::ListMembersRequest bad;
  bad.set_page_token("not-a-token");
  auto bad_context = clerk.Context();
  absl::Status s = rpc::FromGrpcStatus(
      clerk.members().ListMembers(bad_context.get(), bad, &page));
  EXPECT_THAT(Fields(s), ElementsAre("page_token"));
}

TEST_F(MemberServiceTest, UpdateChangesOnlyTheMaskedFields) {
  Caller clerk = CountyStaff("cangxian");
  auto m = clerk.Register(Person(cangxian_unit_.id(), 30));
  ASSERT_TRUE(m.ok());
  v1::UpdateMemberRequest update;
  update.mutable_member()->set_id(m->id());
  update.mutable_member()->set_name("王芳芳");
  update.mutable_member()->set_mobile("13700001111");
  update.mutable_member()->set_employer("ignored: not in the mask");
  update.mutable_update_mask()->add_paths("name");
  update.mutable_update_mask()->add_paths("mobile");
  v1::Member out;
  auto context = clerk.Context();
  ASSERT_TRUE(clerk.members().UpdateMember(context.get(), update, &out).ok());
  EXPECT_EQ(out.name(), "王芳芳");
  EXPECT_EQ(out.mobile(), "137****1111");
  EXPECT_EQ(out.employer(), m->employer());
  EXPECT_EQ(clerk.Get(m->id(), true)->mobile(), "13700001111");

  update.mutable_update_mask()->add_paths("id_number");
  auto again = clerk.Context();
  absl::Status s = rpc::FromGrpcStatus(
      clerk.members().UpdateMember(again.get(), update, &out));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("never changes"));

  v1::UpdateMemberRequest bad;
  bad.mutable_member()->set_id(m->id());
  bad.mutable_member()->set_mobile("123");
  bad.mutable_update_mask()->add_paths("mobile");
  auto bad_context = clerk.Context();
  s = rpc::FromGrpcStatus(
      clerk.members().UpdateMember(bad_context.get(), bad, &out));
  EXPECT_THAT(Fields(s), ElementsAre("member.mobile"));
}

TEST_F(MemberServiceTest, FindByIdNumberUsesTheBlindIndex) {
  Caller clerk = CountyStaff("cangxian");
  v1::RegisterMemberRequest r = Person(cangxian_unit_.id(), 31);
  auto m = clerk.Register(r);
  ASSERT_TRUE(m.ok());
  v1::FindMemberByIdNumberRequest find;
  find.set_id_number(r.id_number());
  v1::Member out;
  auto context = clerk.Context();
  ASSERT_TRUE(
      clerk.members().FindMemberByIdNumber(context.get(), find, &out).ok());
  EXPECT_EQ(out.id(), m->id());

  find.set_id_number(IdNumber(32));
  auto missing = clerk.Context();
  EXPECT_EQ(clerk.members()
                .FindMemberByIdNumber(missing.get(), find, &out)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  find.set_id_number("1309211985");
  auto bad = clerk.Context();
  EXPECT_EQ(
      clerk.members().FindMemberByIdNumber(bad.get(), find, &out).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(MemberServiceTest, TheUnionDirectoryIsOpenToStaffAndPaged) {
  // A county clerk looks up another county's unions to transfer a member.
  Caller cangxian = CountyStaff("cangxian");
  v1::ListOrgUnitsRequest request;
  request.set_parent_id("qingxian");
  v1::ListOrgUnitsResponse page;
  auto context = cangxian.Context();
  ASSERT_TRUE(cangxian.orgs().ListOrgUnits(context.get(), request, &page).ok());
  ASSERT_EQ(page.org_units_size(), 1);
  EXPECT_EQ(page.org_units(0).id(), qingxian_unit_.id());
  EXPECT_EQ(page.org_units(0).path(),
            "/city/qingxian/" + qingxian_unit_.id() + "/");

  // The 22 county-level units, ten at a time.
  request.set_parent_id("city");
  request.set_page_size(10);
  std::vector<std::string> counties;
  std::string token;
  do {
    request.set_page_token(token);
    auto next = cangxian.Context();
    ASSERT_TRUE(cangxian.orgs().ListOrgUnits(next.get(), request, &page).ok());
    for (const auto& unit : page.org_units()) counties.push_back(unit.id());
    token = page.next_page_token();
  } while (!token.empty());
  EXPECT_EQ(counties.size(), 22u);

  Caller member =
      As(auth::Role::kMember, cangxian_unit_.id(), cangxian_unit_.path());
  auto denied = member.Context();
  EXPECT_EQ(
      member.orgs().ListOrgUnits(denied.get(), request, &page).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(MemberServiceTest, HugeOrgIdIsEchoedAsAShortPrefix) {
  // A 9 KB id echoed whole overflowed the metadata limit: the caller got
  // RESOURCE_EXHAUSTED instead of NOT_FOUND.
  Caller cangxian = CountyStaff("cangxian");
  v1::ListOrgUnitsRequest request;
  request.set_parent_id(std::string(9000, 'q'));
  v1::ListOrgUnitsResponse page;
  auto context = cangxian.Context();
  grpc::Status s = cangxian.orgs().ListOrgUnits(context.get(), request, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(),
              HasSubstr("\"" + std::string(64, 'q') + "…\""));
  EXPECT_LT(s.error_message().size(), 200u);

  absl::Status registered =
      CityAdmin().Register(Person(std::string(9000, 'z'), 40)).status();
  EXPECT_EQ(registered.code(), absl::StatusCode::kNotFound);
  EXPECT_LT(registered.message().size(), 200u);
}

TEST_F(MemberServiceTest, AHugeAuthorizationHeaderIsRefusedNotDropped) {
  // 20 KiB of token: the call arrives and is refused as unauthenticated,
  // instead of the connection being dropped at the metadata limit.
  auto stub = v1::OrgService::NewStub(channel_);
  for (size_t size : {size_t{9000}, size_t{20 << 10}}) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + std::string(size, 'a'));
    v1::GetOrgUnitRequest request;
    request.set_id("city");
    v1::OrgUnit unit;
    grpc::Status s = stub->GetOrgUnit(&context, request, &unit);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << size;
    EXPECT_THAT(s.error_message(), HasSubstr("too long")) << size;
  }
}

TEST_F(MemberServiceTest, ListOrgUnitsRefusesADamagedPageToken) {
  Caller cangxian = CountyStaff("cangxian");
  v1::ListOrgUnitsRequest request;
  request.set_parent_id("city");
  v1::ListOrgUnitsResponse page;
  for (const std::string& token :
       {std::string("uc1:1 OR 1=1"), rpc::EncodePageToken("1 OR 1=1"),
        rpc::EncodePageToken("cangxian'--"), std::string("bm90LW91cnM")}) {
    request.set_page_token(token);
    auto context = cangxian.Context();
    grpc::Status s =
        cangxian.orgs().ListOrgUnits(context.get(), request, &page);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << token;
    EXPECT_THAT(Fields(rpc::FromGrpcStatus(s)), ElementsAre("page_token"));
  }
  // A token of ours still pages.
  request.set_page_token(rpc::EncodePageToken("cangxian"));
  auto context = cangxian.Context();
  EXPECT_TRUE(cangxian.orgs().ListOrgUnits(context.get(), request, &page).ok());
}

TEST_F(MemberServiceTest, IdNumbersOfNoProvinceAreRefusedByField) {
  v1::RegisterMemberRequest r = Person(cangxian_unit_.id(), 41);
  r.set_id_number(IdNumber(41, "19850615", "000000"));
  absl::Status s = CountyStaff("cangxian").Register(r).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(s), ElementsAre("id_number"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("region code 000000"));
  // Full-width digits are the same number.
  r = Person(cangxian_unit_.id(), 42);
  std::string full_width;
  for (char c : r.id_number()) {
    full_width += c == 'X' ? std::string("Ｘ")
                           : std::string("\xEF\xBC") +
                                 static_cast<char>(0x90 + (c - '0'));
  }
  r.set_id_number(full_width);
  absl::StatusOr<v1::Member> m = CountyStaff("cangxian").Register(r);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->birth_date(), "1985-06-15");
  EXPECT_EQ(CountRows("members"), 1);
}

TEST_F(MemberServiceTest, RegionIsNamedAndAnUnknownCountyCodeOnlyWarns) {
  Caller clerk = CountyStaff("cangxian");
  absl::StatusOr<v1::Member> known =
      clerk.Register(Person(cangxian_unit_.id(), 43));
  ASSERT_TRUE(known.ok()) << known.status();
  EXPECT_EQ(known->id_region(), "河北省沧州市沧县");
  EXPECT_THAT(known->warnings(), ::testing::IsEmpty());
  // Chongwen district (Beijing) was merged away in 2010; its code is known.
  v1::RegisterMemberRequest r = Person(cangxian_unit_.id(), 44);
  r.set_id_number(IdNumber(44, "19850615", "110103"));
  absl::StatusOr<v1::Member> retired = clerk.Register(r);
  ASSERT_TRUE(retired.ok()) << retired.status();
  EXPECT_EQ(retired->id_region(), "北京市崇文区");
  EXPECT_THAT(retired->warnings(), ::testing::IsEmpty());
  // Hebei is a province but no list has 139999: registered, with a warning
  // that reads again on every later read of the member.
  r = Person(cangxian_unit_.id(), 45);
  r.set_id_number(IdNumber(45, "19850615", "139999"));
  absl::StatusOr<v1::Member> unknown = clerk.Register(r);
  ASSERT_TRUE(unknown.ok()) << unknown.status();
  EXPECT_EQ(unknown->id_region(), "");
  ASSERT_EQ(unknown->warnings_size(), 1);
  EXPECT_THAT(unknown->warnings(0),
              ::testing::StartsWith("id_number: region code 139999 is in no "
                                    "list of GB/T 2260"));
  absl::StatusOr<v1::Member> read = clerk.Get(unknown->id());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT(read->warnings(), ElementsAre(unknown->warnings(0)));
  EXPECT_EQ(CountRows("members"), 3);
}

absl::StatusOr<v1::DescribeIdNumberResponse> Describe(Caller& caller,
                                                      const std::string& id) {
  v1::DescribeIdNumberRequest request;
  request.set_id_number(id);
  v1::DescribeIdNumberResponse response;
  auto context = caller.Context();
  absl::Status s = rpc::FromGrpcStatus(
      caller.members().DescribeIdNumber(context.get(), request, &response));
  if (!s.ok()) return s;
  return response;
}

TEST_F(MemberServiceTest, DescribeIdNumberSaysWhatRegistrationWouldMakeOfIt) {
  Caller clerk = GrassrootsStaff(cangxian_unit_);
  // An adult from a district merged away in 2010.
  const std::string adult = IdNumber(46, "19850615", "110103");
  absl::StatusOr<v1::DescribeIdNumberResponse> d = Describe(clerk, adult);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->id_number(), "110103********" + adult.substr(14));
  EXPECT_EQ(d->region_code(), "110103");
  EXPECT_EQ(d->region(), "北京市崇文区");
  EXPECT_EQ(d->birth_date(), "1985-06-15");
  EXPECT_EQ(d->gender(), v1::GENDER_FEMALE);  // sequence 046
  EXPECT_GE(d->age(), 41);
  EXPECT_EQ(d->registration_problem(), "");
  EXPECT_THAT(d->warnings(), ::testing::IsEmpty());
  // A child: described, with the reason registration would refuse.
  d = Describe(clerk, IdNumber(47, "20200101", "130902"));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->region(), "河北省沧州市新华区");
  EXPECT_THAT(d->registration_problem(), HasSubstr("16 to 100 years old"));
  // An unknown county code: the same warning a registration would carry.
  d = Describe(clerk, IdNumber(48, "19850615", "139999"));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->region(), "");
  EXPECT_THAT(d->warnings(), ElementsAre(HasSubstr("region code 139999")));
  // Not a number at all: the field is named.
  absl::Status s = Describe(clerk, "13090219850615").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(s), ElementsAre("id_number"));

  // A registered person gets the same answer as before registering: the
  // RPC reads no member, so it cannot tell who is registered.
  v1::RegisterMemberRequest r = Person(qingxian_unit_.id(), 49);
  absl::StatusOr<v1::DescribeIdNumberResponse> before =
      Describe(clerk, r.id_number());
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_TRUE(CountyStaff("qingxian").Register(r).ok());
  d = Describe(clerk, r.id_number());
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->SerializeAsString(), before->SerializeAsString());
  EXPECT_EQ(d->registration_problem(), "");
  EXPECT_EQ(CountRows("members"), 1);

  // Roles that never register are refused before anything is said.
  for (auth::Role role : {auth::Role::kAuditor, auth::Role::kAssessor}) {
    Caller other = As(role, "city", "/city/");
    EXPECT_EQ(Describe(other, adult).status().code(),
              absl::StatusCode::kPermissionDenied);
  }
}

}  // namespace
}  // namespace unioncard::member::testing
