#ifndef UNIONCARD_TOOLS_UNIONCTL_ORG_LOAD_H_
#define UNIONCARD_TOOLS_UNIONCTL_ORG_LOAD_H_

#include <string>

#include "absl/status/statusor.h"
#include "member/v1/member.grpc.pb.h"

namespace unioncard::unionctl {

// `unionctl orgs load grassroots.csv`: creates the grassroots unions listed
// in a CSV with the columns county_code, grassroots_code, name (datagen's
// grassroots.csv). Each create carries the request id "org-load:<code>", so
// loading the same file again changes nothing. Returns how many unions the
// file lists; stops at the first refusal, naming the line.
absl::StatusOr<int> LoadGrassrootsUnions(
    unioncard::member::v1::OrgService::StubInterface& stub,
    const std::string& path, const std::string& token);

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_ORG_LOAD_H_
