#include "common/grpc/status_bridge.h"

#include "common/status/field_violations.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace unioncard::rpc {
namespace {

using status::FieldViolation;
using ::testing::ElementsAre;

TEST(StatusBridgeTest, CodesAndMessagesMapOneToOne) {
  const absl::Status cases[] = {
      absl::NotFoundError("member 7 not found"),
      absl::AlreadyExistsError("dup"),
      absl::FailedPreconditionError("card is ACTIVATED"),
      absl::PermissionDeniedError("outside your county"),
      absl::UnauthenticatedError("no token"),
      absl::UnavailableError("db down"),
  };
  for (const absl::Status& s : cases) {
    grpc::Status g = ToGrpcStatus(s);
    EXPECT_EQ(static_cast<int>(g.error_code()), static_cast<int>(s.code()));
    EXPECT_EQ(g.error_message(), s.message());
    EXPECT_TRUE(g.error_details().empty());
    EXPECT_EQ(FromGrpcStatus(g), s);
  }
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

TEST(StatusBridgeTest, FieldViolationsTravelAsGoogleRpcBadRequest) {
  absl::Status s =
      status::InvalidFields({{"id_number", "wrong check character"}});
  grpc::Status g = ToGrpcStatus(s);
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  // What any gRPC client (grpcurl, Go, Java) decodes from the trailer.
  google::rpc::Status detail;
  ASSERT_TRUE(detail.ParseFromString(g.error_details()));
  EXPECT_EQ(detail.code(), 3);
  ASSERT_EQ(detail.details_size(), 1);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(detail.details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "id_number");

  EXPECT_THAT(
      status::FieldViolationsOf(FromGrpcStatus(g)),
      ElementsAre(FieldViolation{"id_number", "wrong check character"}));
}

}  // namespace
TEST(StatusBridgeTest, HugeMessagesAndDetailsAreBoundedForTheHeaders) {
  // 5,000 violations quoting 9 KB of input each would be ~45 MB of trailer.
  std::vector<FieldViolation> many;
  for (int i = 0; i < 5000; ++i) {
    many.push_back(
        {"units[" + std::to_string(i) + "].unit_code", std::string(9000, 'x')});
  }
  grpc::Status g = ToGrpcStatus(status::InvalidFields(many));
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_LE(g.error_message().size(), 1024u + 3);
  EXPECT_LE(g.error_details().size(), 4096u);
  const std::vector<FieldViolation> got =
      status::FieldViolationsOf(FromGrpcStatus(g));
  ASSERT_GE(got.size(), 2u);
  EXPECT_EQ(got.front().field, "units[0].unit_code");
  EXPECT_NE(got.back().description.find("more problems not listed"),
            std::string::npos)
      << got.back().description;

  g = ToGrpcStatus(absl::NotFoundError(std::string(20000, 'y')));
  EXPECT_EQ(g.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_LE(g.error_message().size(), 1024u + 3);
}

}  // namespace unioncard::rpc
