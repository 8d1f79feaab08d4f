// The member store on its own, for what the API cannot reach: a union
// closing between the import's checks and its write.
#include "member-svc/src/store/member_store.h"

#include "common/db/migrations.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"
#include "member-svc/src/app/member_event_encoder.h"
#include "member-svc/src/store/org_store.h"
#include "member-svc/src/store/schema.h"
#include "member-svc/test/api/member_test_env.h"

namespace unioncard::member {
namespace {

TEST(MemberStoreTest, ImportRowsForAUnionClosedMeanwhileFail) {
  auto db = unioncard::testing::TestDatabase::Create();
  ASSERT_TRUE(db.ok()) << db.status();
  auto pool = *db::ConnectionPool::Create((*db)->options());
  ASSERT_TRUE(db::ApplyMigrations(*pool, MemberSchema()).ok());
  OrgStore orgs(pool.get());
  ASSERT_TRUE(orgs.LoadReference({}, "沧州市总工会").ok());
  ASSERT_TRUE(
      orgs.LoadReference({{"cangxian", "沧县总工会", "Cang County", "130921"}},
                         "沧州市总工会")
          .ok());
  auth::Principal admin{"admin", auth::Role::kCityAdmin, "city", "/city/", {},
                        {}};
  auto unit = orgs.CreateGrassroots(admin, "create-1", *orgs.Get("cangxian"),
                                    "", "沧县某厂工会");
  ASSERT_TRUE(unit.ok()) << unit.status();

  MemberStore members(pool.get(),
                      crypto::FieldCipher(crypto::Keyring::Generate("e1")),
                      crypto::BlindIndex(crypto::Keyring::Generate("b1")),
                      &MemberEventOutbox(), &MemberEventEncoder::Get());
  auto valid = ValidateMember(
      {"王芳", testing::IdNumber(1), "13900000001", "", false, "2012-03-01"},
      absl::CivilDay(2026, 11, 28));
  ASSERT_TRUE(valid.ok()) << valid.status();
  ImportCandidate row;
  row.row_number = 2;
  row.member = NewMember{*valid, *unit};  // checked while still open

  ASSERT_TRUE(orgs.CloseGrassroots(admin, "close-1", unit->id).ok());
  std::vector<ImportCandidate*> rows = {&row};
  ASSERT_TRUE(members.ImportChunk(admin, "file.csv", rows).ok());
  EXPECT_EQ(row.outcome, ImportRowOutcome::kFailed);
  EXPECT_EQ(row.field, "grassroots_code");
  EXPECT_EQ(unioncard::testing::CountRows(*pool, "members"), 0);
}

}  // namespace
}  // namespace unioncard::member
