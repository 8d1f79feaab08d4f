#ifndef UNIONCARD_COMMON_IMPORT_MEMBER_CSV_IMPORT_H_
#define UNIONCARD_COMMON_IMPORT_MEMBER_CSV_IMPORT_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "member/v1/member.grpc.pb.h"

namespace unioncard::import {

// A clerk's member list (CSV, UTF-8 or GBK as Excel saves it) streamed to
// member-svc's ImportMembers: one code path for `unionctl members import`
// and the gateway's POST /v1/members:import.
//
// Columns, by header name (English or Chinese; others are ignored):
//   name 姓名 | id_number 身份证号码 | mobile 手机号码        (required)
//   employer 工作单位 | migrant_worker 是否农民工 | join_date 入会日期 |
//   grassroots_code 基层工会编码 (overrides the default union for that row)
struct MemberCsvOptions {
  std::string default_org_id;
  std::string token;
  std::string source_name;  // the file's name, recorded by member-svc
  int rows_per_message = 500;
  absl::Duration deadline = absl::Hours(2);
  // Called after each message is sent: rows sent so far, rows in all.
  std::function<void(int sent, int total)> on_progress;
};

struct FailedRow {
  int line = 0;  // the record's line in the file
  std::string reason;
};

// A row imported (created or unchanged) that a clerk should still look at,
// e.g. "id_number: region code 139999 is in no list of GB/T 2260 …".
struct RowWarning {
  int line = 0;
  std::string warning;
};

struct MemberCsvResult {
  int rows = 0;
  int created = 0;
  int unchanged = 0;
  int failed = 0;
  std::string encoding;              // "UTF-8" or "GBK"
  std::vector<FailedRow> failures;   // by line
  std::vector<RowWarning> warnings;  // by line
  // The failed rows as they were plus a "错误原因 (reason)" column, in the
  // file's own encoding, so the clerk fixes them in Excel and imports that
  // file; empty when nothing failed.
  std::string failed_csv;
};

// INVALID_ARGUMENT for a file that is not UTF-8 or GBK text or lacks a
// required column; the stream's status (with "rows already imported stay")
// when the import stopped half-way.
absl::StatusOr<MemberCsvResult> ImportMemberCsv(
    unioncard::member::v1::MemberService::StubInterface& stub,
    const std::string& file_bytes, const MemberCsvOptions& options);

}  // namespace unioncard::import

#endif  // UNIONCARD_COMMON_IMPORT_MEMBER_CSV_IMPORT_H_
