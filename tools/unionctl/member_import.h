#ifndef UNIONCARD_TOOLS_UNIONCTL_MEMBER_IMPORT_H_
#define UNIONCARD_TOOLS_UNIONCTL_MEMBER_IMPORT_H_

#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "member/v1/member.grpc.pb.h"

namespace unioncard::unionctl {

// `unionctl members import FILE.csv --org=UNION`:
// reads a UTF-8 or GBK (Excel) CSV with a header row, streams its rows to
// member-svc's ImportMembers, draws a progress bar, and writes the rows
// that failed — with a reason column — to FILE.failed.csv in the file's
// own encoding, so the clerk can fix them in Excel and import that file.
//
// Columns, by header name (English or Chinese; others are ignored):
//   name 姓名 | id_number 身份证号码 | mobile 手机号码        (required)
//   employer 工作单位 | migrant_worker 是否农民工 | join_date 入会日期 |
//   grassroots_code 基层工会编码 (overrides --org for that row)
struct ImportOptions {
  std::string default_org_id;
  std::string token;
  int rows_per_message = 500;
  std::FILE* progress = stderr;  // nullptr: quiet
};

struct ImportSummary {
  int rows = 0;
  int created = 0;
  int unchanged = 0;
  int failed = 0;
  std::string encoding;     // "UTF-8" or "GBK"
  std::string failed_file;  // empty when nothing failed
  // Imported rows to look at again: "line 12: id_number: …".
  std::vector<std::string> warnings;
};

absl::StatusOr<ImportSummary> ImportMembersCsv(
    unioncard::member::v1::MemberService::StubInterface& stub,
    const std::string& path, const ImportOptions& options);

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_MEMBER_IMPORT_H_
