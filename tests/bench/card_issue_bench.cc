// Card benchmark (issue 4): N approved members get cards end to end —
// issuance batches per grassroots union through card-svc's API, sent to
// bank-sim over mutual TLS (faults off, no delays), issued and activated
// back through the notification endpoint — then M card transactions are
// ingested, against a baseline measured in the same run: a raw multi-row
// INSERT of the same rows into a table of the same shape.
//
//   card_issue_bench [--members=100000] [--transactions=200000] [--runs=3]
//
// Prints cards per second, notifications acknowledged per second, and the
// transaction ingest rate ÷ raw INSERT rate, per run and as medians. After
// the last run, merchant-svc runs as its own process and follows that run's
// card feed from the start, one contracted merchant taking every
// transaction: its memory once it has recorded them all (issue 16).
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "card-svc/src/card_server.h"
#include "card/v1/card.grpc.pb.h"
#include "common/db/multi_row_insert.h"
#include "common/grpc/call_as.h"
#include "common/grpc/client.h"
#include "common/grpc/status_bridge.h"
#include "common/log/json_log.h"
#include "common/testing/mariadb_server.h"
#include "common/testing/process_memory.h"
#include "common/testing/service_process.h"
#include "common/time/china_time.h"
#include "merchant/v1/merchant.grpc.pb.h"
#include "tests/bench/bench_support.h"
#include "tools/bank-sim/bank_simulator.h"
#include "tools/unionctl/member_review.h"

ABSL_FLAG(int, members, 100000, "approved members who get a card");
ABSL_FLAG(int, transactions, 200000, "card transactions ingested");
ABSL_FLAG(int, runs, 3, "repetitions (medians are reported)");
ABSL_FLAG(int, bank_pages_in_flight, 2,
          "calls of 1,000 transactions bank-sim keeps awaiting an answer");

namespace unioncard {
namespace {

using bench::Check;

int64_t Count(db::ConnectionPool& pool, const std::string& from_where) {
  return testing::CountRows(pool, from_where);
}

std::string Token(const auth::SigningKey& key, auth::Role role,
                  const std::string& org, const std::string& path) {
  return auth::TokenSigner(key).Issue(
      {absl::StrCat("bench-", org), role, org, path, {}, {}}, absl::Hours(4));
}

struct RunResult {
  double cards_per_second = 0;
  double notifications_per_second = 0;
  double ingest_per_second = 0;
  double insert_per_second = 0;
  std::optional<testing::ProcessMemory> merchant_svc;
};

// merchant-svc as deployed, following card-svc's feed (at `card_port`) from
// its first event: every card's changes, then the run's transactions, all
// at one merchant (bank-sim's "sim-merchant"). Returns its memory once
// GetMerchantUsage counts all `transactions`.
testing::ProcessMemory MerchantSvcFollowingTheFeed(const db::DbOptions& server,
                                                   const auth::SigningKey& key,
                                                   int card_port,
                                                   int transactions) {
  const std::string dir = bench::ServiceDir("merchant-svc", key);
  std::ofstream(dir + "/card_svc_token") << auth::TokenSigner(key).Issue(
      {"merchant-svc", auth::Role::kService, "city", "/city/", {}, {}},
      absl::Hours(4));
  testing::ServiceProcessOptions options{
      MERCHANT_SVC_PATH,
      "merchant-svc",
      dir,
      testing::PickFreePort(),
      bench::FreshSchema(server, "bench_merchant_feed"),
      {absl::StrCat("--card_svc_token=file:", dir, "/card_svc_token"),
       "--reference_dir=" UNIONCARD_SOURCE_DIR "/deploy/reference"}};
  options.db.allow_local_infile = false;
  auto start = [&](int card_svc_port) {
    testing::ServiceProcessOptions o = options;
    o.flags.push_back(absl::StrCat("--card_svc=127.0.0.1:", card_svc_port));
    auto process = testing::StartServiceProcess(o);
    Check(process.status(), "start merchant-svc");
    return *std::move(process);
  };
  auto stub = merchant::v1::MerchantService::NewStub(
      rpc::MakeChannel(absl::StrCat("127.0.0.1:", options.port)));
  const std::string city = Token(key, auth::Role::kCityAdmin, "city", "/city/");

  // The merchant is contracted while merchant-svc follows nothing (its
  // card-svc address has no listener), so no transaction passes first.
  auto process = start(testing::PickFreePort());
  const absl::CivilYear year = absl::ToCivilYear(absl::Now(), ChinaTime());
  merchant::v1::CreateMerchantRequest create;
  create.set_request_id("bench-merchant");
  merchant::v1::Merchant* m = create.mutable_merchant();
  m->set_owner_org_id("city");
  m->set_name("沧州惠民超市");
  m->set_licence_number("91130900MA0BENCH01");
  m->set_category(merchant::v1::CATEGORY_FOOD);
  m->add_locations("沧州市运河区解放路1号");
  m->set_contact("0317-2345678");
  m->add_bank_merchant_ids("sim-merchant");
  m->set_contract_from(absl::StrCat(absl::FormatCivilTime(year), "-01-01"));
  m->set_contract_to(absl::StrCat(absl::FormatCivilTime(year + 1), "-12-31"));
  m->set_terms("会员持卡消费九折");
  auto merchant =
      rpc::CallAs(*stub, &merchant::v1::MerchantService::Stub::CreateMerchant,
                  city, create);
  Check(merchant.status(), "CreateMerchant");
  Check(testing::KillServiceProcess(process), "stop merchant-svc");

  const absl::Time followed_from = absl::Now();
  process = start(card_port);
  merchant::v1::GetMerchantUsageRequest usage;
  usage.set_merchant_id(merchant->id());
  usage.set_month(absl::FormatTime("%Y-%m", absl::Now(), ChinaTime()));
  const absl::Time give_up = absl::Now() + absl::Minutes(10);
  int64_t recorded = 0;
  while (recorded < transactions) {
    Check(absl::Now() < give_up
              ? absl::OkStatus()
              : absl::DeadlineExceededError(absl::StrCat(
                    recorded, " of ", transactions, " transactions recorded")),
          "merchant-svc following the card feed");
    absl::SleepFor(absl::Seconds(1));  // a count scans the month's usage
    auto got = rpc::CallAs(
        *stub, &merchant::v1::MerchantService::Stub::GetMerchantUsage, city,
        usage);
    Check(got.status(), "GetMerchantUsage");
    recorded = got->transactions();
  }
  std::printf(
      "  merchant-svc followed the card feed and recorded %lld transactions "
      "in %.1f s\n",
      static_cast<long long>(recorded),
      absl::ToDoubleSeconds(absl::Now() - followed_from));
  const testing::ProcessMemory memory =
      testing::ReadProcessMemory(process->pid());
  process.reset();
  std::filesystem::remove_all(dir);
  return memory;
}

// The raw baseline: the stored transactions written again, 1,000 rows per
// multi-row INSERT and transaction, into a copy of the table.
double RawInsertRate(db::ConnectionPool& pool) {
  struct Row {
    std::string id, merchant, county, org, at;
    int64_t card, member, fen;
  };
  std::vector<Row> rows;
  Check(pool.Run([&](sql::Connection& c) {
    std::unique_ptr<sql::Statement> s(c.createStatement());
    s->execute("CREATE TABLE baseline_transactions LIKE card_transactions");
    std::unique_ptr<sql::ResultSet> r(s->executeQuery(
        "SELECT bank_transaction_id, bank_merchant_id, county_id, org_id, "
        "at, card_id, member_id, amount_fen FROM card_transactions"));
    while (r->next()) {
      rows.push_back({r->getString(1), r->getString(2), r->getString(3),
                      r->getString(4), r->getString(5), r->getInt64(6),
                      r->getInt64(7), r->getInt64(8)});
    }
    return absl::OkStatus();
  }),
        "read transactions");
  db::MultiRowInsert insert(
      "INSERT INTO baseline_transactions (bank_transaction_id, card_id, "
      "member_id, county_id, org_id, bank_merchant_id, amount_fen, at) "
      "VALUES ",
      8);
  const absl::Time start = absl::Now();
  for (size_t from = 0; from < rows.size(); from += 1000) {
    const size_t n = std::min<size_t>(1000, rows.size() - from);
    Check(pool.InTransaction([&](sql::Connection& c) {
      return insert.Run(c, n,
                        [&](sql::PreparedStatement& s, size_t i, int col) {
                          const Row& row = rows[from + i];
                          s.setString(col++, row.id);
                          s.setInt64(col++, row.card);
                          s.setInt64(col++, row.member);
                          s.setString(col++, row.county);
                          s.setString(col++, row.org);
                          s.setString(col++, row.merchant);
                          s.setInt64(col++, row.fen);
                          s.setString(col++, row.at);
                        });
    }),
          "baseline insert");
  }
  return rows.size() / absl::ToDoubleSeconds(absl::Now() - start);
}

RunResult Run(const db::DbOptions& server, const auth::SigningKey& key,
              int member_port, const bench::GeneratedMembers& data,
              const std::string& certs, int transactions,
              bool with_merchant_svc) {
  const db::DbOptions options = bench::FreshSchema(server, "bench_cards");
  auto tls = [&](const std::string& name) {
    return rpc::TlsFiles{certs + "/ca.crt", certs + "/" + name + ".crt",
                         certs + "/" + name + ".key"};
  };
  const int card_bank_port = testing::PickFreePort();
  banksim::BankSimOptions bank_options;
  bank_options.issue_delay = absl::ZeroDuration();
  bank_options.activation_delay = absl::ZeroDuration();
  bank_options.transaction_pages_in_flight =
      absl::GetFlag(FLAGS_bank_pages_in_flight);
  banksim::BankSimulator bank(
      bank_options, bank::v1::BankNotifications::NewStub(rpc::MakeChannel(
                        absl::StrCat("127.0.0.1:", card_bank_port),
                        *rpc::MutualTlsChannelCredentials(tls("bank-sim")))));
  rpc::ServerOptions bank_side;
  bank_side.listen_address = "127.0.0.1:0";
  bank_side.metrics_port = -1;
  bank_side.credentials = *rpc::MutualTlsServerCredentials(tls("bank-sim"));
  rpc::ServiceRunner bank_runner(bank_side);
  bank_runner.AddService(&bank);
  Check(bank_runner.Start(), "start bank-sim");
  bank.Start();

  card::CardServerConfig config;
  config.db = options;
  config.verifier = auth::TokenVerifier(
      std::map<std::string, std::string>{{key.kid, key.public_key}});
  config.server.listen_address = "127.0.0.1:0";
  config.server.metrics_port = -1;
  config.member_svc_address = absl::StrCat("127.0.0.1:", member_port);
  config.member_svc_token = auth::TokenSigner(key).Issue(
      {"card-svc", auth::Role::kService, "city", "/city/", {}, {}},
      absl::Hours(4));
  config.bank_listen_address = absl::StrCat("127.0.0.1:", card_bank_port);
  config.bank_address = absl::StrCat("127.0.0.1:", bank_runner.port());
  config.bank_tls = tls("card-svc");
  config.dispatch_poll = absl::Milliseconds(200);
  auto card_server = card::StartCardServer(std::move(config));
  Check(card_server.status(), "start card-svc");
  auto pool = db::ConnectionPool::Create(options);
  Check(pool.status(), "connect");

  auto cards = card::v1::CardService::NewStub(
      rpc::MakeChannel(absl::StrCat("127.0.0.1:", (*card_server)->port())));
  const size_t members = data.rows.size();
  const absl::Time start = absl::Now();
  for (const datagen::GrassrootsUnion& u : data.unions) {
    card::v1::CreateIssuanceBatchRequest request;
    request.set_org_id(u.code);
    card::v1::IssuanceBatch batch;
    auto context = rpc::OutboundContext(absl::Minutes(10));
    rpc::SetBearerToken(*context,
                        Token(key, auth::Role::kCountyStaff, u.county_code,
                              absl::StrCat("/city/", u.county_code, "/")));
    Check(rpc::FromGrpcStatus(
              cards->CreateIssuanceBatch(context.get(), request, &batch)),
          "create batch");
  }
  const double fill_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  while (Count(**pool, "cards WHERE state = 4") <
         static_cast<int64_t>(members)) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  const double issue_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::printf("  batches filled in %.1f s, all cards activated after %.1f s\n",
              fill_seconds, issue_seconds);
  RunResult result;
  result.cards_per_second = members / issue_seconds;
  result.notifications_per_second =
      bank.notifications_acknowledged() / issue_seconds;

  const absl::Time ingest_start = absl::Now();
  // Made in one call: the simulator picks among its active cards once per
  // call, a pass over all of them.
  Check(bank.EmitTransactions(transactions) == transactions
            ? absl::OkStatus()
            : absl::InternalError("bank-sim has no active card"),
        "transactions made");
  // Waits on the bank's acknowledgements, not on COUNT(*) of the table: a
  // count every 50 ms scans the growing table and takes the database's time
  // from the ingest it measures. The rows are counted once at the end.
  const absl::Time give_up = absl::Now() + absl::Minutes(10);
  while (bank.transactions_acknowledged() < transactions) {
    Check(absl::Now() < give_up ? absl::OkStatus()
                                : absl::DeadlineExceededError(absl::StrCat(
                                      bank.transactions_acknowledged(), " of ",
                                      transactions, " acknowledged")),
          "transactions acknowledged");
    absl::SleepFor(absl::Milliseconds(5));
  }
  result.ingest_per_second =
      transactions / absl::ToDoubleSeconds(absl::Now() - ingest_start);
  Check(Count(**pool, "card_transactions") == transactions
            ? absl::OkStatus()
            : absl::InternalError("stored transactions differ from sent"),
        "transactions stored");
  result.insert_per_second = RawInsertRate(**pool);
  if (with_merchant_svc) {
    result.merchant_svc = MerchantSvcFollowingTheFeed(
        server, key, (*card_server)->port(), transactions);
  }

  (*card_server)->Stop();
  bank.Stop();
  bank_runner.RequestShutdown();
  bank_runner.Wait();
  return result;
}

}  // namespace
}  // namespace unioncard

int main(int argc, char** argv) {
  using namespace unioncard;
  absl::ParseCommandLine(argc, argv);
  log::SetMinimumLevel(log::Level::kError);
  std::unique_ptr<testing::MariaDbServer> private_server;
  const db::DbOptions server = bench::BenchServer(private_server);

  const std::string certs =
      (std::filesystem::temp_directory_path() / "unioncard-bench-certs")
          .string();
  bench::MakeBankLinkCertificates(certs);

  // Members: imported, verified by their counties, approved by the city.
  const int members = absl::GetFlag(FLAGS_members);
  std::printf("preparing %d approved members…\n", members);
  bench::GeneratedMembers data = bench::GenerateMembers(members);
  auth::SigningKey key = auth::GenerateSigningKey("bench");
  auto member_svc =
      bench::StartMemberSvc(bench::FreshSchema(server, "bench_members"), key);
  bench::LoadMembers(
      *member_svc, Token(key, auth::Role::kCityAdmin, "city", "/city/"), data);
  auto member_stub = member::v1::MemberService::NewStub(
      rpc::MakeChannel(absl::StrCat("127.0.0.1:", member_svc->port())));
  std::set<std::string> counties;
  for (const auto& u : data.unions) counties.insert(u.county_code);
  for (const std::string& county : counties) {
    Check(unionctl::ReviewWaitingMembers(
              *member_stub, county, member::v1::REVIEW_ACTION_VERIFY,
              Token(key, auth::Role::kCountyStaff, county,
                    absl::StrCat("/city/", county, "/")))
              .status(),
          "verify");
  }
  Check(unionctl::ReviewWaitingMembers(
            *member_stub, "city", member::v1::REVIEW_ACTION_APPROVE,
            Token(key, auth::Role::kCityAdmin, "city", "/city/"))
            .status(),
        "approve");

  const int transactions = absl::GetFlag(FLAGS_transactions);
  std::vector<double> cards, notes, ratios, ingest, insert;
  std::optional<testing::ProcessMemory> merchant_svc;
  const int runs = absl::GetFlag(FLAGS_runs);
  for (int run = 1; run <= runs; ++run) {
    RunResult r = Run(server, key, member_svc->port(), data, certs,
                      transactions, run == runs);
    if (r.merchant_svc) merchant_svc = r.merchant_svc;
    cards.push_back(r.cards_per_second);
    notes.push_back(r.notifications_per_second);
    ingest.push_back(r.ingest_per_second);
    insert.push_back(r.insert_per_second);
    ratios.push_back(r.ingest_per_second / r.insert_per_second);
    std::printf(
        "run %d: %.0f cards/s, %.0f notifications/s; transactions %.0f/s vs "
        "raw INSERT %.0f/s, ratio %.3f\n",
        run, r.cards_per_second, r.notifications_per_second,
        r.ingest_per_second, r.insert_per_second, ratios.back());
  }
  std::printf(
      "members=%d transactions=%d runs=%zu median: %.0f cards/s, %.0f "
      "notifications/s; transactions %.0f/s vs raw INSERT %.0f/s, ratio "
      "%.3f\n",
      members, transactions, cards.size(), bench::Median(cards),
      bench::Median(notes), bench::Median(ingest), bench::Median(insert),
      bench::Median(ratios));
  bench::Figure("cards_end_to_end", bench::Median(cards), "cards/s", 0,
                ">= 2000 cards/s", bench::Median(cards) >= 2000);
  bench::Figure("card_transactions_vs_insert", bench::Median(ingest), "rows/s",
                bench::Median(insert), "ratio >= 0.5",
                bench::Median(ratios) >= 0.5);
  if (merchant_svc) {
    bench::ServiceMemoryFigure(
        "merchant-svc",
        absl::StrCat("following the card feed of ", members, " cards and ",
                     transactions, " transactions at one merchant"),
        *merchant_svc);
  }
  member_svc->Stop();
  std::filesystem::remove_all(certs);
  return 0;
}
