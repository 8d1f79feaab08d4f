#include "assessment-svc/src/app/service_item_counts.h"

#include "absl/strings/str_cat.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/status/macros.h"

namespace unioncard::assessment {

absl::StatusOr<std::map<std::string, int64_t>> ServiceItemCounts::OwnedOn(
    const std::vector<std::string>& counties, absl::CivilDay day) const {
  std::map<std::string, int64_t> items;
  for (const std::string& county : counties) {
    merchant::v1::CountServiceItemsRequest request;
    request.set_county_id(county);
    request.set_date(absl::FormatCivilTime(day));
    merchant::v1::ServiceItemCount response;
    auto context = rpc::OutboundContext(absl::Seconds(10));
    rpc::SetBearerToken(*context, service_token_);
    absl::Status s = rpc::FromGrpcStatus(
        stub_->CountServiceItems(context.get(), request, &response));
    if (!s.ok()) {
      return absl::Status(s.code(),
                          absl::StrCat("merchant-svc could not count the "
                                       "service items of ",
                                       county, ": ", s.message()));
    }
    // Items the county owns; the city's own items count for nobody.
    items[county] = response.county_items();
  }
  return items;
}

}  // namespace unioncard::assessment
