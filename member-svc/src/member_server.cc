#include "member-svc/src/member_server.h"

#include "common/db/migrations.h"
#include "common/log/json_log.h"
#include "common/status/macros.h"
#include "member-svc/src/app/member_event_encoder.h"
#include "member-svc/src/key_rotation.h"
#include "member-svc/src/store/schema.h"

namespace unioncard::member {

absl::StatusOr<std::unique_ptr<MemberServer>> MemberServer::Start(
    MemberServerConfig config) {
  std::unique_ptr<MemberServer> s(new MemberServer(std::move(config)));
  MemberServerConfig& c = s->config_;
  ASSIGN_OR_RETURN(s->pool_, db::ConnectionPool::Create(c.db));
  ASSIGN_OR_RETURN(int applied, db::ApplyMigrations(*s->pool_, MemberSchema()));
  log::Info("schema ready", {{"migrations_applied", applied}});

  s->orgs_ = std::make_unique<OrgStore>(s->pool_.get());
  RETURN_IF_ERROR(s->orgs_->LoadReference(c.plan, c.city_name));
  s->members_ = std::make_unique<MemberStore>(
      s->pool_.get(), crypto::FieldCipher(c.data_keys.encryption),
      crypto::BlindIndex(c.data_keys.blind_index), &MemberEventOutbox(),
      &MemberEventEncoder::Get());
  s->feed_ =
      std::make_unique<rpc::EventFeed>(s->pool_.get(), &MemberEventOutbox());

  MemberServiceDeps deps{&c.verifier,    s->orgs_.get(), s->members_.get(),
                         s->feed_.get(), c.policy,       c.rules};
  s->member_service_ = std::make_unique<MemberService>(std::move(deps));
  s->org_service_ =
      std::make_unique<OrgService>(&c.verifier, s->orgs_.get(), c.policy);

  s->help_desk_ = std::make_unique<HelpDeskStore>(s->pool_.get());
  HelpDeskDeps desk{&c.verifier, s->help_desk_.get(), s->members_.get(),
                    s->orgs_.get(), c.policy};
  s->help_desk_service_ = std::make_unique<HelpDeskService>(desk);
  s->notice_board_service_ = std::make_unique<NoticeBoardService>(desk);

  s->runner_ = std::make_unique<rpc::ServiceRunner>(c.server);
  s->audit_log_ =
      std::make_unique<rpc::AuditLogService>(s->pool_.get(), &c.verifier);
  s->runner_->AddService(s->audit_log_.get());
  s->runner_->AddService(s->member_service_.get());
  s->runner_->AddService(s->org_service_.get());
  s->runner_->AddService(s->help_desk_service_.get());
  s->runner_->AddService(s->notice_board_service_.get());
  rpc::EventFeed* feed = s->feed_.get();
  s->runner_->OnShutdown([feed] { feed->Stop(); });
  MemberServer* server = s.get();
  s->runner_->OnShutdown([server] {
    if (server->key_rotation_ != nullptr) server->key_rotation_->Stop();
  });
  RETURN_IF_ERROR(s->runner_->Start());

  // Moves personal data off retired data keys (at start, then every 6 h),
  // and says each time how much is left under them.
  MemberStore* members = s->members_.get();
  const bool rotating = !c.data_keys.encryption.retired.empty();
  s->key_rotation_ = std::make_unique<rpc::PeriodicWorker>(
      "data-key-rotation", absl::Hours(6),
      [members, rotating](const std::function<bool()>& stopping) {
        if (!rotating) return;
        absl::StatusOr<ResealReport> pass =
            ResealRetiredKeys(*members, stopping);
        if (!pass.ok()) {
          log::Warn("data key rotation failed; retried later",
                    {{"error", pass.status().message()}});
          return;
        }
        log::Fields fields = {
            {"members_resealed", pass->moved},
            {"remaining_under_retired_keys", pass->remaining}};
        if (!pass->unreadable.empty()) {
          fields["unreadable_member_ids"] = pass->unreadable;
          log::Warn("data key rotation: some members do not decrypt", fields);
        } else {
          log::Info("data key rotation", fields);
        }
      });
  s->key_rotation_->Start();
  return s;
}

void MemberServer::Stop() {
  runner_->RequestShutdown();
  runner_->Wait();
}

}  // namespace unioncard::member
