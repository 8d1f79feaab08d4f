#include "gateway/src/domain/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace unioncard::gateway {
namespace {

constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// Percent-encodes everything but unreserved characters (RFC 3986).
std::string UriEscape(absl::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' ||
        c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppendFormat(&out, "%%%02X", c);
    }
  }
  return out;
}

}  // namespace

int64_t TotpStep(absl::Time t) {
  return absl::ToUnixSeconds(t) / kTotpStepSeconds;
}

std::string TotpCode(absl::string_view secret, int64_t step, int digits) {
  unsigned char counter[8];
  for (int i = 7; i >= 0; --i) {
    counter[i] = static_cast<unsigned char>(step & 0xff);
    step >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_length = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), counter,
       sizeof counter, mac, &mac_length);
  // Dynamic truncation (RFC 4226 §5.3).
  const int offset = mac[mac_length - 1] & 0x0f;
  const uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) |
                          (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                          (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                          static_cast<uint32_t>(mac[offset + 3]);
  uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  return absl::StrFormat("%0*u", digits, binary % modulus);
}

std::optional<int64_t> MatchTotp(absl::string_view secret,
                                 absl::string_view code, absl::Time now,
                                 int64_t last_used_step) {
  if (code.size() != 6) return std::nullopt;
  for (char c : code) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      return std::nullopt;
    }
  }
  const int64_t current = TotpStep(now);
  for (int64_t step : {current, current - 1, current + 1}) {
    if (step > last_used_step && TotpCode(secret, step) == code) return step;
  }
  return std::nullopt;
}

std::string Base32Encode(absl::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32Alphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

std::optional<std::string> Base32Decode(absl::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char raw : text) {
    if (raw == '=' || raw == ' ') continue;
    const char c = absl::ascii_toupper(static_cast<unsigned char>(raw));
    const char* at = std::char_traits<char>::find(kBase32Alphabet, 32, c);
    if (at == nullptr) return std::nullopt;
    buffer = (buffer << 5) | static_cast<uint32_t>(at - kBase32Alphabet);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return out;
}

std::string OtpauthUri(absl::string_view issuer, absl::string_view account,
                       absl::string_view secret) {
  return absl::StrCat("otpauth://totp/", UriEscape(issuer), ":",
                      UriEscape(account), "?secret=", Base32Encode(secret),
                      "&issuer=", UriEscape(issuer),
                      "&algorithm=SHA1&digits=6&period=30");
}

}  // namespace unioncard::gateway
