// The key rotation drill (issue 17; README "Key rotation"), against a real
// member-svc and MariaDB:
//  - data keys: a new encryption key becomes active beside the old one;
//    new members are sealed under it at once, member-svc's rotation job
//    re-seals the old rows, and then the old key can be dropped with every
//    member still readable and findable;
//  - token keys: a new signing key is accepted beside the old one, so
//    tokens already issued keep working until they expire; once the old
//    key is dropped, its tokens are refused.
#include "absl/strings/str_cat.h"
#include "common/testing/eventually.h"
#include "common/testing/mariadb_server.h"
#include "gtest/gtest.h"
#include "member-svc/test/api/member_test_env.h"

namespace unioncard::member::testing {
namespace {

class KeyRotationDrill : public MemberServiceEnv {
 protected:
  // Members whose ID number or mobile is sealed under `kid`.
  int64_t SealedUnder(const std::string& kid) {
    return CountRows(absl::StrCat(
        "members WHERE SUBSTRING(id_number_cipher, 3, "
        "ORD(SUBSTRING(id_number_cipher, 2, 1))) = '",
        kid,
        "' OR SUBSTRING(mobile_cipher, 3, ORD(SUBSTRING(mobile_cipher, 2, "
        "1))) = '",
        kid, "'"));
  }

  // Every member's sealed columns, as one string: changes if any is
  // re-sealed.
  std::string Seals() {
    auto rows = unioncard::testing::QueryRows(
        db_->options(),
        "SELECT HEX(id_number_cipher), HEX(mobile_cipher) FROM members "
        "ORDER BY id");
    EXPECT_TRUE(rows.ok()) << rows.status();
    std::string all;
    if (rows.ok()) {
      for (const auto& row : *rows)
        absl::StrAppend(&all, row[0], ":", row[1], ";");
    }
    return all;
  }

  // Every member as the city reads them, ID numbers and mobiles in clear.
  void ExpectAllReadable(const std::vector<int64_t>& ids) {
    Caller city = CityAdmin();
    for (size_t i = 0; i < ids.size(); ++i) {
      absl::StatusOr<v1::Member> m = city.Get(ids[i], /*reveal=*/true);
      ASSERT_TRUE(m.ok()) << ids[i] << ": " << m.status();
      EXPECT_EQ(m->id_number(), IdNumber(static_cast<int>(i) + 1));
      v1::FindMemberByIdNumberRequest find;
      find.set_id_number(IdNumber(static_cast<int>(i) + 1));
      v1::Member found;
      auto context = city.Context();
      grpc::Status s =
          city.members().FindMemberByIdNumber(context.get(), find, &found);
      ASSERT_TRUE(s.ok()) << s.error_message();
      EXPECT_EQ(found.id(), ids[i]);
    }
  }
};

TEST_F(KeyRotationDrill, NewDataKeyResealsOldRowsThenTheOldKeyGoes) {
  const std::string old_kid = data_keys_.encryption.active_kid;
  auto unit = CityAdmin().CreateUnion("xinhua", "新华区运输公司工会");
  ASSERT_TRUE(unit.ok()) << unit.status();
  std::vector<int64_t> ids;
  for (int n = 1; n <= 3; ++n) {
    auto m = CountyStaff("xinhua").Register(Person(unit->id(), n));
    ASSERT_TRUE(m.ok()) << m.status();
    ids.push_back(m->id());
  }
  EXPECT_EQ(SealedUnder(old_kid), 3);

  // A new active key beside the old one: new rows use it at once, old rows
  // stay where they are until the old key is retired on purpose.
  crypto::Keyring fresh = crypto::Keyring::Generate("e2");
  data_keys_.encryption.keys["e2"] = fresh.keys["e2"];
  data_keys_.encryption.active_kid = "e2";
  RestartServer();
  auto fourth = CountyStaff("xinhua").Register(Person(unit->id(), 4));
  ASSERT_TRUE(fourth.ok()) << fourth.status();
  ids.push_back(fourth->id());
  absl::SleepFor(absl::Seconds(1));  // the job ran at start
  EXPECT_EQ(SealedUnder(old_kid), 3);
  EXPECT_EQ(SealedUnder("e2"), 1);
  ExpectAllReadable(ids);

  // The old key retired: the rotation job re-seals its rows.
  data_keys_.encryption.retired = {old_kid};
  RestartServer();
  EXPECT_TRUE(unioncard::testing::Eventually(
      [&] { return SealedUnder(old_kid) == 0; }, absl::Seconds(20)));
  EXPECT_EQ(SealedUnder("e2"), 4);
  ExpectAllReadable(ids);
  const std::string resealed = Seals();

  // The old key dropped: everything still reads and is found, and the
  // pass at this start had nothing to move (not one blob changed).
  data_keys_.encryption.keys.erase(old_kid);
  data_keys_.encryption.retired.clear();
  RestartServer();
  ExpectAllReadable(ids);
  EXPECT_EQ(Seals(), resealed);
}

TEST_F(KeyRotationDrill, OldTokensWorkUntilTheOldTokenKeyIsDropped) {
  auth::Principal city{
      "city-admin", auth::Role::kCityAdmin, "city", "/city/", {}, {}};
  const std::string old_token =
      auth::TokenSigner(key_).Issue(city, absl::Minutes(30));
  // The new signing key, the old one kept for verification.
  retired_token_keys_.push_back(key_);
  key_ = auth::GenerateSigningKey("test-2");
  RestartServer();
  v1::GetOrgUnitRequest get;
  get.set_id("xinhua");
  v1::OrgUnit unit;
  {
    Caller with_old(channel_, old_token);
    auto context = with_old.Context();
    grpc::Status s = with_old.orgs().GetOrgUnit(context.get(), get, &unit);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  {
    Caller with_new = CityAdmin();
    auto context = with_new.Context();
    EXPECT_TRUE(with_new.orgs().GetOrgUnit(context.get(), get, &unit).ok());
  }
  // The old key dropped (after its tokens' lifetime): its tokens are refused.
  retired_token_keys_.clear();
  RestartServer();
  Caller with_old(channel_, old_token);
  auto context = with_old.Context();
  EXPECT_EQ(with_old.orgs().GetOrgUnit(context.get(), get, &unit).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  Caller with_new = CityAdmin();
  auto fresh = with_new.Context();
  EXPECT_TRUE(with_new.orgs().GetOrgUnit(fresh.get(), get, &unit).ok());
}

}  // namespace
}  // namespace unioncard::member::testing
