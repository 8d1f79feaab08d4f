#include "common/status/field_violations.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace unioncard::status {
namespace {

using ::testing::ElementsAre;

TEST(FieldViolationsTest, InvalidFieldsNamesEveryFieldInMessageAndPayload) {
  absl::Status status =
      InvalidFields({{"name", "is required"}, {"mobile", "must be 11 digits"}});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "name: is required; mobile: must be 11 digits");
  EXPECT_THAT(FieldViolationsOf(status),
              ElementsAre(FieldViolation{"name", "is required"},
                          FieldViolation{"mobile", "must be 11 digits"}));
}

TEST(FieldViolationsTest, FieldErrorsIsOkWhenEmpty) {
  FieldErrors errors;
  EXPECT_TRUE(errors.ToStatus().ok());
}

TEST(FieldViolationsTest, MergePrefixesNestedFieldsAndWrapsPlainErrors) {
  FieldErrors errors;
  errors.Merge("address", InvalidField("city", "is required"));
  errors.Merge("id_number",
               absl::InvalidArgumentError("must be 18 characters"));
  errors.Merge("ok_field", absl::OkStatus());
  EXPECT_THAT(
      FieldViolationsOf(errors.ToStatus()),
      ElementsAre(FieldViolation{"address.city", "is required"},
                  FieldViolation{"id_number", "must be 18 characters"}));
}

TEST(FieldViolationsTest, StatusWithoutPayloadHasNoViolations) {
  EXPECT_TRUE(FieldViolationsOf(absl::NotFoundError("x")).empty());
}

}  // namespace
TEST(EchoTest, QuotesAtMostAShortPrefixOfCallerInput) {
  EXPECT_EQ(Echo("cangxian"), "cangxian");
  EXPECT_EQ(Echo(std::string(64, 'a')), std::string(64, 'a'));
  EXPECT_EQ(Echo(std::string(9000, 'a')), std::string(64, 'a') + "…");
  // Characters, not bytes, and never half a character.
  EXPECT_EQ(Echo("沧州市沧县", 3), "沧州市…");
  EXPECT_EQ(Echo("沧州", 2), "沧州");
  EXPECT_EQ(Echo(""), "");
}

}  // namespace unioncard::status
