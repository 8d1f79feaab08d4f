#include "common/crypto/personal_data.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <memory>

#include "absl/strings/str_cat.h"

namespace unioncard::crypto {
namespace {

constexpr unsigned char kFormatVersion = 0x01;
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

using CipherContext =
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* Bytes(std::string& s) {
  return reinterpret_cast<unsigned char*>(s.data());
}

}  // namespace

absl::StatusOr<std::string> FieldCipher::Encrypt(
    absl::string_view plaintext, absl::string_view context) const {
  const std::string& kid = keyring_.active_kid;
  const std::string& key = keyring_.keys.at(kid);
  if (kid.size() > 255) return absl::InternalError("key id too long");

  std::string nonce(kNonceBytes, '\0');
  if (RAND_bytes(Bytes(nonce), kNonceBytes) != 1) {
    return absl::UnavailableError("no randomness for an encryption nonce");
  }
  CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string ciphertext(plaintext.size(), '\0');
  std::string tag(kTagBytes, '\0');
  int written = 0;
  int ignored = 0;
  if (ctx == nullptr ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key),
                         Bytes(nonce)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &ignored, Bytes(context),
                        static_cast<int>(context.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), Bytes(ciphertext), &written,
                        Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), Bytes(ciphertext) + written, &ignored) !=
          1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          Bytes(tag)) != 1) {
    return absl::InternalError("AES-256-GCM encryption failed");
  }
  std::string blob;
  blob.reserve(2 + kid.size() + kNonceBytes + ciphertext.size() + kTagBytes);
  blob.push_back(static_cast<char>(kFormatVersion));
  blob.push_back(static_cast<char>(kid.size()));
  absl::StrAppend(&blob, kid, nonce, ciphertext, tag);
  return blob;
}

absl::StatusOr<std::string> FieldCipher::Decrypt(
    absl::string_view blob, absl::string_view context) const {
  if (blob.size() < 2 ||
      static_cast<unsigned char>(blob[0]) != kFormatVersion) {
    return absl::DataLossError("encrypted field has an unknown format");
  }
  const size_t kid_size = static_cast<unsigned char>(blob[1]);
  if (blob.size() < 2 + kid_size + kNonceBytes + kTagBytes) {
    return absl::DataLossError("encrypted field is truncated");
  }
  const std::string kid(blob.substr(2, kid_size));
  auto key = keyring_.keys.find(kid);
  if (key == keyring_.keys.end()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "encrypted field uses key ", kid, ", which is not in the keyring"));
  }
  absl::string_view rest = blob.substr(2 + kid_size);
  absl::string_view nonce = rest.substr(0, kNonceBytes);
  absl::string_view ciphertext =
      rest.substr(kNonceBytes, rest.size() - kNonceBytes - kTagBytes);
  std::string tag(rest.substr(rest.size() - kTagBytes));

  CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string plaintext(ciphertext.size(), '\0');
  int written = 0;
  int ignored = 0;
  if (ctx == nullptr ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                         Bytes(key->second), Bytes(nonce)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &ignored, Bytes(context),
                        static_cast<int>(context.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), Bytes(plaintext), &written,
                        Bytes(ciphertext),
                        static_cast<int>(ciphertext.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes,
                          Bytes(tag)) != 1) {
    return absl::InternalError("AES-256-GCM set-up failed");
  }
  if (EVP_DecryptFinal_ex(ctx.get(), Bytes(plaintext) + written, &ignored) !=
      1) {
    return absl::DataLossError(
        absl::StrCat("encrypted field does not authenticate under key ", kid,
                     " (wrong key, wrong context or tampered data)"));
  }
  return plaintext;
}

std::string BlindIndex::Compute(absl::string_view value) const {
  return *ComputeWith(keyring_.active_kid, value);
}

absl::StatusOr<std::string> BlindIndex::ComputeWith(
    absl::string_view kid, absl::string_view value) const {
  auto key = keyring_.keys.find(std::string(kid));
  if (key == keyring_.keys.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("blind index key ", kid, " is not in the keyring"));
  }
  std::string digest(EVP_MAX_MD_SIZE, '\0');
  unsigned int length = 0;
  HMAC(EVP_sha256(), key->second.data(), static_cast<int>(key->second.size()),
       Bytes(value), value.size(), Bytes(digest), &length);
  digest.resize(length);
  return digest;
}

}  // namespace unioncard::crypto
