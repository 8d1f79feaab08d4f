#ifndef UNIONCARD_COMMON_CODEC_ENUM_CODEC_H_
#define UNIONCARD_COMMON_CODEC_ENUM_CODEC_H_

#include <array>
#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

namespace unioncard::codec {

// One table tying each value of a domain enum to its counterpart in one
// other place: the number a database column stores, or the value of an
// API enum. Conversions go through the table, never a cast, so the two
// sides may number differently and a value missing on either side is
// caught (docs/architecture.md §2.2): a table is `constexpr` and
// `static_assert`s that it covers its enum, and decoding an unknown
// counterpart gives nothing rather than an out-of-range enum.
//
//   inline constexpr auto kCardStateColumn =
//       codec::MakeEnumCodec<CardState, int>("card state", {
//           {CardState::kRequested, 1}, …});
//   static_assert(kCardStateColumn.CoversRange(CardState::kRequested,
//                                              CardState::kClosed));
template <typename Domain, typename Other, std::size_t N>
class EnumCodec {
 public:
  using Pair = std::pair<Domain, Other>;

  constexpr EnumCodec(const char* name, std::array<Pair, N> pairs)
      : name_(name), pairs_(pairs) {}

  // What the values are, for messages ("card state").
  constexpr const char* name() const { return name_; }

  // The counterpart of `value`. Every value has one when the table's
  // `static_assert(CoversRange(…))` holds; otherwise `Other{}`.
  constexpr Other Encode(Domain value) const {
    for (const Pair& p : pairs_) {
      if (p.first == value) return p.second;
    }
    return Other{};
  }

  // The domain value of `other`, or nothing when the table has none.
  constexpr std::optional<Domain> Decode(Other other) const {
    for (const Pair& p : pairs_) {
      if (p.second == other) return p.first;
    }
    return std::nullopt;
  }

  // True when every enumerator from `first` to `last` (by number) appears
  // once and each counterpart once: the table is a bijection.
  constexpr bool CoversRange(Domain first, Domain last) const {
    using Number = std::underlying_type_t<Domain>;
    const Number from = static_cast<Number>(first);
    const Number to = static_cast<Number>(last);
    if (static_cast<std::size_t>(to - from + 1) != N) return false;
    for (Number n = from; n <= to; ++n) {
      int seen = 0;
      for (const Pair& p : pairs_) {
        if (static_cast<Number>(p.first) == n) ++seen;
      }
      if (seen != 1) return false;
    }
    for (std::size_t i = 0; i < N; ++i) {
      for (std::size_t j = i + 1; j < N; ++j) {
        if (pairs_[i].second == pairs_[j].second) return false;
      }
    }
    return true;
  }

 private:
  const char* name_;
  std::array<Pair, N> pairs_;
};

namespace internal {
template <typename Domain, typename Other, std::size_t N, std::size_t... I>
constexpr EnumCodec<Domain, Other, N> MakeEnumCodec(
    const char* name, const std::pair<Domain, Other> (&pairs)[N],
    std::index_sequence<I...>) {
  return EnumCodec<Domain, Other, N>(
      name, std::array<std::pair<Domain, Other>, N>{{pairs[I]...}});
}
}  // namespace internal

// Deduces the size: `MakeEnumCodec<CardState, int>("card state", {{…}, …})`.
template <typename Domain, typename Other, std::size_t N>
constexpr EnumCodec<Domain, Other, N> MakeEnumCodec(
    const char* name, const std::pair<Domain, Other> (&pairs)[N]) {
  return internal::MakeEnumCodec(name, pairs, std::make_index_sequence<N>());
}

}  // namespace unioncard::codec

#endif  // UNIONCARD_COMMON_CODEC_ENUM_CODEC_H_
