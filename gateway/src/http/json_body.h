#ifndef UNIONCARD_GATEWAY_SRC_HTTP_JSON_BODY_H_
#define UNIONCARD_GATEWAY_SRC_HTTP_JSON_BODY_H_

// Reading the JSON bodies of the gateway's own routes.

#include <initializer_list>
#include <string>

#include "absl/status/statusor.h"
#include "common/status/field_violations.h"
#include "nlohmann/json.hpp"

namespace unioncard::gateway {

// The JSON object of a request body ("" is {}); INVALID_ARGUMENT otherwise.
absl::StatusOr<nlohmann::json> BodyObject(const std::string& body);

// A string member of `object`; missing means "". Wrong types are noted.
std::string StringField(const nlohmann::json& object, const char* name,
                        status::FieldErrors& errors);

// INVALID_ARGUMENT naming every member of `object` not in `allowed`.
absl::Status OnlyFields(const nlohmann::json& object,
                        std::initializer_list<const char*> allowed);

}  // namespace unioncard::gateway

#endif  // UNIONCARD_GATEWAY_SRC_HTTP_JSON_BODY_H_
