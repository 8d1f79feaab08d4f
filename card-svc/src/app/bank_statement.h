#ifndef UNIONCARD_CARD_SVC_SRC_APP_BANK_STATEMENT_H_
#define UNIONCARD_CARD_SVC_SRC_APP_BANK_STATEMENT_H_

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "bank/v1/bank.grpc.pb.h"

namespace unioncard::card {

// What the bank booked on `day` (China time): its statement, for the day's
// reconciliation and for settling payouts whose report was lost.
absl::StatusOr<bank::v1::Statement> FetchStatement(
    bank::v1::PartnerBank::StubInterface& bank, absl::CivilDay day);

}  // namespace unioncard::card

#endif  // UNIONCARD_CARD_SVC_SRC_APP_BANK_STATEMENT_H_
