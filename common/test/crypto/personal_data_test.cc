#include "common/crypto/personal_data.h"

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "gtest/gtest.h"

namespace unioncard::crypto {
namespace {

constexpr char kContext[] = "member.id_number";

TEST(FieldCipherTest, RoundTripsAndHidesThePlaintext) {
  FieldCipher cipher(Keyring::Generate("k1"));
  const std::string id = "130902198001011236";
  absl::StatusOr<std::string> blob = cipher.Encrypt(id, kContext);
  ASSERT_TRUE(blob.ok()) << blob.status();
  EXPECT_EQ(blob->find(id), std::string::npos);
  EXPECT_EQ(*cipher.Decrypt(*blob, kContext), id);
  // Fresh nonce each time: equal values do not give equal blobs.
  EXPECT_NE(*cipher.Encrypt(id, kContext), *blob);
}

TEST(FieldCipherTest, WrongKeyFailsCleanlyWithDataLoss) {
  FieldCipher writer(Keyring::Generate("k1"));
  FieldCipher reader(Keyring::Generate("k1"));  // same kid, other key
  const std::string blob = *writer.Encrypt("13812345678", kContext);
  absl::StatusOr<std::string> plain = reader.Decrypt(blob, kContext);
  EXPECT_EQ(plain.status().code(), absl::StatusCode::kDataLoss);
}

TEST(FieldCipherTest, UnknownKeyIdIsFailedPrecondition) {
  FieldCipher writer(Keyring::Generate("k2"));
  FieldCipher reader(Keyring::Generate("k1"));
  EXPECT_EQ(
      reader.Decrypt(*writer.Encrypt("x", kContext), kContext).status().code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST(FieldCipherTest, TamperedTruncatedOrMovedBlobsAreRejected) {
  FieldCipher cipher(Keyring::Generate("k1"));
  std::string blob = *cipher.Encrypt("13812345678", kContext);
  EXPECT_EQ(cipher.Decrypt(blob, "member.mobile").status().code(),
            absl::StatusCode::kDataLoss);
  std::string flipped = blob;
  flipped[flipped.size() / 2] ^= 0x01;
  EXPECT_EQ(cipher.Decrypt(flipped, kContext).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(cipher.Decrypt(blob.substr(0, 10), kContext).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(cipher.Decrypt("", kContext).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(FieldCipherTest, RotatedKeyringStillReadsOldData) {
  Keyring ring = Keyring::Generate("k1");
  const std::string old_blob = *FieldCipher(ring).Encrypt("old", kContext);
  Keyring next = Keyring::Generate("k2");
  ring.keys["k2"] = next.keys["k2"];
  ring.active_kid = "k2";
  FieldCipher rotated(ring);
  EXPECT_EQ(*rotated.Decrypt(old_blob, kContext), "old");
  EXPECT_EQ(*rotated.Decrypt(*rotated.Encrypt("new", kContext), kContext),
            "new");
}

TEST(BlindIndexTest, DeterministicPerKeyAndDistinctAcrossKeys) {
  BlindIndex a(Keyring::Generate("b1"));
  BlindIndex b(Keyring::Generate("b1"));
  EXPECT_EQ(a.Compute("130902198001011236").size(), 32u);
  EXPECT_EQ(a.Compute("130902198001011236"), a.Compute("130902198001011236"));
  EXPECT_NE(a.Compute("130902198001011236"), a.Compute("130902198001011244"));
  EXPECT_NE(a.Compute("130902198001011236"), b.Compute("130902198001011236"));
  EXPECT_EQ(a.ComputeWith("b9", "x").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(DataKeysTest, JsonRoundTripAndValidation) {
  DataKeys keys{Keyring::Generate("k1"), Keyring::Generate("b1")};
  absl::StatusOr<DataKeys> loaded = DataKeys::FromJson(keys.ToJson());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->encryption.keys, keys.encryption.keys);
  EXPECT_EQ(loaded->blind_index.active_kid, "b1");
  EXPECT_FALSE(DataKeys::FromJson("{}").ok());
  EXPECT_FALSE(DataKeys::FromJson(
                   R"({"encryption":{"active":"k1","keys":{"k1":"c2hvcnQ="}},)"
                   R"("blind_index":{"active":"b1","keys":{}}})")
                   .ok());
  // A rotation's file: the retired key is kept, and must be one it holds.
  DataKeys rotating{Keyring::Generate("k1"), Keyring::Generate("b1")};
  rotating.encryption.keys["k2"] = Keyring::Generate("k2").keys["k2"];
  rotating.encryption.active_kid = "k2";
  rotating.encryption.retired = {"k1"};
  absl::StatusOr<DataKeys> reloaded = DataKeys::FromJson(rotating.ToJson());
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  EXPECT_EQ(reloaded->encryption.retired, std::set<std::string>{"k1"});
  for (const char* retired : {R"(["k9"])", R"(["k2"])", R"("k1")"}) {
    nlohmann::json doc = nlohmann::json::parse(rotating.ToJson());
    doc["encryption"]["retired"] = nlohmann::json::parse(retired);
    EXPECT_EQ(DataKeys::FromJson(doc.dump()).status().code(),
              absl::StatusCode::kInvalidArgument)
        << retired;
  }
  // A keyring without "active" or "keys" is an error, not an abort
  // (nlohmann's const operator[] asserts the member exists).
  for (const char* broken :
       {R"({"encryption":{"keys":{}},"blind_index":{}})",
        R"({"encryption":{"active":"k1"},"blind_index":{}})",
        R"({"encryption":[],"blind_index":7})"}) {
    EXPECT_EQ(DataKeys::FromJson(broken).status().code(),
              absl::StatusCode::kInvalidArgument)
        << broken;
  }
}

}  // namespace
}  // namespace unioncard::crypto
