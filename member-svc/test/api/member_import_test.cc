// Bulk import of a few thousand generated members with bad rows planted in
// the middle, then the same file again.
#include <set>

#include "common/import/member_import_call.h"
#include "common/person/resident_id.h"
#include "gmock/gmock.h"
#include "member-svc/test/api/generated_rows.h"
#include "member-svc/test/api/member_test_env.h"
#include "tools/datagen/member_generator.h"

namespace unioncard::member::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::Not;

class MemberImportTest : public MemberServiceEnv {
 protected:
  void SetUp() override {
    MemberServiceEnv::SetUp();
    rows_ = Generate(3000);
  }

  // About `members` generated members of Cangxian as import rows, their
  // grassroots unions created first.
  std::vector<v1::ImportRow> Generate(double members) {
    std::vector<v1::ImportRow> rows;
    auto plan = reference::ReadCountyPlanFile(
        UNIONCARD_SOURCE_DIR "/deploy/reference/cangzhou_plan_2016_2018.csv");
    EXPECT_TRUE(plan.ok());
    if (!plan.ok()) return rows;
    std::vector<reference::CountyPlan> cangxian;
    for (const auto& county : *plan) {
      if (county.unit_code == "cangxian") cangxian.push_back(county);
    }
    datagen::GeneratorOptions options;
    options.scale = members / 180355;
    datagen::MemberGenerator generator(cangxian, options);
    Caller county = CountyStaff("cangxian");
    generator.Generate(
        [&](const datagen::GrassrootsUnion& u) {
          v1::CreateGrassrootsUnionRequest r;
          r.set_parent_id("cangxian");
          r.set_id(u.code);
          r.set_name(u.name);
          v1::OrgUnit out;
          auto context = county.Context();
          grpc::Status created =
              county.orgs().CreateGrassrootsUnion(context.get(), r, &out);
          EXPECT_TRUE(created.ok() ||
                      created.error_code() == grpc::StatusCode::ALREADY_EXISTS)
              << created.error_message();
        },
        [&](const datagen::GeneratedMember& m) {
          // Row 1 is the header; yes/no as a Chinese spreadsheet says it.
          rows.push_back(
              ToImportRow(m, static_cast<int>(rows.size()) + 2, "是", "否"));
        });
    return rows;
  }

  // The whole file's answers in one message.
  absl::StatusOr<v1::ImportMembersResponse> Import(
      Caller& caller, const std::vector<v1::ImportRow>& rows) {
    auto context = caller.Context();
    v1::ImportHeader header;
    header.set_source_name("cangxian-2016.csv");
    size_t next = 0;
    v1::ImportMembersResponse all;
    absl::Status s = import::CallImportMembers(
        caller.members(), *context, header,
        [&](v1::ImportRows& chunk) {
          for (; next < rows.size() && chunk.rows_size() < 400; ++next) {
            *chunk.add_rows() = rows[next];
          }
          return chunk.rows_size() > 0;
        },
        [&](v1::ImportMembersResponse& answer) {
          import::MergeImportAnswer(answer, all);
        });
    if (!s.ok()) return s;
    return all;
  }

  std::vector<v1::ImportRow> rows_;
};

TEST_F(MemberImportTest, EachRowStandsAloneAndReimportChangesNothing) {
  ASSERT_GE(rows_.size(), 2900u);
  std::vector<v1::ImportRow> rows = rows_;
  // Planted problems, each with the row number and field a clerk would fix.
  std::string& check = *rows[100].mutable_id_number();
  check[17] = check[17] == '0' ? '1' : '0';
  rows[1500].set_id_number(rows[1500].id_number().substr(0, 6) +
                           rows[1500].id_number().substr(8, 9));  // 15 digits
  rows[2000].set_mobile("0317-2345678");
  rows[2500].set_id_number(rows[10].id_number());
  rows[2500].set_grassroots_code(rows[10].grassroots_code() == "cangxian-g0001"
                                     ? "cangxian-g0002"
                                     : "cangxian-g0001");
  rows[2600].set_grassroots_code("qingxian-g9999");
  rows[2700].set_migrant_worker("maybe");
  // Well-formed, of a known province, but in no GB/T 2260 list: created,
  // with a warning.
  {
    std::string first17 = "139999" + rows[300].id_number().substr(6, 11);
    rows[300].set_id_number(first17 +
                            person::ResidentIdCheckCharacter(first17));
  }
  const int unknown_region_row = rows[300].row_number();
  const std::map<int, std::string> planted = {
      {rows[100].row_number(), "id_number"},
      {rows[1500].row_number(), "id_number"},
      {rows[2000].row_number(), "mobile"},
      {rows[2500].row_number(), "id_number"},
      {rows[2600].row_number(), "grassroots_code"},
      {rows[2700].row_number(), "migrant_worker"}};

  Caller county = CountyStaff("cangxian");
  auto first = Import(county, rows);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->created(), static_cast<int>(rows.size() - planted.size()));
  EXPECT_EQ(first->unchanged(), 0);
  EXPECT_EQ(first->failed(), static_cast<int>(planted.size()));
  ASSERT_EQ(first->results_size(), static_cast<int>(rows.size()));
  std::map<int, std::string> failed;
  std::set<int64_t> ids;
  for (const auto& r : first->results()) {
    if (r.outcome() == v1::IMPORT_OUTCOME_FAILED) {
      failed[r.row_number()] = r.field();
      EXPECT_FALSE(r.reason().empty());
    } else {
      EXPECT_EQ(r.outcome(), v1::IMPORT_OUTCOME_CREATED);
      ids.insert(r.member_id());
      if (r.row_number() == unknown_region_row) {
        EXPECT_THAT(r.warnings(),
                    ElementsAre(HasSubstr("id_number: region code 139999")));
      } else {
        EXPECT_THAT(r.warnings(), ::testing::IsEmpty()) << r.row_number();
      }
    }
  }
  EXPECT_EQ(failed, planted);
  EXPECT_EQ(ids.size(), rows.size() - planted.size());
  EXPECT_THAT(first->results(1500 - 0).reason(), HasSubstr("18-digit"));
  EXPECT_EQ(CountRows("members"), static_cast<int64_t>(ids.size()));
  EXPECT_EQ(CountRows("member_events"), static_cast<int64_t>(ids.size()));

  // The same file again creates nothing and fails the same rows.
  auto second = Import(county, rows);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->created(), 0);
  EXPECT_EQ(second->unchanged(), static_cast<int>(ids.size()));
  EXPECT_EQ(second->failed(), static_cast<int>(planted.size()));
  // Each row's id from the first import is the one the database holds for
  // that person (the second import looks them up by blind index).
  for (int i = 0; i < first->results_size(); ++i) {
    EXPECT_EQ(second->results(i).member_id(), first->results(i).member_id())
        << "row " << first->results(i).row_number();
    EXPECT_THAT(second->results(i).warnings(),
                ElementsAreArray(first->results(i).warnings()));
  }
  EXPECT_EQ(CountRows("members"), static_cast<int64_t>(ids.size()));
  EXPECT_EQ(CountRows("member_events"), static_cast<int64_t>(ids.size()));

  // Names survive the trip exactly.
  auto m = county.Get(first->results(0).member_id());
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->name(), rows[0].name());
}

// Rows are written 2,000 to a transaction, two transactions at once: the
// same person in neighbouring batches (rows 10 and 2,500) is registered
// once, by the earlier row, and the later row answers with that member.
// (Written at once, the later batch could commit first: this failed 2
// times in 10 before a batch waited for one sharing a person.)
TEST_F(MemberImportTest,
       ThePersonInNeighbouringBatchesIsRegisteredByTheFirstRow) {
  ASSERT_GE(rows_.size(), 2900u);
  std::vector<v1::ImportRow> rows = rows_;
  v1::ImportRow again = rows[10];
  again.set_row_number(rows[2500].row_number());
  rows[2500] = again;
  Caller county = CountyStaff("cangxian");
  auto imported = Import(county, rows);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->created(), static_cast<int>(rows.size()) - 1);
  EXPECT_EQ(imported->unchanged(), 1);
  EXPECT_EQ(imported->failed(), 0);
  EXPECT_EQ(imported->results(2500).outcome(), v1::IMPORT_OUTCOME_UNCHANGED);
  EXPECT_EQ(imported->results(2500).member_id(),
            imported->results(10).member_id());
  EXPECT_EQ(CountRows("members"), static_cast<int64_t>(rows.size()) - 1);
  EXPECT_EQ(CountRows("member_events"), static_cast<int64_t>(rows.size()) - 1);
}

TEST_F(MemberImportTest, AnotherCountysStaffImportNothingHere) {
  Caller other = CountyStaff("qingxian");
  std::vector<v1::ImportRow> some(rows_.begin(), rows_.begin() + 50);
  auto result = Import(other, some);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->failed(), 50);
  EXPECT_EQ(result->results(0).field(), "grassroots_code");
  EXPECT_EQ(CountRows("members"), 0);
}

TEST_F(MemberImportTest, ADuplicateFromElsewhereNamesNoMemberNorUnion) {
  std::vector<v1::ImportRow> some(rows_.begin(), rows_.begin() + 3);
  Caller cangxian = CountyStaff("cangxian");
  Caller qingxian = CountyStaff("qingxian");
  Caller city_admin = CityAdmin();
  auto first = Import(cangxian, some);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->created(), 3);

  auto unit =
      CountyStaff("qingxian").CreateUnion("qingxian", "青县供电公司工会");
  ASSERT_TRUE(unit.ok()) << unit.status();
  std::vector<v1::ImportRow> again = {some[0]};
  again[0].set_grassroots_code(unit->id());
  auto elsewhere = Import(qingxian, again);
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.status();
  ASSERT_EQ(elsewhere->results_size(), 1);
  const v1::ImportRowResult& r = elsewhere->results(0);
  EXPECT_EQ(r.outcome(), v1::IMPORT_OUTCOME_FAILED);
  EXPECT_EQ(r.field(), "id_number");
  EXPECT_EQ(r.member_id(), 0);
  EXPECT_THAT(r.reason(), HasSubstr("elsewhere in the city"));
  EXPECT_THAT(r.reason(), HasSubstr("transfer"));
  EXPECT_THAT(
      r.reason(),
      Not(HasSubstr(absl::StrCat("member ", first->results(0).member_id()))));
  EXPECT_THAT(r.reason(), Not(HasSubstr("cangxian")));

  // The city covers both: there the existing member is named.
  std::vector<v1::ImportRow> city_row = {some[1]};
  city_row[0].set_grassroots_code(unit->id());
  auto city = Import(city_admin, city_row);
  ASSERT_TRUE(city.ok()) << city.status();
  EXPECT_EQ(city->results(0).member_id(), first->results(1).member_id());
  EXPECT_THAT(
      city->results(0).reason(),
      HasSubstr(absl::StrCat("member ", first->results(1).member_id())));
  EXPECT_EQ(CountRows("members"), 3);
}

// Each batch is answered once it is committed, while the rest of the file
// is still on its way: neither member-svc nor the client holds a whole
// city's results.
TEST_F(MemberImportTest, BatchesAreAnsweredWhileTheFileIsStillBeingSent) {
  const std::vector<v1::ImportRow> rows = Generate(6500);
  ASSERT_GT(rows.size(), 6100u);
  Caller county = CountyStaff("cangxian");
  auto context = county.Context();
  auto stream = county.members().ImportMembers(context.get());
  v1::ImportMembersRequest message;
  message.mutable_header()->set_source_name("cangxian-2016.csv");
  ASSERT_TRUE(stream->Write(message));
  size_t sent = 0;
  auto send_up_to = [&](size_t end) {
    while (sent < end) {
      message.Clear();
      for (; sent < end && message.rows().rows_size() < 500; ++sent) {
        *message.mutable_rows()->add_rows() = rows[sent];
      }
      if (!stream->Write(message)) return false;
    }
    return true;
  };
  // Three batches of 2,000 and a row of the fourth: the third batch's
  // write waits for a place, so the first is answered by then.
  ASSERT_TRUE(send_up_to(6001)) << stream->Finish().error_message();
  v1::ImportMembersResponse answer;
  ASSERT_TRUE(stream->Read(&answer));  // the context's deadline bounds it
  ASSERT_EQ(answer.results_size(), 2000);
  EXPECT_EQ(answer.results(0).row_number(), rows[0].row_number());
  EXPECT_EQ(answer.results(1999).row_number(), rows[1999].row_number());
  EXPECT_EQ(answer.created(), 2000);
  EXPECT_EQ(answer.failed(), 0);

  ASSERT_TRUE(send_up_to(rows.size())) << stream->Finish().error_message();
  ASSERT_TRUE(stream->WritesDone());
  size_t answered = answer.results_size();
  int answers = 1;
  v1::ImportMembersResponse last = answer;
  while (stream->Read(&answer)) {
    ++answers;
    for (const v1::ImportRowResult& r : answer.results()) {
      if (answered == rows.size()) {
        ADD_FAILURE() << "more answers than rows";
        break;
      }
      EXPECT_EQ(r.row_number(), rows[answered++].row_number());
      EXPECT_EQ(r.outcome(), v1::IMPORT_OUTCOME_CREATED);
    }
    last = answer;
  }
  ASSERT_TRUE(stream->Finish().ok());
  EXPECT_EQ(answered, rows.size());
  EXPECT_GE(answers, 4);  // a batch of 2,000 rows each
  EXPECT_EQ(last.created(), static_cast<int>(rows.size()));
  EXPECT_EQ(CountRows("members"), static_cast<int>(rows.size()));
}

TEST_F(MemberImportTest, AStreamWithoutHeaderIsRefused) {
  Caller county = CountyStaff("cangxian");
  auto context = county.Context();
  auto stream = county.members().ImportMembers(context.get());
  v1::ImportMembersRequest rows;
  *rows.mutable_rows()->add_rows() = rows_[0];
  stream->Write(rows);
  stream->WritesDone();
  v1::ImportMembersResponse answer;
  EXPECT_FALSE(stream->Read(&answer));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(CountRows("members"), 0);
}

}  // namespace
}  // namespace unioncard::member::testing
