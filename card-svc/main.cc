// card-svc: cards, issuance batches and the partner-bank link.
#include <algorithm>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "card-svc/src/card_server.h"
#include "common/config/env_flags.h"
#include "common/config/secret_source.h"
#include "common/db/db_flags.h"
#include "common/grpc/server_flags.h"
#include "common/log/json_log.h"

ABSL_FLAG(std::string, member_svc, "127.0.0.1:50051", "member-svc's address");
ABSL_FLAG(std::string, member_svc_token, "",
          "card-svc's service token for member-svc (file:PATH or env:NAME), "
          "as made by `unionctl token issue --role=service --subject=card-svc "
          "--org=city --org_path=/city/`");
ABSL_FLAG(std::string, bank_listen, "0.0.0.0:50062",
          "where the bank's notifications arrive (mutual TLS)");
ABSL_FLAG(std::string, bank, "127.0.0.1:50060",
          "the partner bank's PartnerBank address (mutual TLS)");
ABSL_FLAG(std::string, bank_peer_name, "bank-sim",
          "the common name the bank's client certificate must carry");
ABSL_FLAG(std::string, tls_ca, "", "CA certificate (PEM) of the bank link");
ABSL_FLAG(std::string, tls_cert, "", "card-svc's certificate (PEM)");
ABSL_FLAG(std::string, tls_key, "", "card-svc's private key (PEM)");
ABSL_FLAG(int, batch_page_size, 500,
          "members whose cards one transaction requests while filling an "
          "issuance batch");
ABSL_FLAG(int, batch_poll_ms, 2000,
          "how often queued batches are looked for (besides being woken)");

namespace {

int Fail(const char* what, const absl::Status& status) {
  unioncard::log::Error(what, {{"error", status.ToString()}});
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace unioncard;
  rpc::ServiceRunner::BlockShutdownSignals();
  config::ParseFlagsWithEnvironment(argc, argv);

  card::CardServerConfig config;
  config.server = rpc::ServerOptionsFromFlags("card-svc");
  auto db = db::DbOptionsFromFlags();
  if (!db.ok()) return Fail("bad database flags", db.status());
  config.db = *db;
  auto verifier = rpc::TokenVerifierFromFlags();
  if (!verifier.ok()) return Fail("--token_verify_keys", verifier.status());
  config.verifier = *verifier;
  auto token = config::ReadSecret(absl::GetFlag(FLAGS_member_svc_token));
  if (!token.ok()) return Fail("--member_svc_token", token.status());
  config.member_svc_address = absl::GetFlag(FLAGS_member_svc);
  config.member_svc_token = std::string(absl::StripAsciiWhitespace(*token));
  config.bank_listen_address = absl::GetFlag(FLAGS_bank_listen);
  config.bank_address = absl::GetFlag(FLAGS_bank);
  config.bank_peer_name = absl::GetFlag(FLAGS_bank_peer_name);
  config.bank_tls = {absl::GetFlag(FLAGS_tls_ca), absl::GetFlag(FLAGS_tls_cert),
                     absl::GetFlag(FLAGS_tls_key)};
  config.dispatch_poll = absl::Milliseconds(absl::GetFlag(FLAGS_batch_poll_ms));
  config.batch_page_size = std::max(1, absl::GetFlag(FLAGS_batch_page_size));

  auto server = card::CardServer::Start(std::move(config));
  if (!server.ok()) return Fail("cannot start", server.status());
  (*server)->runner().StopOnShutdownSignals();
  (*server)->runner().Wait();
  (*server)->Stop();
  return 0;
}
