#ifndef UNIONCARD_COMMON_STATUS_FIELD_VIOLATIONS_H_
#define UNIONCARD_COMMON_STATUS_FIELD_VIOLATIONS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace unioncard::status {

// Caller input quoted in an error message: at most `max_characters`
// characters (UTF-8 aware, never a split character), then "…". Every message
// that repeats what the caller sent goes through this, so a 9 KB org_id
// cannot blow the status past gRPC's metadata limit (the caller would get
// RESOURCE_EXHAUSTED instead of the real answer) nor flood the logs.
inline constexpr int kMaxEchoCharacters = 64;
std::string Echo(absl::string_view input,
                 int max_characters = kMaxEchoCharacters);

// One bad input field, named as the API names it ("id_number",
// "members[3].mobile") with a sentence a clerk can act on.
struct FieldViolation {
  std::string field;
  std::string description;

  bool operator==(const FieldViolation& other) const {
    return field == other.field && description == other.description;
  }
};

// The absl::Status payload key under which violations travel. The value is a
// serialized google.rpc.BadRequest, so the gRPC bridge forwards it as is.
inline constexpr char kBadRequestTypeUrl[] =
    "type.googleapis.com/google.rpc.BadRequest";

// INVALID_ARGUMENT whose message names every field ("id_number: check
// character should be X; mobile: …") and whose payload lists them one by one.
absl::Status InvalidFields(const std::vector<FieldViolation>& violations);
absl::Status InvalidField(std::string field, std::string description);

// The violations carried by `status`; empty when there are none.
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

// Collects every problem of a request before answering, so the clerk fixes
// all of them in one go:
//   FieldErrors errors;
//   if (name.empty()) errors.Add("name", "is required");
//   RETURN_IF_ERROR(errors.ToStatus());
class FieldErrors {
 public:
  void Add(std::string field, std::string description);
  // Adds the violations of a nested message's status under `prefix`
  // ("address" + "city" -> "address.city"; "" keeps the field names); a
  // status without violations becomes one violation of `prefix`.
  void Merge(const std::string& prefix, const absl::Status& status);
  bool empty() const { return violations_.empty(); }
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
};

}  // namespace unioncard::status

#endif  // UNIONCARD_COMMON_STATUS_FIELD_VIOLATIONS_H_
