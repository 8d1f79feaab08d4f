#include "card-svc/src/app/bank_statement.h"

#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/status/macros.h"

namespace unioncard::card {

absl::StatusOr<bank::v1::Statement> FetchStatement(
    bank::v1::PartnerBank::StubInterface& bank, absl::CivilDay day) {
  bank::v1::GetStatementRequest request;
  request.set_date(absl::FormatCivilTime(day));
  bank::v1::Statement statement;
  auto context = rpc::OutboundContext(absl::Seconds(30));
  RETURN_IF_ERROR(rpc::FromGrpcStatus(
      bank.GetStatement(context.get(), request, &statement)));
  return statement;
}

}  // namespace unioncard::card
