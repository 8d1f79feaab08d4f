// card-svc: cards, issuance batches, payouts and the partner-bank link.
#include <algorithm>

#include "absl/flags/flag.h"
#include "card-svc/src/card_server.h"
#include "card-svc/src/store/card_schema.h"
#include "common/config/env_flags.h"
#include "common/db/db_flags.h"
#include "common/grpc/service_main.h"

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
          "how often queued work for the bank is looked for (besides being "
          "woken)");

ABSL_FLAG(int, payout_result_wait_seconds, 600,
          "a payout at the bank this long without a result is looked for on "
          "the bank's statement (and settled PAID when booked there)");

int main(int argc, char** argv) {
  using namespace unioncard;
  rpc::ServiceRunner::BlockShutdownSignals();
  config::ParseFlagsWithEnvironment(argc, argv);
  if (db::MigrateOnlyRequested()) {
    return rpc::MigrateOnlyMain("card-svc", card::CardSchema());
  }

  auto basics = rpc::ServiceBasicsFromFlags("card-svc");
  if (!basics.ok()) return rpc::FailToStart("bad flags", basics.status());
  auto token = rpc::ReadServiceToken(absl::GetFlag(FLAGS_member_svc_token),
                                     "member_svc_token");
  if (!token.ok()) return rpc::FailToStart("bad flags", token.status());
  card::CardServerConfig config;
  config.server = basics->server;
  config.db = basics->db;
  config.verifier = basics->verifier;
  config.member_svc_address = absl::GetFlag(FLAGS_member_svc);
  config.member_svc_token = *token;
  config.bank_listen_address = absl::GetFlag(FLAGS_bank_listen);
  config.bank_address = absl::GetFlag(FLAGS_bank);
  config.bank_peer_name = absl::GetFlag(FLAGS_bank_peer_name);
  config.bank_tls = {absl::GetFlag(FLAGS_tls_ca), absl::GetFlag(FLAGS_tls_cert),
                     absl::GetFlag(FLAGS_tls_key)};
  config.dispatch_poll = absl::Milliseconds(absl::GetFlag(FLAGS_batch_poll_ms));
  if (absl::GetFlag(FLAGS_payout_result_wait_seconds) < 1) {
    return rpc::FailToStart(
        "bad flags", absl::InvalidArgumentError(
                         "--payout_result_wait_seconds must be at least 1"));
  }
  config.payout_result_wait =
      absl::Seconds(absl::GetFlag(FLAGS_payout_result_wait_seconds));
  config.batch_page_size = std::max(1, absl::GetFlag(FLAGS_batch_page_size));

  auto server = card::StartCardServer(std::move(config));
  if (!server.ok()) return rpc::FailToStart("cannot start", server.status());
  (*server)->host->ServeUntilSignalled();
  (*server)->Stop();
  return 0;
}
