#include "merchant-svc/src/merchant_server.h"

#include "absl/time/clock.h"
#include "common/db/feed_cursor.h"
#include "common/db/migrations.h"
#include "common/grpc/api_types.h"
#include "common/grpc/client.h"
#include "common/log/json_log.h"
#include "common/status/macros.h"
#include "merchant-svc/src/app/card_feed.h"
#include "merchant-svc/src/store/merchant_schema.h"

namespace unioncard::merchant {
namespace {

constexpr char kCardFeed[] = "card-svc";

}  // namespace

absl::StatusOr<std::unique_ptr<MerchantServer>> MerchantServer::Start(
    MerchantServerConfig config) {
  std::unique_ptr<MerchantServer> s(new MerchantServer(std::move(config)));
  MerchantServerConfig& c = s->config_;
  if (!c.today) {
    c.today = [] { return absl::ToCivilDay(absl::Now(), rpc::ChinaTime()); };
  }
  ASSIGN_OR_RETURN(s->pool_, db::ConnectionPool::Create(c.db));
  ASSIGN_OR_RETURN(int applied,
                   db::ApplyMigrations(*s->pool_, MerchantSchema()));
  log::Info("schema ready", {{"migrations_applied", applied}});

  s->merchants_ = std::make_unique<MerchantStore>(s->pool_.get());
  s->ratings_ = std::make_unique<RatingStore>(s->pool_.get());
  s->usage_ = std::make_unique<UsageStore>(s->pool_.get());
  s->evaluator_ = std::make_unique<MerchantEvaluator>(
      s->merchants_.get(), s->ratings_.get(), c.policy);
  std::shared_ptr<grpc::Channel> card_channel =
      rpc::MakeChannel(c.card_svc_address);
  auto card_stub = std::shared_ptr<card::v1::CardService::Stub>(
      card::v1::CardService::NewStub(card_channel));
  s->card_holders_ = std::make_unique<CardHolders>(card_stub, c.card_svc_token);
  MerchantServiceDeps deps{&c.verifier,         s->merchants_.get(),
                           s->ratings_.get(),   s->usage_.get(),
                           s->evaluator_.get(), s->card_holders_.get(),
                           c.counties,          c.today,
                           MerchantAccess()};
  s->service_ = std::make_unique<MerchantService>(std::move(deps));

  MerchantStore* merchants = s->merchants_.get();
  UsageStore* usage = s->usage_.get();
  s->follower_ =
      rpc::FollowWatchEvents<card::v1::CardEvent, card::v1::WatchEventsRequest>(
          kCardFeed, s->pool_.get(), card_stub, c.card_svc_token,
          [merchants, usage](const card::v1::CardEvent& event) {
            return HandleCardEvent(*merchants, *usage, event);
          });

  // The daily evaluation: once a day has begun it is evaluated once
  // (running it again for the same day gives the same result).
  MerchantEvaluator* evaluator = s->evaluator_.get();
  auto today = c.today;
  auto last_day = std::make_shared<std::optional<absl::CivilDay>>();
  s->evaluation_worker_ = std::make_unique<rpc::PeriodicWorker>(
      "merchant evaluation", c.evaluation_check,
      [evaluator, today, last_day](const auto&) {
        const absl::CivilDay day = today();
        if (*last_day == day) return;
        auto report = evaluator->EvaluateAll(day);
        if (!report.ok()) {
          log::Warn("merchant evaluation failed; will retry",
                    {{"error", report.status().ToString()}});
          return;
        }
        *last_day = day;
        log::Info("merchants evaluated", {{"day", absl::FormatCivilTime(day)},
                                          {"merchants", report->size()}});
      });

  s->runner_ = std::make_unique<rpc::ServiceRunner>(c.server);
  s->audit_log_ =
      std::make_unique<rpc::AuditLogService>(s->pool_.get(), &c.verifier);
  s->runner_->AddService(s->audit_log_.get());
  s->runner_->AddService(s->service_.get());
  RETURN_IF_ERROR(s->runner_->Start());
  s->follower_->Start();
  s->evaluation_worker_->Start();
  return s;
}

void MerchantServer::Stop() {
  if (stopped_) return;
  stopped_ = true;
  follower_->Stop();
  evaluation_worker_->Stop();
  runner_->RequestShutdown();
  runner_->Wait();
}

MerchantServer::~MerchantServer() {
  if (runner_ != nullptr && follower_ != nullptr &&
      evaluation_worker_ != nullptr) {
    Stop();
  }
}

}  // namespace unioncard::merchant
