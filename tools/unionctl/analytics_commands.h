#ifndef UNIONCARD_TOOLS_UNIONCTL_ANALYTICS_COMMANDS_H_
#define UNIONCARD_TOOLS_UNIONCTL_ANALYTICS_COMMANDS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "assessment/v1/assessment.grpc.pb.h"
#include "card/v1/card.grpc.pb.h"
#include "common/report/report.h"
#include "merchant/v1/merchant.grpc.pb.h"

namespace unioncard::unionctl {

using report::Report;

// The usage analytics of docs/rules.md §5.11 and §6.2, each from the
// service that keeps its figures, as reports (table, CSV or XLSX):
//   analytics progress --from=YYYY-MM --to=YYYY-MM   coverage and activation
//                                        per county at each month end
//   analytics usage --county=C --month=YYYY-MM       spend by category
//   analytics dormant [--org=U] --kind=not-activated|never-used [--days=30]
//                                        members to follow up, per union
struct AnalyticsChannels {
  std::shared_ptr<grpc::ChannelInterface> assessment, card, merchant;
};

class AnalyticsCommands {
 public:
  AnalyticsCommands(const AnalyticsChannels& channels, std::string token);

  absl::StatusOr<Report> Progress(const std::string& from,
                                  const std::string& to);
  absl::StatusOr<Report> Usage(const std::string& county,
                               const std::string& month);
  absl::StatusOr<Report> Dormant(const std::string& org_id,
                                 const std::string& kind, int days);

 private:
  std::unique_ptr<assessment::v1::AssessmentService::Stub> assessment_;
  std::unique_ptr<card::v1::CardService::Stub> cards_;
  std::unique_ptr<merchant::v1::MerchantService::Stub> merchants_;
  std::string token_;
};

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_ANALYTICS_COMMANDS_H_
