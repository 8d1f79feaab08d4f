#include "tools/datagen/csv_file_writer.h"

#include "absl/strings/str_cat.h"
#include "common/csv/csv.h"
#include "common/text/gbk.h"

namespace unioncard::datagen {
namespace {
constexpr size_t kChunkBytes = 1 << 20;
}  // namespace

CsvFileWriter::~CsvFileWriter() { (void)Close(); }

absl::Status CsvFileWriter::Open(const std::string& path, Encoding encoding) {
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) {
    return absl::PermissionDeniedError(absl::StrCat("cannot write ", path));
  }
  path_ = path;
  encoding_ = encoding;
  return absl::OkStatus();
}

absl::Status CsvFileWriter::Write(const std::vector<std::string>& record) {
  csv::AppendCsvRecord(record, &buffer_);
  return buffer_.size() >= kChunkBytes ? Flush() : absl::OkStatus();
}

absl::Status CsvFileWriter::Flush() {
  if (buffer_.empty() || file_ == nullptr) return absl::OkStatus();
  std::string bytes;
  if (encoding_ == Encoding::kGbk) {
    absl::StatusOr<std::string> gbk = text::Utf8ToGbk(buffer_);
    if (!gbk.ok()) return gbk.status();
    bytes = *std::move(gbk);
  } else {
    bytes.swap(buffer_);
  }
  buffer_.clear();
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    return absl::DataLossError(absl::StrCat("short write to ", path_));
  }
  return absl::OkStatus();
}

absl::Status CsvFileWriter::Close() {
  if (file_ == nullptr) return absl::OkStatus();
  absl::Status status = Flush();
  if (std::fclose(file_) != 0 && status.ok()) {
    status = absl::DataLossError(absl::StrCat("cannot close ", path_));
  }
  file_ = nullptr;
  return status;
}

}  // namespace unioncard::datagen
