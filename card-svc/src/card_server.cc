#include "card-svc/src/card_server.h"

#include "card-svc/src/feeds/member_feed.h"
#include "card-svc/src/store/card_schema.h"
#include "common/db/feed_cursor.h"
#include "common/db/migrations.h"
#include "common/grpc/client.h"
#include "common/log/json_log.h"
#include "common/status/macros.h"

namespace unioncard::card {
namespace {

constexpr char kMemberFeed[] = "member-svc";

}  // namespace

absl::StatusOr<std::unique_ptr<CardServer>> CardServer::Start(
    CardServerConfig config) {
  std::unique_ptr<CardServer> s(new CardServer(std::move(config)));
  CardServerConfig& c = s->config_;
  s->service_ = {"card-svc", auth::Role::kService, "city", "/city/", {}, {}};

  // The bank link's credentials first: a bad certificate path should stop
  // the start before anything else happens.
  ASSIGN_OR_RETURN(auto bank_server_credentials,
                   rpc::MutualTlsServerCredentials(c.bank_tls));
  ASSIGN_OR_RETURN(auto bank_channel_credentials,
                   rpc::MutualTlsChannelCredentials(c.bank_tls));

  ASSIGN_OR_RETURN(s->pool_, db::ConnectionPool::Create(c.db));
  ASSIGN_OR_RETURN(int applied, db::ApplyMigrations(*s->pool_, CardSchema()));
  log::Info("schema ready", {{"migrations_applied", applied}});

  s->cards_ = std::make_unique<CardStore>(s->pool_.get(), &CardEventOutbox());
  s->queries_ = std::make_unique<CardQueries>(s->pool_.get());
  s->batch_store_ = std::make_unique<IssuanceBatchStore>(s->pool_.get());
  std::shared_ptr<grpc::Channel> member_channel =
      rpc::MakeChannel(c.member_svc_address);
  s->members_ =
      std::make_unique<MemberDirectory>(member_channel, c.member_svc_token);
  s->requests_ =
      std::make_unique<CardRequests>(s->cards_.get(), s->members_.get());
  s->submitter_ = std::make_unique<BatchSubmitter>(
      s->cards_.get(),
      bank::v1::PartnerBank::NewStub(
          rpc::MakeChannel(c.bank_address, bank_channel_credentials)),
      s->service_, c.bank_attempts_per_round);
  s->dispatcher_ = std::make_unique<BatchDispatcher>(
      s->batch_store_.get(), s->submitter_.get(), c.dispatch_poll);
  BatchDispatcher* dispatcher = s->dispatcher_.get();
  s->batches_ = std::make_unique<IssuanceBatches>(
      s->cards_.get(), s->batch_store_.get(), s->members_.get(),
      [dispatcher] { dispatcher->Wake(); });
  s->feed_ =
      std::make_unique<rpc::EventFeed>(s->pool_.get(), &CardEventOutbox());

  CardServiceDeps deps{
      &c.verifier,           s->cards_.get(),    s->queries_.get(),
      s->batch_store_.get(), s->requests_.get(), s->batches_.get(),
      s->members_.get(),     s->feed_.get(),     CardAccess()};
  s->card_service_ = std::make_unique<CardService>(std::move(deps));
  s->notifications_ = std::make_unique<BankNotificationsService>(
      s->cards_.get(), c.bank_peer_name);

  // member-svc's feed: ended memberships cancel cards, transfers move them.
  const std::string token = c.member_svc_token;
  auto member_stub = std::shared_ptr<member::v1::MemberService::Stub>(
      member::v1::MemberService::NewStub(member_channel));
  CardStore* cards = s->cards_.get();
  rpc::EventFeed* feed = s->feed_.get();
  const auth::Principal service = s->service_;
  s->follower_ = std::make_unique<rpc::FeedFollower<member::v1::MemberEvent>>(
      kMemberFeed, db::FeedCursor(s->pool_.get(), kMemberFeed),
      [token] {
        auto context = std::make_unique<grpc::ClientContext>();
        rpc::SetBearerToken(*context, token);
        return context;
      },
      [member_stub](grpc::ClientContext& context, int64_t after) {
        member::v1::WatchEventsRequest request;
        request.set_after_sequence(after);
        return member_stub->WatchEvents(&context, request);
      },
      [cards, feed, service](const member::v1::MemberEvent& event) {
        absl::Status handled = HandleMemberEvent(*cards, service, event);
        feed->NotifyAppended();
        return handled;
      });

  s->runner_ = std::make_unique<rpc::ServiceRunner>(c.server);
  s->runner_->AddService(s->card_service_.get());
  rpc::ServerOptions bank_side = c.server;
  bank_side.service_name = c.server.service_name + "-bank-link";
  bank_side.listen_address = c.bank_listen_address;
  bank_side.metrics_port = -1;
  bank_side.credentials = bank_server_credentials;
  s->bank_runner_ = std::make_unique<rpc::ServiceRunner>(bank_side);
  s->bank_runner_->AddService(s->notifications_.get());
  s->runner_->OnShutdown([feed] { feed->Stop(); });

  RETURN_IF_ERROR(s->bank_runner_->Start());
  RETURN_IF_ERROR(s->runner_->Start());
  s->dispatcher_->Start();
  s->follower_->Start();
  log::Info("card-svc ready", {{"port", s->port()},
                               {"bank_link_port", s->bank_port()},
                               {"member_svc", c.member_svc_address},
                               {"bank", c.bank_address}});
  return s;
}

void CardServer::Stop() {
  if (stopped_) return;
  stopped_ = true;
  follower_->Stop();
  dispatcher_->Stop();
  runner_->RequestShutdown();
  runner_->Wait();
  bank_runner_->RequestShutdown();
  bank_runner_->Wait();
}

CardServer::~CardServer() {
  if (runner_ != nullptr && bank_runner_ != nullptr && follower_ != nullptr) {
    Stop();
  }
}

}  // namespace unioncard::card
