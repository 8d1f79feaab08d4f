#include "gateway/src/app/password_hasher.h"

#include <sodium.h>

#include <string>

namespace unioncard::gateway {
namespace {

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

absl::StatusOr<std::string> PasswordHasher::Hash(
    absl::string_view password) const {
  if (!SodiumReady()) return absl::InternalError("libsodium failed to start");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            parameters_.ops_limit, parameters_.mem_limit_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError(
        "not enough memory to hash the password; try again");
  }
  return std::string(out);
}

bool PasswordHasher::Verify(absl::string_view encoded_hash,
                            absl::string_view password) const {
  if (!SodiumReady()) return false;
  const std::string hash(encoded_hash);
  return crypto_pwhash_str_verify(hash.c_str(), password.data(),
                                  password.size()) == 0;
}

bool PasswordHasher::NeedsRehash(absl::string_view encoded_hash) const {
  const std::string hash(encoded_hash);
  return crypto_pwhash_str_needs_rehash(hash.c_str(), parameters_.ops_limit,
                                        parameters_.mem_limit_bytes) != 0;
}

std::string RandomToken(int bytes) {
  SodiumReady();
  std::string raw(static_cast<size_t>(bytes), '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(
                      raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(),
                    reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string RandomBytes(int bytes) {
  SodiumReady();
  std::string raw(static_cast<size_t>(bytes), '\0');
  randombytes_buf(raw.data(), raw.size());
  return raw;
}

std::string Sha256(absl::string_view text) {
  SodiumReady();
  std::string out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()),
                     reinterpret_cast<const unsigned char*>(text.data()),
                     text.size());
  return out;
}

std::string RandomPassword() {
  SodiumReady();
  // No 0/O, 1/l/I: it is read off a screen and typed.
  static constexpr char kAlphabet[] =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i > 0 && i % 4 == 0) out.push_back('-');
    out.push_back(kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)]);
  }
  return out;
}

}  // namespace unioncard::gateway
