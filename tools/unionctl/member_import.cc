#include "tools/unionctl/member_import.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/import/member_csv_import.h"

namespace unioncard::unionctl {
namespace {

// Redrawn in place on a terminal; nothing in a log file or pipe.
void DrawProgress(std::FILE* out, int done, int total) {
  if (out == nullptr || total == 0 || !isatty(fileno(out))) return;
  const int width = 40;
  const int filled =
      static_cast<int>(static_cast<int64_t>(done) * width / total);
  std::fprintf(out, "\r[%s%s] %d/%d rows", std::string(filled, '#').c_str(),
               std::string(width - filled, ' ').c_str(), done, total);
  if (done == total) std::fputc('\n', out);
  std::fflush(out);
}

}  // namespace

absl::StatusOr<ImportSummary> ImportMembersCsv(
    unioncard::member::v1::MemberService::StubInterface& stub,
    const std::string& path, const ImportOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream raw;
  raw << in.rdbuf();

  import::MemberCsvOptions import_options;
  import_options.default_org_id = options.default_org_id;
  import_options.token = options.token;
  import_options.source_name = path;
  import_options.rows_per_message = options.rows_per_message;
  std::FILE* progress = options.progress;
  import_options.on_progress = [progress](int sent, int total) {
    DrawProgress(progress, sent, total);
  };
  absl::StatusOr<import::MemberCsvResult> result =
      import::ImportMemberCsv(stub, raw.str(), import_options);
  if (!result.ok()) return result.status();
  ImportSummary summary;
  summary.rows = result->rows;
  summary.created = result->created;
  summary.unchanged = result->unchanged;
  summary.failed = result->failed;
  summary.encoding = result->encoding;
  for (const import::RowWarning& w : result->warnings) {
    summary.warnings.push_back(absl::StrCat("line ", w.line, ": ", w.warning));
  }
  if (result->failed_csv.empty()) return summary;
  summary.failed_file = path + ".failed.csv";
  std::ofstream failed(summary.failed_file, std::ios::binary | std::ios::trunc);
  failed << result->failed_csv;
  if (!failed) {
    return absl::DataLossError(
        absl::StrCat("cannot write ", summary.failed_file));
  }
  return summary;
}

}  // namespace unioncard::unionctl
