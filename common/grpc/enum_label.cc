#include "common/grpc/enum_label.h"

#include <google/protobuf/descriptor.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/text/upper_snake.h"

namespace unioncard::rpc {
namespace {

// "MerchantState" → "MERCHANT_STATE_", the prefix the proto lint requires.
std::string PrefixOf(const google::protobuf::EnumDescriptor& type) {
  return text::UpperSnake(type.name()) + "_";
}

}  // namespace

std::string EnumLabel(const google::protobuf::EnumDescriptor& type,
                      int number) {
  const google::protobuf::EnumValueDescriptor* value =
      type.FindValueByNumber(number);
  if (value == nullptr) return absl::StrCat(number);
  absl::string_view name = value->name();
  absl::ConsumePrefix(&name, PrefixOf(type));
  return std::string(name);
}

std::optional<int> ParseEnumLabel(const google::protobuf::EnumDescriptor& type,
                                  std::string_view text) {
  const std::string upper =
      absl::AsciiStrToUpper(absl::string_view(text.data(), text.size()));
  const std::string prefix = PrefixOf(type);
  const google::protobuf::EnumValueDescriptor* value =
      type.FindValueByName(upper);
  if (value == nullptr) value = type.FindValueByName(prefix + upper);
  if (value == nullptr || value->number() == 0) return std::nullopt;
  return value->number();
}

}  // namespace unioncard::rpc
