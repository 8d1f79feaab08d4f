#include "merchant-svc/src/merchant_server.h"

#include "absl/time/clock.h"
#include "common/db/feed_cursor.h"
#include "common/grpc/api_types.h"
#include "common/grpc/client.h"
#include "common/grpc/periodic_worker.h"
#include "common/log/json_log.h"
#include "common/status/macros.h"
#include "merchant-svc/src/api/merchant_service.h"
#include "merchant-svc/src/app/card_feed.h"
#include "merchant-svc/src/store/merchant_schema.h"

namespace unioncard::merchant {
namespace {

constexpr char kCardFeed[] = "card-svc";

// The daily evaluation: once a day has begun it is evaluated once (running
// it again for the same day gives the same result).
std::unique_ptr<rpc::PeriodicWorker> DailyEvaluation(
    MerchantEvaluator* evaluator, std::function<absl::CivilDay()> today,
    absl::Duration check) {
  auto last_day = std::make_shared<std::optional<absl::CivilDay>>();
  return std::make_unique<rpc::PeriodicWorker>(
      "merchant evaluation", check,
      [evaluator, today = std::move(today),
       last_day](const std::function<bool()>& stopping) {
        const absl::CivilDay day = today();
        if (*last_day == day) return;
        auto report = evaluator->EvaluateAll(day, stopping);
        if (absl::IsCancelled(report.status())) {
          log::Info("merchant evaluation stopped",
                    {{"reason", report.status().message()}});
          return;
        }
        if (!report.ok()) {
          log::Warn("merchant evaluation failed; will retry",
                    {{"error", report.status().ToString()}});
          return;
        }
        *last_day = day;
        log::Info("merchants evaluated", {{"day", absl::FormatCivilTime(day)},
                                          {"merchants", report->size()}});
      });
}

}  // namespace

absl::StatusOr<std::unique_ptr<RunningMerchantSvc>> StartMerchantServer(
    MerchantServerConfig config) {
  auto kept = std::make_unique<MerchantServerConfig>(std::move(config));
  if (!kept->today) kept->today = rpc::TodayInChina;
  auto running = std::make_unique<RunningMerchantSvc>();
  ASSIGN_OR_RETURN(running->host,
                   rpc::ServiceHost::Open({kept->db, MerchantSchema(),
                                           kept->server, &kept->verifier}));
  rpc::ServiceHost& host = *running->host;
  const MerchantServerConfig& c = *host.Keep(std::move(kept));

  auto* merchants = host.Keep(std::make_unique<MerchantStore>(host.pool()));
  auto* ratings = host.Keep(std::make_unique<RatingStore>(host.pool()));
  auto* usage = host.Keep(std::make_unique<UsageStore>(host.pool()));
  auto* evaluator = host.Keep(
      std::make_unique<MerchantEvaluator>(merchants, ratings, c.policy));
  auto card_stub = std::shared_ptr<card::v1::CardService::Stub>(
      card::v1::CardService::NewStub(rpc::MakeChannel(c.card_svc_address)));
  auto* card_holders =
      host.Keep(std::make_unique<CardHolders>(card_stub, c.card_svc_token));
  auto* contracts =
      host.Keep(std::make_unique<MerchantContracts>(merchants, c.today));
  auto* catalogue = host.Keep(
      std::make_unique<ServiceCatalogue>(merchants, contracts, c.today));
  auto* member_ratings = host.Keep(std::make_unique<MerchantRatings>(
      merchants, ratings, contracts, card_holders, c.today));
  auto* reports = host.Keep(std::make_unique<MerchantReports>(
      ratings, usage, evaluator, contracts, c.today));
  host.Serve(std::make_unique<MerchantService>(MerchantServiceDeps{
      &c.verifier, contracts, catalogue, member_ratings, reports, c.counties}));

  running->card_feed = host.InBackground(
      rpc::FollowWatchEvents<card::v1::CardEvent, card::v1::WatchEventsRequest>(
          kCardFeed, host.pool(), card_stub, c.card_svc_token,
          [merchants, usage](const card::v1::CardEvent& event) {
            return HandleCardEvent(*merchants, *usage, event);
          }));
  host.InBackground(DailyEvaluation(evaluator, c.today, c.evaluation_check));
  RETURN_IF_ERROR(host.Start());
  return running;
}

}  // namespace unioncard::merchant
