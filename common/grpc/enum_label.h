#ifndef UNIONCARD_COMMON_GRPC_ENUM_LABEL_H_
#define UNIONCARD_COMMON_GRPC_ENUM_LABEL_H_

#include <google/protobuf/generated_enum_reflection.h>

#include <optional>
#include <string>
#include <string_view>

namespace unioncard::rpc {

// An API enum value as a person reads or types it: the value's name without
// its type prefix ("ACTIVE" for MERCHANT_STATE_ACTIVE). The protos prefix
// every value (docs/architecture.md §2.7) so that C++ scopes stay apart;
// unionctl's tables and flags keep the short words.

// The label of `number` in `type`; the number itself when `type` has no
// such value.
std::string EnumLabel(const google::protobuf::EnumDescriptor& type, int number);

// The value named `text`, in either form and any case ("food",
// "CATEGORY_FOOD"); nothing for UNSPECIFIED or an unknown name.
std::optional<int> ParseEnumLabel(const google::protobuf::EnumDescriptor& type,
                                  std::string_view text);

template <typename E>
std::string EnumLabel(E value) {
  return EnumLabel(*google::protobuf::GetEnumDescriptor<E>(),
                   static_cast<int>(value));
}

template <typename E>
bool ParseEnumLabel(std::string_view text, E* value) {
  std::optional<int> number =
      ParseEnumLabel(*google::protobuf::GetEnumDescriptor<E>(), text);
  if (!number.has_value()) return false;
  *value = static_cast<E>(*number);
  return true;
}

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_ENUM_LABEL_H_
