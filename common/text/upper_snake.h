#ifndef UNIONCARD_COMMON_TEXT_UPPER_SNAKE_H_
#define UNIONCARD_COMMON_TEXT_UPPER_SNAKE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace unioncard::text {

// "ReviewState" → "REVIEW_STATE", "HTTPMethod" → "HTTP_METHOD": the prefix
// rule of the API's enum values (docs/architecture.md §4), shared by the
// proto lint and rpc::EnumLabel.
std::string UpperSnake(absl::string_view camel);

}  // namespace unioncard::text

#endif  // UNIONCARD_COMMON_TEXT_UPPER_SNAKE_H_
