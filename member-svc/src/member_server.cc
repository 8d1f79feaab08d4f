#include "member-svc/src/member_server.h"

#include "common/grpc/event_feed.h"
#include "common/grpc/periodic_worker.h"
#include "common/log/json_log.h"
#include "common/status/macros.h"
#include "member-svc/src/api/help_desk_service.h"
#include "member-svc/src/api/member_service.h"
#include "member-svc/src/api/org_service.h"
#include "member-svc/src/app/member_event_encoder.h"
#include "member-svc/src/key_rotation.h"
#include "member-svc/src/store/schema.h"

namespace unioncard::member {
namespace {

// Moves personal data off retired data keys (at start, then every 6 h),
// and says each time how much is left under them.
std::unique_ptr<rpc::PeriodicWorker> KeyRotation(MemberStore* members,
                                                 bool rotating) {
  return std::make_unique<rpc::PeriodicWorker>(
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
}

}  // namespace

absl::StatusOr<std::unique_ptr<rpc::ServiceHost>> StartMemberServer(
    MemberServerConfig config) {
  auto kept = std::make_unique<MemberServerConfig>(std::move(config));
  ASSIGN_OR_RETURN(std::unique_ptr<rpc::ServiceHost> host,
                   rpc::ServiceHost::Open({kept->db, MemberSchema(),
                                           kept->server, &kept->verifier}));
  const MemberServerConfig& c = *host->Keep(std::move(kept));

  auto* orgs = host->Keep(std::make_unique<OrgStore>(host->pool()));
  RETURN_IF_ERROR(orgs->LoadReference(c.plan, c.city_name));
  auto* members = host->Keep(std::make_unique<MemberStore>(
      host->pool(), crypto::FieldCipher(c.data_keys.encryption),
      crypto::BlindIndex(c.data_keys.blind_index), &MemberEventOutbox(),
      &MemberEventEncoder::Get()));
  auto* feed = host->Keep(
      std::make_unique<rpc::EventFeed>(host->pool(), &MemberEventOutbox()));
  host->OnDrain([feed] { feed->Stop(); });  // its watchers never end alone

  host->Serve(std::make_unique<MemberService>(
      MemberServiceDeps{&c.verifier, orgs, members, feed, c.policy, c.rules}));
  host->Serve(std::make_unique<OrgService>(&c.verifier, orgs, c.policy));
  auto* desk = host->Keep(std::make_unique<HelpDeskStore>(host->pool()));
  const HelpDeskDeps desk_deps{&c.verifier, desk, members, orgs, c.policy};
  host->Serve(std::make_unique<HelpDeskService>(desk_deps));
  host->Serve(std::make_unique<NoticeBoardService>(desk_deps));

  host->InBackground(
      KeyRotation(members, !c.data_keys.encryption.retired.empty()));
  RETURN_IF_ERROR(host->Start());
  return host;
}

}  // namespace unioncard::member
