#include "assessment-svc/src/assessment_server.h"

#include "absl/time/clock.h"
#include "assessment-svc/src/api/annual_assessment_service.h"
#include "assessment-svc/src/api/assessment_service.h"
#include "assessment-svc/src/api/plan_service.h"
#include "assessment-svc/src/api/revision_json.h"
#include "assessment-svc/src/app/card_feed.h"
#include "assessment-svc/src/app/member_feed.h"
#include "assessment-svc/src/store/assessment_schema.h"
#include "common/grpc/api_types.h"
#include "common/grpc/client.h"
#include "common/status/macros.h"

namespace unioncard::assessment {
namespace {

constexpr char kCardFeed[] = "card-svc";
constexpr char kMemberFeed[] = "member-svc";

}  // namespace

absl::StatusOr<std::unique_ptr<RunningAssessmentSvc>> StartAssessmentServer(
    AssessmentServerConfig config) {
  auto kept = std::make_unique<AssessmentServerConfig>(std::move(config));
  if (!kept->today) kept->today = rpc::TodayInChina;
  auto running = std::make_unique<RunningAssessmentSvc>();
  ASSIGN_OR_RETURN(running->host,
                   rpc::ServiceHost::Open({kept->db, AssessmentSchema(),
                                           kept->server, &kept->verifier}));
  rpc::ServiceHost& host = *running->host;
  const AssessmentServerConfig& c = *host.Keep(std::move(kept));

  auto* progress = host.Keep(std::make_unique<ProgressStore>(host.pool()));
  auto* plans = host.Keep(std::make_unique<PlanStore>(host.pool()));
  auto* regular_items =
      host.Keep(std::make_unique<RegularItemsStore>(host.pool()));
  auto* incidents = host.Keep(std::make_unique<IncidentStore>(host.pool()));
  auto* assessments = host.Keep(std::make_unique<AssessmentStore>(host.pool()));
  auto* plan_book = host.Keep(std::make_unique<PlanBook>(c.plan, plans));
  auto* service_items = host.Keep(std::make_unique<ServiceItemCounts>(
      std::shared_ptr<merchant::v1::MerchantService::Stub>(
          merchant::v1::MerchantService::NewStub(
              rpc::MakeChannel(c.merchant_svc_address))),
      c.merchant_svc_token));
  const ScoringPolicy policy;
  auto* encoder = host.Keep(std::make_unique<JsonRevisionEncoder>(
      [plan_book](const std::string& code) {
        return plan_book->NameOf(code);
      }));
  const AssessmentServiceDeps deps{
      &c.verifier,
      host.Keep(std::make_unique<ProgressReports>(progress, plan_book, policy)),
      host.Keep(std::make_unique<AssessorEntries>(regular_items, incidents)),
      host.Keep(std::make_unique<AnnualAssessments>(
          YearInputSources{plan_book, progress, service_items, regular_items,
                           incidents},
          assessments, encoder, policy, c.today)),
      host.Keep(
          std::make_unique<PlanDrafts>(plans, progress, plan_book, c.today)),
      plan_book,
      policy,
      c.today};
  host.Serve(std::make_unique<AssessmentService>(deps));
  host.Serve(std::make_unique<AnnualAssessmentService>(deps));
  host.Serve(std::make_unique<PlanService>(deps));

  auto card_stub = std::shared_ptr<card::v1::CardService::Stub>(
      card::v1::CardService::NewStub(rpc::MakeChannel(c.card_svc_address)));
  running->card_feed = host.InBackground(
      rpc::FollowWatchEvents<card::v1::CardEvent, card::v1::WatchEventsRequest>(
          kCardFeed, host.pool(), card_stub, c.card_svc_token,
          [progress](const card::v1::CardEvent& event) {
            return HandleCardEvent(*progress, event);
          }));
  auto member_stub = std::shared_ptr<member::v1::MemberService::Stub>(
      member::v1::MemberService::NewStub(
          rpc::MakeChannel(c.member_svc_address)));
  running->member_feed =
      host.InBackground(rpc::FollowWatchEvents<member::v1::MemberEvent,
                                               member::v1::WatchEventsRequest>(
          kMemberFeed, host.pool(), member_stub, c.member_svc_token,
          [progress](const member::v1::MemberEvent& event) {
            return HandleMemberEvent(*progress, event);
          }));
  RETURN_IF_ERROR(host.Start());
  return running;
}

}  // namespace unioncard::assessment
