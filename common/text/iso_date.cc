#include "common/text/iso_date.h"

namespace unioncard::text {
namespace {

template <typename Civil>
std::optional<Civil> ParseExactly(absl::string_view text, size_t length) {
  Civil value;
  if (text.size() != length || !absl::ParseCivilTime(text, &value) ||
      absl::FormatCivilTime(value) != text) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<absl::CivilDay> ParseIsoDay(absl::string_view text) {
  return ParseExactly<absl::CivilDay>(text, 10);
}

std::optional<absl::CivilMonth> ParseIsoMonth(absl::string_view text) {
  return ParseExactly<absl::CivilMonth>(text, 7);
}

}  // namespace unioncard::text
