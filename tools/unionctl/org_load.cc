#include "tools/unionctl/org_load.h"

#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "common/csv/csv.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"

namespace unioncard::unionctl {

absl::StatusOr<int> LoadGrassrootsUnions(
    unioncard::member::v1::OrgService::StubInterface& stub,
    const std::string& path, const std::string& token) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  csv::CsvReader reader(in);
  std::vector<std::string> row;
  absl::Status error;
  if (!reader.Next(&row, &error)) {
    return absl::InvalidArgumentError(absl::StrCat(path, " is empty"));
  }
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < row.size(); ++i) column[row[i]] = i;
  for (const char* needed : {"county_code", "grassroots_code", "name"}) {
    if (column.count(needed) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, " lacks a ", needed, " column"));
    }
  }
  int count = 0;
  while (reader.Next(&row, &error)) {
    if (!error.ok()) return error;
    if (row.size() < column.size()) continue;
    unioncard::member::v1::CreateGrassrootsUnionRequest request;
    request.set_parent_id(row[column["county_code"]]);
    request.set_id(row[column["grassroots_code"]]);
    request.set_name(row[column["name"]]);
    request.set_request_id(absl::StrCat("org-load:", request.id()));
    unioncard::member::v1::OrgUnit created;
    auto context = rpc::OutboundContext(absl::Seconds(10));
    rpc::SetBearerToken(*context, token);
    absl::Status status = rpc::FromGrpcStatus(
        stub.CreateGrassrootsUnion(context.get(), request, &created));
    if (!status.ok() && status.code() != absl::StatusCode::kAlreadyExists) {
      return absl::Status(status.code(),
                          absl::StrCat(path, " line ", reader.record_line(),
                                       ": ", status.message()));
    }
    ++count;
  }
  return count;
}

}  // namespace unioncard::unionctl
