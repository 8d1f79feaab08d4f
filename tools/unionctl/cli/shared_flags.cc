#include "tools/unionctl/cli/shared_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, token, "",
          "caller token for service calls (or UNIONCARD_TOKEN)");
ABSL_FLAG(std::string, card_svc, "127.0.0.1:50052", "card-svc address");
ABSL_FLAG(std::string, merchant_svc, "127.0.0.1:50053", "merchant-svc address");
ABSL_FLAG(std::string, assessment_svc, "127.0.0.1:50054",
          "assessment-svc address");
ABSL_FLAG(std::string, org, "",
          "the union a command is about (members import: where rows go "
          "unless the file has a grassroots_code column; token issue: the "
          "token's unit; accounts create: the account's unit)");
ABSL_FLAG(std::string, role, "",
          "token issue, accounts create: city_admin, county_staff, …");
ABSL_FLAG(std::string, date, "", "a day, YYYY-MM-DD");
ABSL_FLAG(std::string, note, "",
          "payouts decline, assessment advance: why; assessment incident: "
          "what happened");
ABSL_FLAG(std::string, title, "", "payouts create, offers create: the title");
ABSL_FLAG(std::string, request_id, "",
          "makes a rerun continue (or return) the same thing");
ABSL_FLAG(std::string, county, "", "the county-level union");
ABSL_FLAG(std::string, kind, "",
          "assessment incident: omission|criticism; analytics dormant: "
          "not-activated|never-used");
ABSL_FLAG(bool, csv, false, "reports: print CSV instead of a table");
ABSL_FLAG(std::string, xlsx, "",
          "reports: write the table to this XLSX file instead");
