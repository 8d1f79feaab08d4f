#include "gateway/src/http/json_body.h"

namespace unioncard::gateway {

using nlohmann::json;

absl::StatusOr<json> BodyObject(const std::string& body) {
  json object = json::parse(body.empty() ? "{}" : body, nullptr, false);
  if (object.is_discarded()) {
    return status::InvalidField("body", "is not valid JSON");
  }
  if (!object.is_object()) {
    return status::InvalidField("body", "must be a JSON object");
  }
  return object;
}

std::string StringField(const json& object, const char* name,
                        status::FieldErrors& errors) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return "";
  if (!it->is_string()) {
    errors.Add(name, "must be a string");
    return "";
  }
  return it->get<std::string>();
}

absl::Status OnlyFields(const json& object,
                        std::initializer_list<const char*> allowed) {
  status::FieldErrors errors;
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) errors.Add(key.substr(0, 64), "is not a field of this request");
  }
  return errors.ToStatus();
}

}  // namespace unioncard::gateway
