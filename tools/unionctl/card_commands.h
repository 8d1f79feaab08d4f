#ifndef UNIONCARD_TOOLS_UNIONCTL_CARD_COMMANDS_H_
#define UNIONCARD_TOOLS_UNIONCTL_CARD_COMMANDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "card/v1/card.grpc.pb.h"
#include "card/v1/payouts.grpc.pb.h"
#include "common/report/report.h"

namespace unioncard::unionctl {

// unionctl's card-svc commands. Each returns the report it prints (plain
// text a clerk or an operator reads), or card-svc's error as it came.
//
//   cards batch create --org=UNION [--members=1,2,3]
//   cards batch show ID
//   cards show --member=ID
//   payouts create FILE.csv --programme=P --title=T
//   payouts approve ID | payouts decline ID --note=WHY | payouts show ID
//   payouts reconcile --date=YYYY-MM-DD
class CardCommands {
 public:
  CardCommands(card::v1::CardService::StubInterface* cards,
               card::v1::PayoutService::StubInterface* payouts,
               std::string token)
      : cards_(cards), payouts_(payouts), token_(std::move(token)) {}

  absl::StatusOr<std::string> CreateBatch(const std::string& org_id,
                                          const std::vector<int64_t>& members,
                                          const std::string& request_id);
  absl::StatusOr<std::string> ShowBatch(int64_t batch_id);
  absl::StatusOr<std::string> ShowMemberCards(int64_t member_id);

  // FILE.csv: member_id,amount_fen,reason (header row; 会员编号,金额分,事由
  // also accepted), UTF-8 or GBK. A bad line is named before anything is
  // sent; the request id comes from the file's content, so running the
  // same command twice creates one batch.
  absl::StatusOr<std::string> CreatePayouts(const std::string& path,
                                            const std::string& programme_id,
                                            const std::string& title);
  absl::StatusOr<std::string> DecidePayouts(int64_t batch_id, bool approve,
                                            const std::string& note);
  absl::StatusOr<std::string> ShowPayouts(int64_t batch_id);
  // `differences` gets how many differences the day has.
  absl::StatusOr<std::string> Reconcile(const std::string& date,
                                        int* differences);

 private:
  std::unique_ptr<grpc::ClientContext> Context() const;

  card::v1::CardService::StubInterface* cards_;
  card::v1::PayoutService::StubInterface* payouts_;
  std::string token_;
};

using report::Yuan;

}  // namespace unioncard::unionctl

#endif  // UNIONCARD_TOOLS_UNIONCTL_CARD_COMMANDS_H_
