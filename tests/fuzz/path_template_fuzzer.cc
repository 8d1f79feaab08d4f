// The gateway's path matching, against every route of its table and
// against templates made of the input: never crashes, and a variable that
// matched holds no '/' and no control character (what the route handlers
// rely on before they put it into a request).
#include <cstddef>
#include <cstdint>
#include <string>

#include "gateway/src/domain/route.h"
#include "gateway/src/http/route_table.h"
#include "tests/fuzz/require.h"

namespace {

using unioncard::fuzz::Require;

void CheckMatch(const unioncard::gateway::PathTemplate& t,
                absl::string_view path) {
  auto vars = t.Match(path);
  if (!vars) return;
  Require(vars->size() == t.variables().size());
  for (const auto& [name, value] : *vars) {
    for (unsigned char c : value) Require(c != '/' && c >= 0x20 && c != 0x7f);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using unioncard::gateway::PathTemplate;
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  static const auto* templates = [] {
    auto* all = new std::vector<PathTemplate>;
    for (const auto& route : unioncard::gateway::RouteTable()) {
      all->push_back(*PathTemplate::Parse(route.path));
    }
    return all;
  }();
  for (const PathTemplate& t : *templates) CheckMatch(t, input);
  // The input as a template, matched against itself split at a newline.
  const size_t nl = input.find('\n');
  auto t = PathTemplate::Parse(input.substr(0, nl));
  if (t.ok() && nl != absl::string_view::npos) {
    CheckMatch(*t, input.substr(nl + 1));
  }
  return 0;
}
