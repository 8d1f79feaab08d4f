#ifndef UNIONCARD_TOOLS_DATAGEN_CSV_FILE_WRITER_H_
#define UNIONCARD_TOOLS_DATAGEN_CSV_FILE_WRITER_H_

#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace unioncard::datagen {

enum class Encoding { kUtf8, kGbk };

// Writes CSV records to a file in UTF-8 or GBK (as Excel on Chinese Windows
// saves it), converting in large chunks.
class CsvFileWriter {
 public:
  CsvFileWriter() = default;
  ~CsvFileWriter();
  absl::Status Open(const std::string& path, Encoding encoding);
  absl::Status Write(const std::vector<std::string>& record);
  absl::Status Close();

 private:
  absl::Status Flush();

  std::FILE* file_ = nullptr;
  std::string path_;
  Encoding encoding_ = Encoding::kUtf8;
  std::string buffer_;
};

}  // namespace unioncard::datagen

#endif  // UNIONCARD_TOOLS_DATAGEN_CSV_FILE_WRITER_H_
