#ifndef UNIONCARD_MEMBER_SVC_SRC_MEMBER_SERVER_H_
#define UNIONCARD_MEMBER_SVC_SRC_MEMBER_SERVER_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/token.h"
#include "common/crypto/keyring.h"
#include "common/db/connection_pool.h"
#include "common/grpc/audit_log_service.h"
#include "common/grpc/event_feed.h"
#include "common/grpc/periodic_worker.h"
#include "common/grpc/service_runner.h"
#include "common/reference/county_plan.h"
#include "member-svc/src/api/help_desk_service.h"
#include "member-svc/src/api/member_service.h"
#include "member-svc/src/api/org_service.h"

namespace unioncard::member {

struct MemberServerConfig {
  db::DbOptions db;
  crypto::DataKeys data_keys;
  auth::TokenVerifier verifier;
  std::vector<reference::CountyPlan> plan;  // the county-level units
  std::string city_name = "沧州市总工会";
  rpc::ServerOptions server;
  AccessPolicy policy;
  MemberPolicy rules;
};

// member-svc assembled: database (migrated, reference org tree loaded),
// stores, the two gRPC services and the runner. main() and the
// integration tests build it the same way.
class MemberServer {
 public:
  static absl::StatusOr<std::unique_ptr<MemberServer>> Start(
      MemberServerConfig config);

  rpc::ServiceRunner& runner() { return *runner_; }
  int port() const { return runner_->port(); }
  // Stops serving (health NOT_SERVING, drain, in-flight calls finish).
  void Stop();

 private:
  explicit MemberServer(MemberServerConfig config)
      : config_(std::move(config)) {}

  MemberServerConfig config_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<rpc::AuditLogService> audit_log_;
  std::unique_ptr<OrgStore> orgs_;
  std::unique_ptr<MemberStore> members_;
  std::unique_ptr<rpc::EventFeed> feed_;
  std::unique_ptr<MemberService> member_service_;
  std::unique_ptr<OrgService> org_service_;
  std::unique_ptr<HelpDeskStore> help_desk_;
  std::unique_ptr<HelpDeskService> help_desk_service_;
  std::unique_ptr<NoticeBoardService> notice_board_service_;
  // Before runner_: the runner's shutdown hook stops it.
  std::unique_ptr<rpc::PeriodicWorker> key_rotation_;
  std::unique_ptr<rpc::ServiceRunner> runner_;
};

}  // namespace unioncard::member

#endif  // UNIONCARD_MEMBER_SVC_SRC_MEMBER_SERVER_H_
