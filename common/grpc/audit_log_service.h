#ifndef UNIONCARD_COMMON_GRPC_AUDIT_LOG_SERVICE_H_
#define UNIONCARD_COMMON_GRPC_AUDIT_LOG_SERVICE_H_

#include "audit/v1/audit.grpc.pb.h"
#include "common/auth/token.h"
#include "common/db/connection_pool.h"

namespace unioncard::rpc {

// unioncard.audit.v1.AuditLog over the service's own audit_log table: the
// same RPC in every service, so auditors read each one's trail the same
// way (through the gateway). City admins and auditors only: the rows name
// every actor in the city.
class AuditLogService final : public audit::v1::AuditLog::Service {
 public:
  AuditLogService(db::ConnectionPool* pool, const auth::TokenVerifier* verifier)
      : pool_(pool), verifier_(verifier) {}

  grpc::Status ListAuditEntries(
      grpc::ServerContext* context,
      const audit::v1::ListAuditEntriesRequest* request,
      audit::v1::ListAuditEntriesResponse* response) override;

 private:
  db::ConnectionPool* pool_;
  const auth::TokenVerifier* verifier_;
};

}  // namespace unioncard::rpc

#endif  // UNIONCARD_COMMON_GRPC_AUDIT_LOG_SERVICE_H_
