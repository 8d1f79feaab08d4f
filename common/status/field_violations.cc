#include "common/status/field_violations.h"

#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"

namespace unioncard::status {

std::string Echo(absl::string_view input, int max_characters) {
  size_t end = 0;
  int characters = 0;
  while (end < input.size() && characters < max_characters) {
    ++end;  // past the lead byte, then past its continuation bytes
    while (end < input.size() &&
           (static_cast<unsigned char>(input[end]) & 0xC0) == 0x80) {
      ++end;
    }
    ++characters;
  }
  if (end >= input.size()) return std::string(input);
  return absl::StrCat(input.substr(0, end), "…");
}

absl::Status InvalidFields(const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest detail;
  std::vector<std::string> parts;
  for (const FieldViolation& v : violations) {
    auto* fv = detail.add_field_violations();
    fv->set_field(v.field);
    fv->set_description(v.description);
    parts.push_back(absl::StrCat(v.field, ": ", v.description));
  }
  absl::Status status = absl::InvalidArgumentError(absl::StrJoin(parts, "; "));
  status.SetPayload(kBadRequestTypeUrl, absl::Cord(detail.SerializeAsString()));
  return status;
}

absl::Status InvalidField(std::string field, std::string description) {
  return InvalidFields({{std::move(field), std::move(description)}});
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> out;
  auto payload = status.GetPayload(kBadRequestTypeUrl);
  if (!payload.has_value()) return out;
  google::rpc::BadRequest detail;
  if (!detail.ParseFromString(std::string(*payload))) return out;
  for (const auto& fv : detail.field_violations()) {
    out.push_back({fv.field(), fv.description()});
  }
  return out;
}

void FieldErrors::Add(std::string field, std::string description) {
  violations_.push_back({std::move(field), std::move(description)});
}

void FieldErrors::Merge(const std::string& prefix, const absl::Status& status) {
  if (status.ok()) return;
  std::vector<FieldViolation> nested = FieldViolationsOf(status);
  if (nested.empty()) {
    Add(prefix, std::string(status.message()));
    return;
  }
  for (FieldViolation& v : nested) {
    std::string field = v.field.empty()  ? prefix
                        : prefix.empty() ? v.field
                                         : absl::StrCat(prefix, ".", v.field);
    Add(std::move(field), std::move(v.description));
  }
}

absl::Status FieldErrors::ToStatus() const {
  if (violations_.empty()) return absl::OkStatus();
  return InvalidFields(violations_);
}

}  // namespace unioncard::status
