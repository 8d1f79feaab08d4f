// `unionctl members import` against a real member-svc and MariaDB.
#include "tools/unionctl/member_import.h"

#include <fstream>
#include <sstream>

#include "common/text/gbk.h"
#include "gmock/gmock.h"
#include "member-svc/test/api/member_test_env.h"

namespace unioncard::unionctl {
namespace {

namespace v1 = member::v1;
using member::testing::IdNumber;
using ::testing::HasSubstr;

class MembersImportCommandTest : public member::testing::MemberServiceEnv {
 protected:
  void SetUp() override {
    MemberServiceEnv::SetUp();
    auto unit = CityAdmin().CreateUnion("xianxian", "献县供电公司工会");
    ASSERT_TRUE(unit.ok());
    unit_ = *unit;
    auth::Principal p;
    p.subject = "clerk";
    p.role = auth::Role::kCountyStaff;
    p.org_id = "xianxian";
    p.org_path = "/city/xianxian/";
    token_ = auth::TokenSigner(key_).Issue(p, absl::Hours(1));
  }

  std::string Write(const std::string& name, const std::string& bytes) {
    const std::string path = ::testing::TempDir() + "/" + name;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    return path;
  }
  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  v1::OrgUnit unit_;
  std::string token_;
};

TEST_F(MembersImportCommandTest, GbkFileWithChineseHeadersAndABadRow) {
  const std::string csv = absl::StrCat(
      "姓名,身份证号码,手机号码,工作单位,是否农民工\r\n", "欧阳娜娜,",
      IdNumber(1), ",13800000001,献县供电公司,否\r\n", "阿卜杜拉·买买提,",
      IdNumber(3), ",13800000003,献县供电公司,是\r\n",
      "张伟,130929850615003,13800000004,献县供电公司,否\r\n",  // 15 digits
      "李强,", IdNumber(5), ",13800000005,\"献县供电公司, 二车间\",否\r\n");
  absl::StatusOr<std::string> gbk = text::Utf8ToGbk(csv);
  ASSERT_TRUE(gbk.ok());
  const std::string path = Write("members-gbk.csv", *gbk);

  auto stub = v1::MemberService::NewStub(channel_);
  ImportOptions options{unit_.id(), token_, 2, nullptr};
  absl::StatusOr<ImportSummary> summary =
      ImportMembersCsv(*stub, path, options);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->encoding, "GBK");
  EXPECT_EQ(summary->rows, 4);
  EXPECT_EQ(summary->created, 3);
  EXPECT_EQ(summary->failed, 1);
  ASSERT_EQ(summary->failed_file, path + ".failed.csv");

  // The failed file is GBK like the input, keeps the row, and says why.
  absl::StatusOr<std::string> failed =
      text::GbkToUtf8(Slurp(summary->failed_file));
  ASSERT_TRUE(failed.ok());
  EXPECT_THAT(*failed, HasSubstr("张伟,130929850615003"));
  EXPECT_THAT(*failed, HasSubstr("第4行"));
  EXPECT_THAT(*failed, HasSubstr("18-digit"));
  EXPECT_EQ(failed->find("欧阳娜娜"), std::string::npos);

  // Importing the same file again registers nobody twice.
  absl::StatusOr<ImportSummary> again = ImportMembersCsv(*stub, path, options);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->unchanged, 3);
  EXPECT_EQ(CountRows("members"), 3);
}

TEST_F(MembersImportCommandTest, ClearRefusalsBeforeAnythingIsSent) {
  auto stub = v1::MemberService::NewStub(channel_);
  ImportOptions options{unit_.id(), token_, 500, nullptr};
  EXPECT_THAT(
      std::string(
          ImportMembersCsv(*stub, Write("no-id.csv", "name,mobile\n"), options)
              .status()
              .message()),
      HasSubstr("id_number"));
  EXPECT_EQ(
      ImportMembersCsv(*stub, Write("binary.csv", "\x81\x30\xff\xff"), options)
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      ImportMembersCsv(*stub, "/nonexistent.csv", options).status().code(),
      absl::StatusCode::kNotFound);
  ImportOptions no_org{"", token_, 500, nullptr};
  EXPECT_EQ(
      ImportMembersCsv(*stub, Write("h.csv", "name,id_number,mobile\n"), no_org)
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CountRows("members"), 0);
}

}  // namespace
}  // namespace unioncard::unionctl
