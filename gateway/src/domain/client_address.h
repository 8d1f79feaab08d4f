#ifndef UNIONCARD_GATEWAY_SRC_DOMAIN_CLIENT_ADDRESS_H_
#define UNIONCARD_GATEWAY_SRC_DOMAIN_CLIENT_ADDRESS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace unioncard::gateway {

// Proxies whose X-Forwarded-For is believed (--trusted_proxies): IPv4
// networks ("10.0.0.0/8", "127.0.0.1") and exact IPv6 addresses.
class TrustedProxies {
 public:
  // INVALID_ARGUMENT naming the entry that is not an address or network.
  static absl::StatusOr<TrustedProxies> Parse(absl::string_view list);

  bool Contains(absl::string_view address) const;
  bool empty() const { return v4_.empty() && v6_.empty(); }

 private:
  struct Network {
    uint32_t base = 0;
    uint32_t mask = 0;
  };
  std::vector<Network> v4_;
  std::vector<std::string> v6_;
};

// The client a request came from, for per-address limits and the audit:
// the TCP peer, unless it is a trusted proxy — then the right-most address
// of X-Forwarded-For that is not a trusted proxy (entries to its left
// could be written by anyone). Garbage in the header falls back to the
// last trusted hop.
std::string ClientAddress(absl::string_view peer,
                          absl::string_view forwarded_for,
                          const TrustedProxies& trusted);

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_DOMAIN_CLIENT_ADDRESS_H_
