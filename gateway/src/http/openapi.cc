#include "gateway/src/http/openapi.h"

#include <google/protobuf/descriptor.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "gateway/src/app/json_transcoder.h"

namespace unioncard::gateway {
namespace {

namespace pb = google::protobuf;
using nlohmann::json;

json Ref(const pb::Descriptor* type) {
  return {{"$ref", absl::StrCat("#/components/schemas/", type->full_name())}};
}

json FieldSchema(const pb::FieldDescriptor* f,
                 std::vector<const pb::Descriptor*>& pending) {
  json s;
  switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      s = {{"type", "boolean"}};
      break;
    case pb::FieldDescriptor::CPPTYPE_INT32:
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      s = {{"type", "integer"}, {"format", "int32"}};
      break;
    case pb::FieldDescriptor::CPPTYPE_INT64:
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      // The JSON mapping prints 64-bit integers as strings.
      s = {{"type", "string"}, {"format", "int64"}};
      break;
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      s = {{"type", "number"}};
      break;
    case pb::FieldDescriptor::CPPTYPE_STRING:
      s = {{"type", "string"}};
      break;
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      json names = json::array();
      for (int i = 0; i < f->enum_type()->value_count(); ++i) {
        names.push_back(f->enum_type()->value(i)->name());
      }
      s = {{"type", "string"}, {"enum", names}};
      break;
    }
    case pb::FieldDescriptor::CPPTYPE_MESSAGE: {
      const std::string& name = f->message_type()->full_name();
      if (name == "google.protobuf.Timestamp") {
        s = {{"type", "string"}, {"format", "date-time"}};
      } else if (name == "google.protobuf.FieldMask") {
        s = {{"type", "string"}, {"description", "comma-separated paths"}};
      } else {
        pending.push_back(f->message_type());
        s = Ref(f->message_type());
      }
      break;
    }
  }
  if (f->is_repeated()) s = {{"type", "array"}, {"items", s}};
  return s;
}

json Schemas(std::vector<const pb::Descriptor*> pending) {
  json schemas = json::object();
  std::set<std::string> done;
  while (!pending.empty()) {
    const pb::Descriptor* type = pending.back();
    pending.pop_back();
    if (!done.insert(type->full_name()).second) continue;
    json properties = json::object();
    for (int i = 0; i < type->field_count(); ++i) {
      properties[type->field(i)->name()] = FieldSchema(type->field(i), pending);
    }
    schemas[type->full_name()] = {{"type", "object"},
                                  {"properties", properties}};
  }
  return schemas;
}

json ErrorSchema() {
  json violation = {{"type", "object"},
                    {"properties",
                     {{"field", {{"type", "string"}}},
                      {"description", {{"type", "string"}}}}}};
  json properties = {{"code", {{"type", "string"}}},
                     {"message", {{"type", "string"}}},
                     {"details", {{"type", "array"}, {"items", violation}}}};
  return {{"type", "object"}, {"properties", properties}};
}

}  // namespace

json OpenApiDocument(const std::vector<Route>& routes) {
  json paths = json::object();
  std::vector<const pb::Descriptor*> pending;
  for (const Route& r : routes) {
    json op;
    op["summary"] = r.summary;
    op["operationId"] = r.target;
    if (r.public_route) op["security"] = json::array();
    json parameters = json::array();
    absl::StatusOr<PathTemplate> t = PathTemplate::Parse(r.path);
    if (t.ok()) {
      for (const std::string& v : t->variables()) {
        parameters.push_back({{"name", v},
                              {"in", "path"},
                              {"required", true},
                              {"schema", {{"type", "string"}}}});
      }
    }
    json ok = {{"description", "OK"}};
    if (r.kind == RouteKind::kRpc) {
      auto m = JsonTranscoder::FindMethod(r.target);
      if (m.ok()) {
        pending.push_back((*m)->input_type());
        pending.push_back((*m)->output_type());
        ok["content"] = {
            {"application/json", {{"schema", Ref((*m)->output_type())}}}};
        if (r.http_method == "GET" || r.http_method == "DELETE") {
          parameters.push_back(
              {{"name", "(any request field)"},
               {"in", "query"},
               {"description",
                absl::StrCat("fields of ", (*m)->input_type()->full_name(),
                             " by name; repeat a name for lists")},
               {"schema", {{"type", "string"}}}});
        } else {
          op["requestBody"] = {
              {"content",
               {{"application/json", {{"schema", Ref((*m)->input_type())}}}}}};
        }
      }
    }
    op["parameters"] = parameters;
    op["responses"] = {
        {"200", ok},
        {"default",
         {{"description", "an error: gRPC code, message, field violations"},
          {"content",
           {{"application/json",
             {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}};
    std::string lower = r.http_method;
    for (char& c : lower) c = static_cast<char>(std::tolower(c));
    paths[r.path][lower] = op;
  }
  json schemas = Schemas(pending);
  schemas["Error"] = ErrorSchema();
  return {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "unioncard gateway"},
        {"version", "v1"},
        {"description",
         "REST/JSON over the unioncard services. Sign in with POST "
         "/v1/session; send the session cookie and, on every other "
         "method than GET, the X-CSRF-Token header."}}},
      {"components",
       {{"schemas", schemas},
        {"securitySchemes",
         {{"session",
           {{"type", "apiKey"}, {"in", "cookie"}, {"name", "uc_session"}}}}}}},
      {"security", json::array({{{"session", json::array()}}})},
      {"paths", paths}};
}

}  // namespace unioncard::gateway
