#include "gateway/src/domain/client_address.h"

#include <arpa/inet.h>

#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace unioncard::gateway {
namespace {

bool ParseV4(absl::string_view text, uint32_t* out) {
  in_addr a{};
  if (inet_pton(AF_INET, std::string(text).c_str(), &a) != 1) return false;
  *out = ntohl(a.s_addr);
  return true;
}

bool IsV6(absl::string_view text) {
  in6_addr a{};
  return inet_pton(AF_INET6, std::string(text).c_str(), &a) == 1;
}

}  // namespace

absl::StatusOr<TrustedProxies> TrustedProxies::Parse(absl::string_view list) {
  TrustedProxies proxies;
  for (absl::string_view entry : absl::StrSplit(list, ',', absl::SkipEmpty())) {
    entry = absl::StripAsciiWhitespace(entry);
    if (entry.empty()) continue;
    std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(entry, absl::MaxSplits('/', 1));
    uint32_t base = 0;
    int bits = 32;
    if (ParseV4(parts.first, &base) &&
        (parts.second.empty() ||
         (absl::SimpleAtoi(parts.second, &bits) && bits >= 0 && bits <= 32))) {
      const uint32_t mask =
          bits == 0 ? 0 : ~uint32_t{0} << (32 - static_cast<uint32_t>(bits));
      proxies.v4_.push_back({base & mask, mask});
    } else if (parts.second.empty() && IsV6(parts.first)) {
      proxies.v6_.emplace_back(parts.first);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--trusted_proxies: \"", entry.substr(0, 64),
                       "\" is not an IPv4 address or network, nor an IPv6 "
                       "address"));
    }
  }
  return proxies;
}

bool TrustedProxies::Contains(absl::string_view address) const {
  uint32_t a = 0;
  if (ParseV4(address, &a)) {
    for (const Network& n : v4_) {
      if ((a & n.mask) == n.base) return true;
    }
    return false;
  }
  for (const std::string& v6 : v6_) {
    if (v6 == address) return true;
  }
  return false;
}

std::string ClientAddress(absl::string_view peer,
                          absl::string_view forwarded_for,
                          const TrustedProxies& trusted) {
  if (!trusted.Contains(peer)) return std::string(peer);
  std::vector<absl::string_view> hops =
      absl::StrSplit(forwarded_for, ',', absl::SkipEmpty());
  std::string last_trusted(peer);
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    absl::string_view hop = absl::StripAsciiWhitespace(*it);
    uint32_t v4 = 0;
    if (!ParseV4(hop, &v4) && !IsV6(hop)) return last_trusted;
    if (!trusted.Contains(hop)) return std::string(hop);
    last_trusted = std::string(hop);
  }
  return last_trusted;
}

}  // namespace unioncard::gateway
