#include "common/import/member_csv_import.h"

#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/csv/csv.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/import/member_import_call.h"
#include "common/text/gbk.h"
#include "common/text/utf8.h"

namespace unioncard::import {
namespace {

namespace v1 = unioncard::member::v1;

const std::map<std::string, std::string>& HeaderAliases() {
  static const auto* aliases = new std::map<std::string, std::string>{
      {"name", "name"},
      {"姓名", "name"},
      {"id_number", "id_number"},
      {"身份证号码", "id_number"},
      {"身份证号", "id_number"},
      {"mobile", "mobile"},
      {"手机号码", "mobile"},
      {"手机号", "mobile"},
      {"employer", "employer"},
      {"工作单位", "employer"},
      {"migrant_worker", "migrant_worker"},
      {"是否农民工", "migrant_worker"},
      {"join_date", "join_date"},
      {"入会日期", "join_date"},
      {"grassroots_code", "grassroots_code"},
      {"基层工会编码", "grassroots_code"},
  };
  return *aliases;
}

}  // namespace

absl::StatusOr<MemberCsvResult> ImportMemberCsv(
    v1::MemberService::StubInterface& stub, const std::string& file_bytes,
    const MemberCsvOptions& options) {
  MemberCsvResult summary;
  absl::StatusOr<text::ClerkText> decoded =
      text::DecodeClerkFile(file_bytes, options.source_name);
  if (!decoded.ok()) return decoded.status();
  summary.encoding = decoded->encoding;
  std::istringstream csv_text(decoded->utf8);
  csv::CsvReader reader(csv_text);
  std::vector<std::string> header;
  absl::Status error;
  if (!reader.Next(&header, &error) || !error.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(options.source_name, " has no header row"));
  }
  std::map<std::string, size_t> column;  // field -> index
  for (size_t i = 0; i < header.size(); ++i) {
    auto alias = HeaderAliases().find(header[i]);
    if (alias != HeaderAliases().end()) column[alias->second] = i;
  }
  for (const char* required : {"name", "id_number", "mobile"}) {
    if (column.count(required) == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          options.source_name, " lacks a \"", required,
          "\" column; the header must name name, id_number and mobile (or "
          "姓名, 身份证号码, 手机号码)"));
    }
  }
  if (column.count("grassroots_code") == 0 && options.default_org_id.empty()) {
    return absl::InvalidArgumentError(
        "name the union to import into (--org, or org_id in the portal) or "
        "give a grassroots_code column");
  }

  // Every record, kept so failed ones can be written back out as they were.
  struct Record {
    int line;
    std::vector<std::string> fields;
    std::string local_error;  // a CSV problem: never sent
  };
  std::vector<Record> records;
  std::vector<std::string> fields;
  while (reader.Next(&fields, &error)) {
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    records.push_back({reader.record_line(), fields,
                       error.ok() ? "" : std::string(error.message())});
  }
  summary.rows = static_cast<int>(records.size());

  auto field = [&](const Record& r, const char* name) -> std::string {
    auto it = column.find(name);
    if (it == column.end() || it->second >= r.fields.size()) return "";
    return r.fields[it->second];
  };
  // Read on the call's own thread as batches are committed; read here only
  // once the call has ended.
  std::map<int, std::string> failures;  // line -> reason
  std::vector<RowWarning> warnings;
  int created = 0;
  int unchanged = 0;
  auto on_answer = [&](v1::ImportMembersResponse& answer) {
    created = answer.created();
    unchanged = answer.unchanged();
    for (const v1::ImportRowResult& r : answer.results()) {
      if (r.outcome() == v1::IMPORT_OUTCOME_FAILED) {
        failures[r.row_number()] = r.reason();
        continue;
      }
      for (const std::string& warning : r.warnings()) {
        warnings.push_back({r.row_number(), warning});
      }
    }
  };
  // CSV problems are never sent: they are failures of their own.
  std::map<int, std::string> local_failures;
  size_t next = 0;
  auto next_rows = [&](v1::ImportRows& rows) {
    while (next < records.size() &&
           rows.rows_size() < options.rows_per_message) {
      const Record& r = records[next++];
      if (!r.local_error.empty()) {
        local_failures[r.line] = r.local_error;
        continue;
      }
      v1::ImportRow* row = rows.add_rows();
      row->set_row_number(r.line);
      row->set_name(field(r, "name"));
      row->set_id_number(field(r, "id_number"));
      row->set_mobile(field(r, "mobile"));
      row->set_employer(field(r, "employer"));
      row->set_migrant_worker(field(r, "migrant_worker"));
      row->set_join_date(field(r, "join_date"));
      row->set_grassroots_code(field(r, "grassroots_code"));
    }
    if (options.on_progress && rows.rows_size() > 0) {
      options.on_progress(static_cast<int>(next), summary.rows);
    }
    return rows.rows_size() > 0;
  };
  v1::ImportHeader import_header;
  import_header.set_default_org_id(options.default_org_id);
  import_header.set_source_name(options.source_name);
  auto context = rpc::OutboundContext(options.deadline);
  rpc::SetBearerToken(*context, options.token);
  absl::Status status =
      CallImportMembers(stub, *context, import_header, next_rows, on_answer);
  if (!status.ok()) {
    return absl::Status(status.code(),
                        absl::StrCat("import stopped: ", status.message(),
                                     " (rows already imported stay; running "
                                     "the same file again is safe)"));
  }

  summary.created = created;
  summary.unchanged = unchanged;
  summary.warnings = std::move(warnings);
  failures.merge(local_failures);
  summary.failed = static_cast<int>(failures.size());
  for (const auto& [line, reason] : failures) {
    summary.failures.push_back({line, reason});
  }
  if (failures.empty()) return summary;

  // The failed rows, as they were, plus the reason: fix and import again.
  std::string out;
  std::vector<std::string> out_header = header;
  out_header.push_back("错误原因 (reason)");
  csv::AppendCsvRecord(out_header, &out);
  for (const Record& r : records) {
    auto reason = failures.find(r.line);
    if (reason == failures.end()) continue;
    std::vector<std::string> row = r.fields;
    row.resize(header.size());
    row.push_back(absl::StrCat("第", r.line, "行: ", reason->second));
    csv::AppendCsvRecord(row, &out);
  }
  if (summary.encoding == "GBK") {
    absl::StatusOr<std::string> gbk = text::Utf8ToGbk(out);
    if (gbk.ok()) out = *std::move(gbk);
  }
  summary.failed_csv = std::move(out);
  return summary;
}

}  // namespace unioncard::import
