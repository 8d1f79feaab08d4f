#include "tools/unionctl/key_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/auth/token.h"
#include "common/crypto/keyring.h"

namespace unioncard::unionctl {
namespace {

absl::Status WritePrivateFile(const std::string& path,
                              const std::string& content) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    return errno == EEXIST
               ? absl::AlreadyExistsError(absl::StrCat(
                     path, " exists; move it away first to make new keys"))
               : absl::PermissionDeniedError(
                     absl::StrCat("cannot create ", path));
  }
  const ssize_t written = write(fd, content.data(), content.size());
  close(fd);
  if (written != static_cast<ssize_t>(content.size())) {
    return absl::DataLossError(absl::StrCat("short write to ", path));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status GenerateKeyFiles(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::PermissionDeniedError(absl::StrCat("cannot create ", dir));
  }
  const std::string signing = dir + "/token_signing.json";
  const std::string verify = dir + "/token_verify.json";
  const std::string data = dir + "/data_keys.json";
  for (const std::string& path : {signing, verify, data}) {
    if (std::filesystem::exists(path)) {
      return absl::AlreadyExistsError(
          absl::StrCat(path, " exists; move it away first to make new keys"));
    }
  }
  const auth::SigningKey key = auth::GenerateSigningKey("t1");
  crypto::DataKeys data_keys{crypto::Keyring::Generate("e1"),
                             crypto::Keyring::Generate("b1")};
  if (absl::Status s = WritePrivateFile(signing, auth::SigningKeyToJson(key));
      !s.ok()) {
    return s;
  }
  if (absl::Status s = WritePrivateFile(
          verify, auth::VerifyKeysToJson({{key.kid, key.public_key}}));
      !s.ok()) {
    return s;
  }
  return WritePrivateFile(data, data_keys.ToJson());
}

}  // namespace unioncard::unionctl
