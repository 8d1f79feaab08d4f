#include "merchant-svc/src/domain/merchant_contract.h"

#include "gtest/gtest.h"

namespace unioncard::merchant {
namespace {

using A = ContractAction;
using S = ContractState;

auth::Principal Staff(auth::Role role, const std::string& path) {
  auth::Principal p;
  p.role = role;
  p.org_path = path;
  return p;
}

const auth::Principal kCounty =
    Staff(auth::Role::kCountyStaff, "/city/cangxian/");
const std::string kOwner = "/city/cangxian/";

TEST(MerchantContractTest, PendingActiveSuspendedAndBack) {
  auto active = DecideContract(S::kPending, A::kActivate, kCounty, kOwner, "",
                               Standing::kNormal);
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->next, S::kActive);
  EXPECT_TRUE(OffersCount(S::kActive));
  EXPECT_EQ(DecideContract(S::kActive, A::kSuspend, kCounty, kOwner, " ",
                           Standing::kNormal)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  auto suspended = DecideContract(S::kActive, A::kSuspend, kCounty, kOwner,
                                  "卫生检查不合格", Standing::kNormal);
  ASSERT_TRUE(suspended.ok());
  EXPECT_FALSE(OffersCount(suspended->next));
  EXPECT_EQ(DecideContract(S::kSuspended, A::kResume, kCounty, kOwner, "",
                           Standing::kNormal)
                ->next,
            S::kActive);
}

TEST(MerchantContractTest, ExitNeedsAProposalOrAReasonAndIsFinal) {
  EXPECT_EQ(DecideContract(S::kActive, A::kExit, kCounty, kOwner, "",
                           Standing::kWarning)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  auto proposed = DecideContract(S::kActive, A::kExit, kCounty, kOwner, "",
                                 Standing::kExitProposed);
  ASSERT_TRUE(proposed.ok());
  EXPECT_EQ(proposed->next, S::kExited);
  EXPECT_FALSE(OffersCount(S::kExited));
  EXPECT_EQ(DecideContract(S::kExited, A::kActivate, kCounty, kOwner, "",
                           Standing::kNormal)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(DecideContract(S::kExited, A::kExit, kCounty, kOwner, "again",
                           Standing::kNormal)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(MerchantContractTest, OnlyTheOwningUnionOrTheCity) {
  EXPECT_EQ(DecideContract(S::kPending, A::kActivate,
                           Staff(auth::Role::kCountyStaff, "/city/qingxian/"),
                           kOwner, "", Standing::kNormal)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      DecideContract(S::kPending, A::kActivate,
                     Staff(auth::Role::kGrassrootsStaff, "/city/cangxian/g1/"),
                     kOwner, "", Standing::kNormal)
          .status()
          .code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(DecideContract(S::kPending, A::kActivate,
                             Staff(auth::Role::kCityAdmin, "/city/"), kOwner,
                             "", Standing::kNormal)
                  .ok());
}

}  // namespace
}  // namespace unioncard::merchant
