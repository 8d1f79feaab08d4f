#include "assessment-svc/src/api/revision_json.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"

namespace unioncard::assessment {
namespace {

absl::StatusOr<std::string> ToJson(const google::protobuf::Message& m) {
  std::string json;
  auto s = google::protobuf::util::MessageToJsonString(m, &json);
  if (!s.ok()) return absl::InternalError(s.message().as_string());
  return json;
}

}  // namespace

absl::StatusOr<std::string> JsonRevisionEncoder::Inputs(
    int year, const std::vector<UnitYearInputs>& units) const {
  return ToJson(ToProto(year, units));
}

absl::StatusOr<std::string> JsonRevisionEncoder::Result(
    const YearAssessment& scored) const {
  return ToJson(ToProto(scored, name_of_));
}

absl::Status ParseRevisionJson(const std::string& json,
                               google::protobuf::Message* out) {
  auto s = google::protobuf::util::JsonStringToMessage(json, out);
  if (!s.ok()) {
    return absl::DataLossError(absl::StrCat(
        "a stored assessment does not parse: ", s.message().as_string()));
  }
  return absl::OkStatus();
}

}  // namespace unioncard::assessment
