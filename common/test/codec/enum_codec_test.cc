// EnumCodec: a table ties each domain value to one counterpart, both ways,
// and refuses what it does not know instead of casting it.
#include "common/codec/enum_codec.h"

#include "gtest/gtest.h"

namespace unioncard::codec {
namespace {

enum class Light { kRed = 1, kAmber, kGreen };
// An API enum numbered differently, with 0 for "unspecified".
enum ApiLight { API_LIGHT_UNSPECIFIED = 0, GREEN = 1, AMBER = 2, RED = 3 };

constexpr auto kApiLight = MakeEnumCodec<Light, ApiLight>(
    "light",
    {{Light::kRed, RED}, {Light::kAmber, AMBER}, {Light::kGreen, GREEN}});
static_assert(kApiLight.CoversRange(Light::kRed, Light::kGreen));

TEST(EnumCodecTest, EncodesAndDecodesThroughTheTableNotTheNumbers) {
  EXPECT_EQ(kApiLight.Encode(Light::kRed), RED);
  EXPECT_EQ(kApiLight.Encode(Light::kGreen), GREEN);
  EXPECT_EQ(kApiLight.Decode(RED), Light::kRed);
  EXPECT_EQ(kApiLight.Decode(AMBER), Light::kAmber);
  EXPECT_EQ(std::string(kApiLight.name()), "light");
}

TEST(EnumCodecTest, AnUnknownCounterpartDecodesToNothing) {
  EXPECT_FALSE(kApiLight.Decode(API_LIGHT_UNSPECIFIED).has_value());
  EXPECT_FALSE(kApiLight.Decode(static_cast<ApiLight>(7)).has_value());
}

TEST(EnumCodecTest, ATableThatMissesOrRepeatsAValueDoesNotCoverItsEnum) {
  constexpr auto missing = MakeEnumCodec<Light, int>(
      "light", {{Light::kRed, 1}, {Light::kAmber, 2}});
  EXPECT_FALSE(missing.CoversRange(Light::kRed, Light::kGreen));
  EXPECT_EQ(missing.Encode(Light::kGreen), 0);
  constexpr auto twice = MakeEnumCodec<Light, int>(
      "light", {{Light::kRed, 1}, {Light::kAmber, 2}, {Light::kAmber, 3}});
  EXPECT_FALSE(twice.CoversRange(Light::kRed, Light::kGreen));
  constexpr auto same_number = MakeEnumCodec<Light, int>(
      "light", {{Light::kRed, 1}, {Light::kAmber, 2}, {Light::kGreen, 2}});
  EXPECT_FALSE(same_number.CoversRange(Light::kRed, Light::kGreen));
}

}  // namespace
}  // namespace unioncard::codec
