// The gateway's JSON → protobuf transcoding of a request body and query
// string, for the request type of any RPC route: never crashes; a request
// that builds prints as JSON and that JSON builds the same request again.
// Input: one byte choosing the route, then the body, then optionally
// "\n\n" and a query string (name=value&…, not URL-decoded here).
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/message.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gateway/src/app/json_transcoder.h"
#include "gateway/src/http/route_table.h"
#include "tests/fuzz/require.h"

namespace {

using unioncard::fuzz::Require;

using google::protobuf::Descriptor;
using unioncard::gateway::JsonTranscoder;

std::string Bytes(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  m.SerializeToCodedStream(&coded);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* types = [] {
    auto* all = new std::vector<const Descriptor*>;
    for (const auto& route : unioncard::gateway::RouteTable()) {
      if (route.kind != unioncard::gateway::RouteKind::kRpc) continue;
      all->push_back((*JsonTranscoder::FindMethod(route.target))->input_type());
    }
    return all;
  }();
  if (size == 0 || types->empty()) return 0;
  const Descriptor* type = (*types)[data[0] % types->size()];
  const absl::string_view input(reinterpret_cast<const char*>(data + 1),
                                size - 1);
  std::vector<std::string> halves =
      absl::StrSplit(input, absl::MaxSplits("\n\n", 1));
  std::vector<std::pair<std::string, std::string>> query;
  if (halves.size() == 2) {
    for (absl::string_view pair : absl::StrSplit(halves[1], '&')) {
      std::pair<std::string, std::string> kv =
          absl::StrSplit(pair, absl::MaxSplits('=', 1));
      query.push_back(kv);
    }
  }
  auto request = JsonTranscoder::BuildRequest(type, halves[0], query, {});
  if (!request.ok()) return 0;
  auto json = JsonTranscoder::ToJson(**request);
  Require(json.ok());
  auto again = JsonTranscoder::BuildRequest(type, *json, {}, {});
  Require(again.ok() && Bytes(**again) == Bytes(**request));
  return 0;
}
