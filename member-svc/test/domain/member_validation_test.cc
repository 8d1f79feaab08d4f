#include "member-svc/src/domain/member_validation.h"

#include "common/status/field_violations.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace unioncard::member {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

const absl::CivilDay kToday(2026, 11, 28);

MemberInput Good() {
  return {"欧阳娜娜",    "130902198001011236",
          "13812345678", "沧州渤海化工有限公司",
          false,         "2010-05-01"};
}

std::vector<std::string> BadFields(const absl::Status& s) {
  std::vector<std::string> fields;
  for (const auto& v : status::FieldViolationsOf(s)) fields.push_back(v.field);
  return fields;
}

TEST(MemberValidationTest, GoodInputIsNormalisedAndDerived) {
  MemberInput in = Good();
  in.mobile = "+86 138-1234-5678";
  in.id_number = " 130902198001011236 ";
  absl::StatusOr<ValidMember> m = ValidateMember(in, kToday);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->name, "欧阳娜娜");
  EXPECT_EQ(m->mobile, "13812345678");
  EXPECT_EQ(m->id.birth_date, absl::CivilDay(1980, 1, 1));
  EXPECT_EQ(m->join_date, absl::CivilDay(2010, 5, 1));
}

TEST(MemberValidationTest, NamesWithTheSeparatorDotAndItsLookAlikes) {
  EXPECT_EQ(*NormalizeMemberName("阿卜杜拉·买买提"), "阿卜杜拉·买买提");
  EXPECT_EQ(*NormalizeMemberName("阿卜杜拉•买买提"), "阿卜杜拉·买买提");
  EXPECT_EQ(*NormalizeMemberName("阿卜杜拉・买买提"), "阿卜杜拉·买买提");
  EXPECT_EQ(*NormalizeMemberName("  王芳 "), "王芳");
  EXPECT_FALSE(NormalizeMemberName("·王芳").ok());
  EXPECT_FALSE(NormalizeMemberName("王··芳").ok());
  EXPECT_FALSE(NormalizeMemberName("王芳·").ok());
}

TEST(MemberValidationTest, NamesRefuseOtherCharactersAndLength) {
  EXPECT_THAT(NormalizeMemberName("x'); DROP TABLE m;--").status().message(),
              HasSubstr("Chinese characters"));
  EXPECT_FALSE(NormalizeMemberName("王 芳").ok());
  EXPECT_FALSE(NormalizeMemberName("").ok());
  EXPECT_FALSE(NormalizeMemberName(std::string(31 * 3, '\0')).ok());
  std::string thirty, thirty_one;
  for (int i = 0; i < 30; ++i) thirty += "王";
  thirty_one = thirty + "王";
  EXPECT_TRUE(NormalizeMemberName(thirty).ok());
  EXPECT_THAT(NormalizeMemberName(thirty_one).status().message(),
              HasSubstr("at most 30"));
  EXPECT_FALSE(NormalizeMemberName("\xff\xfe").ok());
}

TEST(MemberValidationTest, EveryBadFieldIsNamedAtOnce) {
  MemberInput in = Good();
  in.name = "x";
  in.id_number = "130902800101123";
  in.mobile = "12345";
  in.join_date = "2030-01-01";
  absl::Status s = ValidateMember(in, kToday).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(BadFields(s),
              ElementsAre("name", "id_number", "mobile", "join_date"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("18-digit"));
}

TEST(MemberValidationTest, JoinDateRules) {
  MemberInput in = Good();
  in.join_date = "";
  EXPECT_EQ(ValidateMember(in, kToday)->join_date, kToday);
  in.join_date = "2030-01-01";
  EXPECT_THAT(BadFields(ValidateMember(in, kToday).status()),
              ElementsAre("join_date"));
  in.join_date = "1979-12-31";
  EXPECT_THAT(BadFields(ValidateMember(in, kToday).status()),
              ElementsAre("join_date"));
  in.join_date = "2010-5-1";
  EXPECT_THAT(BadFields(ValidateMember(in, kToday).status()),
              ElementsAre("join_date"));
}

TEST(MemberValidationTest, EmployerIsOptionalAndLimitedInCharacters) {
  EXPECT_EQ(*NormalizeEmployer("  沧州渤海化工有限公司 "),
            "沧州渤海化工有限公司");
  EXPECT_EQ(*NormalizeEmployer(""), "");
  std::string long_name;
  for (int i = 0; i < 101; ++i) long_name += "沧";
  MemberInput in = Good();
  in.employer = long_name;
  EXPECT_THAT(BadFields(ValidateMember(in, kToday).status()),
              ElementsAre("employer"));
  long_name.pop_back();
  long_name.pop_back();
  long_name.pop_back();  // 100 characters (300 bytes) is fine
  in.employer = long_name;
  EXPECT_TRUE(ValidateMember(in, kToday).ok());
}

TEST(MemberValidationTest, YesNoSpellings) {
  for (const char* yes : {"1", "是", "YES", "y", "true"}) {
    EXPECT_TRUE(*ParseYesNo(yes)) << yes;
  }
  for (const char* no : {"", "0", "否", "no", "N", "false"}) {
    EXPECT_FALSE(*ParseYesNo(no)) << no;
  }
  EXPECT_FALSE(ParseYesNo("maybe").ok());
}

std::string NumberOf(const std::string& first17) {
  return first17 + person::ResidentIdCheckCharacter(first17);
}

TEST(JudgeIdNumberTest, AnAdultOfAKnownRegionMayRegister) {
  absl::StatusOr<IdNumberVerdict> v =
      JudgeIdNumber(" " + NumberOf("11010319800101123") + " ", kToday);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->id.region_name, "北京市崇文区");
  EXPECT_EQ(v->id.birth_date, absl::CivilDay(1980, 1, 1));
  EXPECT_EQ(v->age, 46);
  EXPECT_EQ(v->registration_problem, "");
  EXPECT_EQ(v->warning, "");
}

TEST(JudgeIdNumberTest, AChildIsDescribedButMayNotRegister) {
  // Born 2020-01-01: six on kToday; the policy wants 16 to 100.
  absl::StatusOr<IdNumberVerdict> v =
      JudgeIdNumber(NumberOf("13090220200101001"), kToday);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->age, 6);
  EXPECT_EQ(v->id.region_name, "河北省沧州市新华区");
  EXPECT_THAT(v->registration_problem, HasSubstr("age of 6"));
  // A policy that admits six-year-olds would register the number.
  MemberPolicy lenient;
  lenient.age = {6, 100};
  v = JudgeIdNumber(NumberOf("13090220200101001"), kToday, lenient);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->registration_problem, "");
}

TEST(JudgeIdNumberTest, AnUnknownCountyCodeWarnsAndAMalformedNumberIsAnError) {
  absl::StatusOr<IdNumberVerdict> v =
      JudgeIdNumber(NumberOf("13999919800101123"), kToday);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->id.region_name, "");
  EXPECT_THAT(v->warning, HasSubstr("region code 139999"));
  EXPECT_EQ(v->registration_problem, "");
  std::string wrong = NumberOf("13090219800101123");
  wrong[17] = wrong[17] == '0' ? '1' : '0';
  EXPECT_EQ(JudgeIdNumber(wrong, kToday).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      JudgeIdNumber(NumberOf("00000019800101123"), kToday).status().code(),
      absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace unioncard::member
