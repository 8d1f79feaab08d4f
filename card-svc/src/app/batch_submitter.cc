#include "card-svc/src/app/batch_submitter.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/log/json_log.h"
#include "common/status/macros.h"

namespace unioncard::card {

absl::Status BatchSubmitter::Submit(const std::string& batch_id,
                                    const std::vector<int64_t>& card_ids) {
  bank::v1::SubmitApplicationsRequest request;
  request.set_batch_id(batch_id);
  if (card_ids.empty()) return absl::OkStatus();
  // Marked SUBMITTED together (one transaction), each on its own: a card
  // cancelled since it was requested (membership ended) is left out and
  // the bank is not asked for it.
  std::vector<CardChange> changes;
  for (int64_t card_id : card_ids) {
    changes.push_back({absl::StrCat("batch:", batch_id, ":", card_id), card_id,
                       CardEvent::kSubmit, absl::Now(),
                       absl::StrCat("batch ", batch_id), std::nullopt});
  }
  ASSIGN_OR_RETURN(std::vector<absl::Status> submitted,
                   cards_->ApplyMany(service_, changes));
  std::vector<int64_t> going;
  for (size_t i = 0; i < card_ids.size(); ++i) {
    if (submitted[i].code() == absl::StatusCode::kFailedPrecondition) {
      log::Info("card left out of batch", {{"batch_id", batch_id},
                                           {"card_id", card_ids[i]},
                                           {"why", submitted[i].ToString()}});
      continue;
    }
    RETURN_IF_ERROR(submitted[i]);
    going.push_back(card_ids[i]);
  }
  ASSIGN_OR_RETURN(auto cards, cards_->GetMany(going));
  for (int64_t card_id : going) {
    const CardRecord& card = cards.at(card_id);
    bank::v1::CardApplication* application = request.add_applications();
    application->set_card_id(card.id);
    application->set_member_id(card.member_id);
    application->set_county_id(card.county_id);
    application->set_org_id(card.org_id);
  }
  if (request.applications_size() == 0) return absl::OkStatus();
  absl::Duration backoff = absl::Milliseconds(100);
  absl::Status status;
  for (int attempt = 1; attempt <= max_attempts_; ++attempt) {
    bank::v1::SubmitApplicationsResponse response;
    auto context = rpc::OutboundContext(absl::Seconds(10));
    status = rpc::FromGrpcStatus(
        bank_->SubmitApplications(context.get(), request, &response));
    if (status.ok()) {
      log::Info("batch sent", {{"batch_id", batch_id},
                               {"accepted", response.accepted()},
                               {"already_known", response.already_known()}});
      return absl::OkStatus();
    }
    if (status.code() != absl::StatusCode::kUnavailable &&
        status.code() != absl::StatusCode::kDeadlineExceeded) {
      return status;
    }
    log::Warn("batch send retried", {{"batch_id", batch_id},
                                     {"attempt", attempt},
                                     {"error", status.ToString()}});
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, absl::Seconds(5));
  }
  return absl::UnavailableError(absl::StrCat(
      "the bank did not take batch ", batch_id, ": ", status.message(),
      "; the cards stay SUBMITTED and the batch can be sent again"));
}

}  // namespace unioncard::card
