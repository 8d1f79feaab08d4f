#include "gateway/src/app/json_transcoder.h"

#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status/field_violations.h"
#include "common/text/utf8.h"
#include "nlohmann/json.hpp"

namespace unioncard::gateway {
namespace {

namespace pb = google::protobuf;
using nlohmann::json;

// The field `path` names in `type`, walking nested messages; nullptr when
// there is none.
const pb::FieldDescriptor* FieldAt(const pb::Descriptor* type,
                                   const std::string& path) {
  const pb::FieldDescriptor* field = nullptr;
  for (absl::string_view part : absl::StrSplit(path, '.')) {
    if (type == nullptr) return nullptr;
    field = type->FindFieldByName(std::string(part));
    if (field == nullptr) return nullptr;
    type = field->message_type();
  }
  return field;
}

bool IsWholeNumber(absl::string_view v) {
  if (!v.empty() && v[0] == '-') v.remove_prefix(1);
  if (v.empty() || v.size() > 20) return false;
  for (char c : v) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// A text value (query or path) as the JSON the field's type expects.
absl::StatusOr<json> ScalarJson(const pb::FieldDescriptor* field,
                                const std::string& name,
                                const std::string& value) {
  switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      if (value == "true" || value == "1") return json(true);
      if (value == "false" || value == "0") return json(false);
      return status::InvalidField(name, "must be true or false");
    case pb::FieldDescriptor::CPPTYPE_INT32:
    case pb::FieldDescriptor::CPPTYPE_INT64:
    case pb::FieldDescriptor::CPPTYPE_UINT32:
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      if (!IsWholeNumber(value)) {
        return status::InvalidField(name, "must be a whole number");
      }
      return json(value);  // the JSON mapping takes quoted integers
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
    case pb::FieldDescriptor::CPPTYPE_ENUM:
    case pb::FieldDescriptor::CPPTYPE_STRING:
      return json(value);
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return status::InvalidField(name, "cannot be given in the URL");
}

// Sets `path` in `object` to `value` (appending for repeated fields).
absl::Status Place(const pb::Descriptor* type, json& object,
                   const std::string& path, const std::string& value,
                   bool from_path) {
  const pb::FieldDescriptor* field = FieldAt(type, path);
  if (field == nullptr) {
    return status::InvalidField(path, "is not a field of this request");
  }
  // JSON holds text only: invalid UTF-8 here made the dump below throw
  // (found by tests/fuzz/json_transcoder_fuzzer).
  if (!text::IsValidUtf8(value)) {
    return status::InvalidField(path, "is not valid UTF-8 text");
  }
  absl::StatusOr<json> v = ScalarJson(field, path, value);
  if (!v.ok()) return v.status();
  json* at = &object;
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    json& next = (*at)[parts[i]];
    if (!next.is_object()) next = json::object();
    at = &next;
  }
  json& slot = (*at)[parts.back()];
  if (field->is_repeated() && !from_path) {
    if (!slot.is_array()) slot = json::array();
    slot.push_back(*std::move(v));
  } else {
    slot = *std::move(v);
  }
  return absl::OkStatus();
}

// "INVALID_ARGUMENT:Cannot find field: foo" → a sentence for the caller.
absl::Status BodyError(const std::string& message) {
  return status::InvalidField(
      "body", absl::StrCat("does not fit the request: ", message));
}

}  // namespace

absl::StatusOr<const pb::MethodDescriptor*> JsonTranscoder::FindMethod(
    const std::string& method) {
  std::vector<std::string> parts = absl::StrSplit(method, '/');
  if (parts.size() != 2) {
    return absl::InvalidArgumentError(absl::StrCat("bad method ", method));
  }
  const pb::ServiceDescriptor* service =
      pb::DescriptorPool::generated_pool()->FindServiceByName(parts[0]);
  const pb::MethodDescriptor* m =
      service == nullptr ? nullptr : service->FindMethodByName(parts[1]);
  if (m == nullptr) {
    return absl::NotFoundError(absl::StrCat(method, " is not compiled in"));
  }
  return m;
}

bool JsonTranscoder::IsScalarFieldPath(const pb::Descriptor* type,
                                       const std::string& path) {
  const pb::FieldDescriptor* field = FieldAt(type, path);
  return field != nullptr &&
         field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE &&
         !field->is_repeated();
}

absl::StatusOr<std::unique_ptr<pb::Message>> JsonTranscoder::BuildRequest(
    const pb::Descriptor* type, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& query,
    const std::map<std::string, std::string>& path_variables) {
  json object = json::object();
  if (!body.empty()) {
    object = json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (object.is_discarded()) {
      return status::InvalidField("body", "is not valid JSON");
    }
    if (!object.is_object()) {
      return status::InvalidField("body", "must be a JSON object");
    }
  }
  status::FieldErrors errors;
  for (const auto& [name, value] : query) {
    errors.Merge("", Place(type, object, name, value, /*from_path=*/false));
  }
  for (const auto& [name, value] : path_variables) {
    errors.Merge("", Place(type, object, name, value, /*from_path=*/true));
  }
  if (!errors.empty()) return errors.ToStatus();

  const pb::Message* prototype =
      pb::MessageFactory::generated_factory()->GetPrototype(type);
  if (prototype == nullptr) {
    return absl::InternalError(
        absl::StrCat("no message type ", type->full_name()));
  }
  std::unique_ptr<pb::Message> message(prototype->New());
  pb::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto parsed =
      pb::util::JsonStringToMessage(object.dump(), message.get(), options);
  if (!parsed.ok()) return BodyError(std::string(parsed.message()));
  return message;
}

absl::StatusOr<std::string> JsonTranscoder::ToJson(const pb::Message& message) {
  pb::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string out;
  auto printed = pb::util::MessageToJsonString(message, &out, options);
  if (!printed.ok()) {
    return absl::InternalError(absl::StrCat("could not print the answer: ",
                                            std::string(printed.message())));
  }
  return out;
}

}  // namespace unioncard::gateway
