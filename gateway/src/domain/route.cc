#include "gateway/src/domain/route.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace unioncard::gateway {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

absl::StatusOr<std::string> PercentDecode(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) {
      return absl::InvalidArgumentError("broken %-escape");
    }
    int hi = HexValue(text[i + 1]);
    int lo = HexValue(text[i + 2]);
    if (hi < 0 || lo < 0) return absl::InvalidArgumentError("broken %-escape");
    char c = static_cast<char>(hi * 16 + lo);
    if (c == '\0') return absl::InvalidArgumentError("NUL in a path");
    out.push_back(c);
    i += 2;
  }
  return out;
}

absl::StatusOr<PathTemplate> PathTemplate::Parse(absl::string_view text) {
  if (text.empty() || text[0] != '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("path template \"", text, "\" must start with /"));
  }
  PathTemplate t;
  absl::string_view rest = text.substr(1);
  // A custom verb follows the last ':' of the last segment.
  size_t last_slash = rest.rfind('/');
  size_t colon =
      rest.find(':', last_slash == absl::string_view::npos ? 0 : last_slash);
  if (colon != absl::string_view::npos) {
    t.verb_ = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
    if (t.verb_.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("path template \"", text, "\" has an empty verb"));
    }
  }
  for (absl::string_view part : absl::StrSplit(rest, '/')) {
    if (part.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("path template \"", text, "\" has an empty segment"));
    }
    Segment s;
    if (part.front() == '{') {
      if (part.back() != '}' || part.size() < 3) {
        return absl::InvalidArgumentError(absl::StrCat(
            "path template \"", text, "\" has an unclosed variable"));
      }
      s.variable = true;
      s.text = std::string(part.substr(1, part.size() - 2));
      t.variables_.push_back(s.text);
    } else {
      s.text = std::string(part);
      ++t.literal_count_;
    }
    t.segments_.push_back(std::move(s));
  }
  return t;
}

std::optional<std::map<std::string, std::string>> PathTemplate::Match(
    absl::string_view path) const {
  if (path.empty() || path[0] != '/') return std::nullopt;
  absl::string_view rest = path.substr(1);
  if (!verb_.empty()) {
    std::string suffix = absl::StrCat(":", verb_);
    if (rest.size() <= suffix.size() ||
        rest.substr(rest.size() - suffix.size()) != suffix) {
      return std::nullopt;
    }
    rest = rest.substr(0, rest.size() - suffix.size());
  }
  std::vector<absl::string_view> parts = absl::StrSplit(rest, '/');
  if (parts.size() != segments_.size()) return std::nullopt;
  std::map<std::string, std::string> values;
  for (size_t i = 0; i < parts.size(); ++i) {
    const Segment& s = segments_[i];
    if (!s.variable) {
      if (parts[i] != s.text) return std::nullopt;
      continue;
    }
    // Without a verb in the template, "123:freeze" must not match "{id}".
    if (parts[i].empty() || parts[i].find(':') != absl::string_view::npos) {
      return std::nullopt;
    }
    absl::StatusOr<std::string> value = PercentDecode(parts[i]);
    if (!value.ok()) return std::nullopt;
    for (unsigned char c : *value) {
      if (c < 0x20 || c == 0x7f || c == '/') return std::nullopt;
    }
    values[s.text] = *std::move(value);
  }
  return values;
}

}  // namespace unioncard::gateway
