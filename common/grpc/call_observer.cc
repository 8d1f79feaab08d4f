#include "common/grpc/call_observer.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "common/log/json_log.h"
#include "common/log/request_id.h"

namespace unioncard::rpc {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;

// The handler runs on the thread that received the call's metadata (the
// request id relies on the same).
thread_local std::string current_method;
thread_local std::string current_subject;
thread_local std::string current_role_and_unit;

class CallObserver : public grpc::experimental::Interceptor {
 public:
  CallObserver(ServerMetrics* metrics, CallAdmission* admission,
               std::string method)
      : metrics_(metrics),
        admission_(admission),
        method_(std::move(method)),
        started_(absl::Now()),
        quiet_(absl::StartsWith(method_, "/grpc.health.") ||
               absl::StartsWith(method_, "/grpc.reflection.")) {
    metrics_->RecordStarted(method_);
  }
  ~CallObserver() override { Leave(); }

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      const auto* incoming = methods->GetRecvInitialMetadata();
      auto it = incoming->find(log::kRequestIdMetadataKey);
      if (it != incoming->end()) {
        std::string id(it->second.data(), it->second.size());
        if (IsAcceptableRequestId(id)) request_id_ = std::move(id);
      }
      if (request_id_.empty()) request_id_ = log::NewRequestId();
      log::SetCurrentRequestId(request_id_);
      current_method = method_;
      current_subject.clear();
      current_role_and_unit.clear();
      admitted_ = quiet_ || admission_->TryEnter();
      internal::SetCurrentCallRefusedBy(admitted_ ? nullptr : admission_);
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA) &&
        !request_id_.empty()) {
      methods->GetSendInitialMetadata()->emplace(log::kRequestIdMetadataKey,
                                                 request_id_);
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const absl::Duration elapsed = absl::Now() - started_;
      metrics_->RecordHandled(method_, status.error_code(), elapsed);
      log::Fields fields = {{"method", method_},
                            {"code", GrpcCodeName(status.error_code())},
                            {"ms", absl::ToDoubleMilliseconds(elapsed)}};
      if (!current_role_and_unit.empty()) {
        fields["caller"] = current_role_and_unit;
        if (!status.ok()) fields["subject"] = current_subject;
      }
      if (quiet_) {
        log::Debug("rpc", fields);
      } else if (status.ok()) {
        log::Info("rpc", fields);
      } else {
        log::Fields with_message = fields;
        with_message["error"] = status.error_message();
        log::Warn("rpc", with_message);
      }
      log::SetCurrentRequestId("");
      current_method.clear();
      current_subject.clear();
      current_role_and_unit.clear();
      internal::SetCurrentCallRefusedBy(nullptr);
      Leave();
    }
    methods->Proceed();
  }

 private:
  void Leave() {
    if (admitted_ && !quiet_) admission_->Leave();
    admitted_ = false;
  }

  ServerMetrics* metrics_;
  CallAdmission* admission_;
  std::string method_;
  absl::Time started_;
  bool quiet_;
  std::string request_id_;
  bool admitted_ = false;
};

}  // namespace

absl::string_view CurrentMethod() { return current_method; }

void SetCurrentCaller(std::string subject, std::string role_and_unit) {
  current_subject = std::move(subject);
  current_role_and_unit = std::move(role_and_unit);
}

bool IsAcceptableRequestId(absl::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

grpc::experimental::Interceptor* CallObserverFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallObserver(metrics_, admission_, info->method());
}

}  // namespace unioncard::rpc
