#include "common/config/secret_source.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace unioncard::config {

absl::StatusOr<std::string> ReadSecret(absl::string_view source) {
  if (source.empty()) {
    return absl::InvalidArgumentError(
        "no secret source given: use file:PATH or env:NAME");
  }
  std::string value;
  if (absl::ConsumePrefix(&source, "env:")) {
    const char* env = std::getenv(std::string(source).c_str());
    if (env == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("environment variable ", source, " is not set"));
    }
    value = env;
  } else {
    absl::ConsumePrefix(&source, "file:");
    std::ifstream in{std::string(source), std::ios::binary};
    if (!in) {
      return absl::NotFoundError(
          absl::StrCat("cannot read secret file ", source));
    }
    std::ostringstream content;
    content << in.rdbuf();
    value = content.str();
  }
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) {
    value.pop_back();
  }
  return value;
}

}  // namespace unioncard::config
