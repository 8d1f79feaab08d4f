#include "assessment-svc/src/assessment_server.h"

#include "assessment-svc/src/app/card_feed.h"
#include "assessment-svc/src/app/member_feed.h"
#include "assessment-svc/src/store/assessment_schema.h"
#include "common/db/feed_cursor.h"
#include "common/db/migrations.h"
#include "common/grpc/api_types.h"
#include "common/grpc/client.h"
#include "common/log/json_log.h"
#include "common/status/macros.h"

namespace unioncard::assessment {
namespace {

constexpr char kCardFeed[] = "card-svc";
constexpr char kMemberFeed[] = "member-svc";

}  // namespace

absl::StatusOr<std::unique_ptr<AssessmentServer>> AssessmentServer::Start(
    AssessmentServerConfig config) {
  std::unique_ptr<AssessmentServer> s(new AssessmentServer(std::move(config)));
  AssessmentServerConfig& c = s->config_;
  ASSIGN_OR_RETURN(s->pool_, db::ConnectionPool::Create(c.db));
  ASSIGN_OR_RETURN(int applied,
                   db::ApplyMigrations(*s->pool_, AssessmentSchema()));
  log::Info("schema ready", {{"migrations_applied", applied}});
  s->progress_ = std::make_unique<ProgressStore>(s->pool_.get());
  s->regular_items_ = std::make_unique<RegularItemsStore>(s->pool_.get());
  s->incidents_ = std::make_unique<IncidentStore>(s->pool_.get());
  s->assessments_ = std::make_unique<AssessmentStore>(s->pool_.get());
  s->plans_ = std::make_unique<PlanStore>(s->pool_.get());
  s->plan_book_ = std::make_unique<PlanBook>(c.plan, s->plans_.get());
  s->service_items_ = std::make_unique<ServiceItemCounts>(
      std::shared_ptr<merchant::v1::MerchantService::Stub>(
          merchant::v1::MerchantService::NewStub(
              rpc::MakeChannel(c.merchant_svc_address))),
      c.merchant_svc_token);
  if (!c.today) {
    c.today = [] { return absl::ToCivilDay(absl::Now(), rpc::ChinaTime()); };
  }
  const AssessmentServiceDeps deps{&c.verifier,
                                   s->progress_.get(),
                                   s->regular_items_.get(),
                                   s->incidents_.get(),
                                   s->assessments_.get(),
                                   s->plans_.get(),
                                   s->plan_book_.get(),
                                   s->service_items_.get(),
                                   {},
                                   c.today};
  s->service_ = std::make_unique<AssessmentService>(deps);
  s->annual_ = std::make_unique<AnnualAssessmentService>(deps);
  s->plan_service_ = std::make_unique<PlanService>(deps);

  auto card_stub = std::shared_ptr<card::v1::CardService::Stub>(
      card::v1::CardService::NewStub(rpc::MakeChannel(c.card_svc_address)));
  ProgressStore* progress = s->progress_.get();
  s->follower_ =
      rpc::FollowWatchEvents<card::v1::CardEvent, card::v1::WatchEventsRequest>(
          kCardFeed, s->pool_.get(), card_stub, c.card_svc_token,
          [progress](const card::v1::CardEvent& event) {
            return HandleCardEvent(*progress, event);
          });

  auto member_stub = std::shared_ptr<member::v1::MemberService::Stub>(
      member::v1::MemberService::NewStub(
          rpc::MakeChannel(c.member_svc_address)));
  s->member_follower_ = rpc::FollowWatchEvents<member::v1::MemberEvent,
                                               member::v1::WatchEventsRequest>(
      kMemberFeed, s->pool_.get(), member_stub, c.member_svc_token,
      [progress](const member::v1::MemberEvent& event) {
        return HandleMemberEvent(*progress, event);
      });

  s->runner_ = std::make_unique<rpc::ServiceRunner>(c.server);
  s->audit_log_ =
      std::make_unique<rpc::AuditLogService>(s->pool_.get(), &c.verifier);
  s->runner_->AddService(s->audit_log_.get());
  s->runner_->AddService(s->service_.get());
  s->runner_->AddService(s->annual_.get());
  s->runner_->AddService(s->plan_service_.get());
  RETURN_IF_ERROR(s->runner_->Start());
  s->follower_->Start();
  s->member_follower_->Start();
  return s;
}

void AssessmentServer::Stop() {
  if (stopped_) return;
  stopped_ = true;
  follower_->Stop();
  member_follower_->Stop();
  runner_->RequestShutdown();
  runner_->Wait();
}

AssessmentServer::~AssessmentServer() {
  if (runner_ != nullptr && follower_ != nullptr) Stop();
}

}  // namespace unioncard::assessment
