#include "common/text/upper_snake.h"

#include "absl/strings/ascii.h"

namespace unioncard::text {

std::string UpperSnake(absl::string_view camel) {
  std::string out;
  for (size_t i = 0; i < camel.size(); ++i) {
    const char c = camel[i];
    // A word starts at a capital after a small letter, or at the last
    // capital of an acronym that a small letter follows.
    if (i > 0 && absl::ascii_isupper(c) &&
        (absl::ascii_islower(camel[i - 1]) ||
         (i + 1 < camel.size() && absl::ascii_islower(camel[i + 1])))) {
      out += '_';
    }
    out += absl::ascii_toupper(c);
  }
  return out;
}

}  // namespace unioncard::text
