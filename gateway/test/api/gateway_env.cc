#include "gateway/test/api/gateway_env.h"

#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "assessment-svc/test/api/assessment_test_server.h"
#include "common/grpc/api_types.h"
#include "common/testing/eventually.h"
#include "gateway/src/app/account_admin.h"
#include "merchant-svc/test/api/merchant_test_server.h"

namespace unioncard::gateway::testing {

using nlohmann::json;

WebUser::WebUser(int port) : client_("127.0.0.1", port) {
  client_.set_read_timeout(120, 0);
  client_.set_connection_timeout(5, 0);
}

void WebUser::Remember(const httplib::Result& result) {
  if (!result) return;
  std::string set = result->get_header_value("Set-Cookie");
  if (absl::StartsWith(set, "uc_session=") ||
      absl::StartsWith(set, "uc_member=")) {
    cookie_ = set.substr(0, set.find(';'));
    if (absl::StrContains(set, "Max-Age=0")) cookie_.clear();
  }
}

httplib::Result WebUser::Send(const std::string& method,
                              const std::string& path, const std::string& body,
                              const std::string& content_type) {
  httplib::Headers headers;
  if (!cookie_.empty()) headers.emplace("Cookie", cookie_);
  if (!csrf_.empty()) headers.emplace("X-CSRF-Token", csrf_);
  httplib::Result r = [&] {
    if (method == "GET") return client_.Get(path, headers);
    if (method == "DELETE") return client_.Delete(path, headers);
    if (method == "PUT") return client_.Put(path, headers, body, content_type);
    if (method == "PATCH") {
      return client_.Patch(path, headers, body, content_type);
    }
    return client_.Post(path, headers, body, content_type);
  }();
  Remember(r);
  return r;
}

httplib::Result WebUser::Get(const std::string& path) {
  return Send("GET", path, "");
}
httplib::Result WebUser::Post(const std::string& path, const json& body) {
  return Send("POST", path, body.dump());
}
httplib::Result WebUser::Delete(const std::string& path) {
  return Send("DELETE", path, "");
}

int WebUser::Login(const std::string& username, const std::string& password) {
  httplib::Result r =
      Post("/v1/session", {{"username", username}, {"password", password}});
  if (!r) return -1;
  if (r->status == 200) csrf_ = Json(r)["csrf_token"];
  return r->status;
}

bool WebUser::LoginAndChangePassword(const std::string& username,
                                     const std::string& one_time,
                                     const std::string& new_password) {
  if (Login(username, one_time) != 200) return false;
  httplib::Result r =
      Post("/v1/session:change-password",
           {{"old_password", one_time}, {"new_password", new_password}});
  if (!r || r->status != 200) return false;
  csrf_ = Json(r)["csrf_token"];
  return true;
}

json Json(const httplib::Result& result) {
  if (!result) return json();
  return json::parse(result->body, nullptr, false);
}

void GatewayEnv::SetUp() {
  CardServiceEnv::SetUp();
  StartCardSvc();
  auto merchant_db = unioncard::testing::TestDatabase::Create();
  ASSERT_TRUE(merchant_db.ok()) << merchant_db.status();
  merchant_db_ = *std::move(merchant_db);
  auto merchants = merchant::testing::StartMerchantServer(
      merchant_db_->options(), key_, card_address_,
      [] { return absl::ToCivilDay(absl::Now(), rpc::ChinaTime()); });
  ASSERT_TRUE(merchants.ok()) << merchants.status();
  merchant_server_ = *std::move(merchants);

  auto assessment_db = unioncard::testing::TestDatabase::Create();
  ASSERT_TRUE(assessment_db.ok()) << assessment_db.status();
  assessment_db_ = *std::move(assessment_db);
  auto config = assessment::testing::AssessmentTestConfig(
      assessment_db_->options(), key_,
      {absl::StrCat("127.0.0.1:", member_port()), card_address_,
       absl::StrCat("127.0.0.1:", merchant_server_->port())});
  ASSERT_TRUE(config.ok()) << config.status();
  auto assessment = assessment::StartAssessmentServer(*std::move(config));
  ASSERT_TRUE(assessment.ok()) << assessment.status();
  assessment_server_ = *std::move(assessment);

  auto gateway_db = unioncard::testing::TestDatabase::Create();
  ASSERT_TRUE(gateway_db.ok()) << gateway_db.status();
  gateway_db_ = *std::move(gateway_db);
  const char* tmp = std::getenv("TMPDIR");
  const std::string dir = tmp != nullptr ? tmp : "/tmp";
  key_file_ = absl::StrCat(dir, "/gateway-key-", getpid(), ".json");
  {
    std::ofstream out(key_file_);
    out << auth::SigningKeyToJson(key_);
  }
  data_keys_file_ = absl::StrCat(dir, "/gateway-data-keys-", getpid(), ".json");
  {
    std::ofstream out(data_keys_file_);
    out << data_keys_.ToJson();
  }
  gateway_log_ = absl::StrCat(dir, "/gateway-", getpid(), ".log");
  sms_outbox_ = absl::StrCat(dir, "/gateway-sms-", getpid(), ".jsonl");
  std::remove(sms_outbox_.c_str());
  gateway_port_ = unioncard::testing::PickFreePort();
  auto gateway = StartGateway(gateway_port_, gateway_log_);
  ASSERT_TRUE(gateway.ok()) << gateway.status();
  gateway_ = *std::move(gateway);
  const db::DbOptions& d = gateway_db_->options();
  auto pool = db::ConnectionPool::Create(d);
  ASSERT_TRUE(pool.ok()) << pool.status();
  gateway_pool_ = *std::move(pool);
}

absl::StatusOr<std::unique_ptr<unioncard::testing::ChildProcess>>
GatewayEnv::StartGateway(int port, const std::string& log) {
  const db::DbOptions& d = gateway_db_->options();
  std::vector<std::string> flags = {
      absl::StrCat("--http_port=", port),
      absl::StrCat("--signing_key=file:", key_file_),
      absl::StrCat("--data_keys=file:", data_keys_file_),
      absl::StrCat("--member_svc=127.0.0.1:", member_port()),
      absl::StrCat("--card_svc=", card_address_),
      absl::StrCat("--merchant_svc=127.0.0.1:", merchant_server_->port()),
      absl::StrCat("--assessment_svc=127.0.0.1:", assessment_server_->port()),
      absl::StrCat("--mysql_host=", d.host),
      absl::StrCat("--mysql_port=", d.port),
      absl::StrCat("--mysql_user=", d.user),
      "--mysql_password=env:GATEWAY_TEST_DB_PASSWORD",
      absl::StrCat("--mysql_database=", d.database),
      "--login_free_failures=3",
      "--login_lockout_after=5",
      absl::StrCat("--sms=file:", sms_outbox_)};
  flags.insert(flags.end(), extra_gateway_flags_.begin(),
               extra_gateway_flags_.end());
  auto child = unioncard::testing::ChildProcess::Start(
      UNIONCARD_BINARY_DIR "/gateway/gateway", flags,
      {{"GATEWAY_TEST_DB_PASSWORD", d.password}}, log);
  if (!child.ok()) return child.status();
  httplib::Client probe("127.0.0.1", port);
  if (!unioncard::testing::Eventually(
          [&] {
            auto r = probe.Get("/readyz");
            return r && r->status == 200;
          },
          absl::Seconds(30))) {
    return absl::DeadlineExceededError(
        absl::StrCat("the gateway did not become ready; see ", log));
  }
  return child;
}

void GatewayEnv::TearDown() {
  if (gateway_ != nullptr) {
    gateway_->Signal(SIGTERM);
    (void)gateway_->Wait(absl::Seconds(20));
  }
  gateway_.reset();
  if (!key_file_.empty()) std::remove(key_file_.c_str());
  if (!data_keys_file_.empty()) std::remove(data_keys_file_.c_str());
  if (!sms_outbox_.empty()) std::remove(sms_outbox_.c_str());
  if (assessment_server_ != nullptr) assessment_server_->Stop();
  assessment_server_.reset();
  if (merchant_server_ != nullptr) merchant_server_->Stop();
  merchant_server_.reset();
  CardServiceEnv::TearDown();
}

std::string GatewayEnv::ActiveMerchantWithOffer(WebUser& county,
                                                const std::string& county_id,
                                                const std::string& name,
                                                const std::string& licence) {
  const std::string today =
      absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), rpc::ChinaTime()));
  auto merchant = county.Post("/v1/merchants",
                              {{"merchant",
                                {{"owner_org_id", county_id},
                                 {"name", name},
                                 {"licence_number", licence},
                                 {"category", "CATEGORY_FOOD"},
                                 {"locations", {"沧州市新华区建设北街12号"}},
                                 {"contact", "0317-2001234"},
                                 {"contract_from", today},
                                 {"contract_to", "2099-12-31"},
                                 {"terms", "持卡九折"}}}});
  EXPECT_TRUE(merchant && merchant->status == 200)
      << (merchant ? merchant->body : "no answer");
  if (!merchant || merchant->status != 200) return "";
  const std::string id = Json(merchant)["id"];
  auto active = county.Post(absl::StrCat("/v1/merchants/", id, ":change-state"),
                            {{"action", "CONTRACT_ACTION_ACTIVATE"}});
  EXPECT_TRUE(active && active->status == 200);
  auto offer = county.Post("/v1/offers", {{"offer",
                                           {{"merchant_id", id},
                                            {"title", "持卡消费九折"},
                                            {"kind", "OFFER_KIND_DISCOUNT"},
                                            {"discount_percent", 10},
                                            {"category", "CATEGORY_FOOD"},
                                            {"valid_from", today},
                                            {"valid_to", "2099-12-31"}}}});
  EXPECT_TRUE(offer && offer->status == 200)
      << (offer ? offer->body : "no answer");
  return id;
}

std::string GatewayEnv::ApprovedPayout(WebUser& maker, WebUser& checker,
                                       const std::vector<int64_t>& members,
                                       int64_t amount_fen) {
  json items = json::array();
  for (int64_t m : members) {
    items.push_back({{"member_id", std::to_string(m)},
                     {"amount_fen", std::to_string(amount_fen)},
                     {"reason", "子女入学"}});
  }
  auto batch =
      maker.Post("/v1/payout-batches", {{"programme_id", "golden-autumn"},
                                        {"title", "金秋助学"},
                                        {"items", items}});
  EXPECT_TRUE(batch && batch->status == 200)
      << (batch ? batch->body : "no answer");
  if (!batch || batch->status != 200) return "";
  const std::string id = Json(batch)["id"];
  auto approved = checker.Post(
      absl::StrCat("/v1/payout-batches/", id, ":approve"), json::object());
  EXPECT_TRUE(approved && approved->status == 200)
      << (approved ? approved->body : "no answer");
  return id;
}

std::vector<json> GatewayEnv::SmsSentTo(const std::string& mobile) const {
  std::vector<json> sent;
  std::ifstream in(sms_outbox_);
  for (std::string line; std::getline(in, line);) {
    json message = json::parse(line, nullptr, false);
    if (message.is_object() && message["to"] == mobile) {
      sent.push_back(message);
    }
  }
  return sent;
}

std::string GatewayEnv::LatestCode(const std::string& mobile) const {
  std::vector<json> sent = SmsSentTo(mobile);
  return sent.empty() ? "" : sent.back()["code"].get<std::string>();
}

int WebUser::MemberLogin(const std::string& id_number,
                         const std::string& mobile,
                         const std::function<std::string()>& latest_code) {
  auto asked =
      Post("/v1/me/login-code", {{"id_number", id_number}, {"mobile", mobile}});
  if (!asked || asked->status != 200) return asked ? asked->status : -1;
  auto r =
      Post("/v1/me/login", {{"id_number", id_number}, {"code", latest_code()}});
  if (r && r->status == 200) csrf_ = Json(r)["csrf_token"];
  return r ? r->status : -1;
}

WebUser& GatewayEnv::City() {
  if (city_ == nullptr) {
    AccountStore accounts(gateway_pool_.get());
    PasswordHasher hasher;
    auto made =
        AccountAdmin::Bootstrap(accounts, hasher, "admin", "市总管理员");
    EXPECT_TRUE(made.ok()) << made.status();
    city_ = std::make_unique<WebUser>(gateway_port_);
    EXPECT_TRUE(city_->LoginAndChangePassword(
        "admin", made.ok() ? made->temporary_password : "", kPassword));
  }
  return *city_;
}

WebUser GatewayEnv::Staff(WebUser& creator, const std::string& username,
                          const std::string& role, const std::string& org_id) {
  const json request = {{"username", username},
                        {"display_name", username},
                        {"role", role},
                        {"org_id", org_id}};
  auto r = creator.Post("/v1/accounts", request);
  // Seeding may have spent the creator's request budget (20 a second per
  // session): wait for it to refill rather than fail the set-up.
  for (int i = 0; i < 10 && r && r->status == 429; ++i) {
    absl::SleepFor(absl::Milliseconds(500));
    r = creator.Post("/v1/accounts", request);
  }
  WebUser user(gateway_port_);
  EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  if (!r || r->status != 200) return user;
  EXPECT_TRUE(user.LoginAndChangePassword(
      username, Json(r)["temporary_password"], kPassword));
  return user;
}

}  // namespace unioncard::gateway::testing
