// The date fields of every API ("2026-12-01", "2026-12") and of an import
// row: never crash, and an accepted date prints back as the very text given.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/time/civil_time.h"
#include "common/grpc/api_types.h"
#include "member-svc/src/domain/member_validation.h"
#include "tests/fuzz/require.h"

using unioncard::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (auto day = unioncard::rpc::ParseDayField(text, "date"); day.ok()) {
    Require(absl::FormatCivilTime(*day) == text);
  }
  if (auto month = unioncard::rpc::ParseMonthField(text, "month"); month.ok()) {
    Require(absl::FormatCivilTime(*month) == text);
  }
  if (auto day = unioncard::member::ParseDate(text); day.ok()) {
    Require(absl::FormatCivilTime(*day) == text);
  }
  return 0;
}
