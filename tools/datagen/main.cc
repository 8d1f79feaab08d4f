// datagen: deterministic synthetic union members shaped by the official
// 2016–2018 plan, for tests, benchmarks and demos.
//
//   datagen --out=/tmp/cz --scale=0.01 --encoding=gbk
//
// Writes OUT/grassroots.csv (county_code,grassroots_code,name,members) and
// OUT/members.csv (county_code,grassroots_code,name,id_number,mobile,
// employer,migrant_worker,join_date), then a per-county summary.
#include <cstdio>
#include <filesystem>
#include <map>

#include "absl/flags/flag.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_format.h"
#include "common/config/env_flags.h"
#include "common/reference/county_plan.h"
#include "tools/datagen/csv_file_writer.h"
#include "tools/datagen/member_generator.h"

ABSL_FLAG(std::string, plan, "deploy/reference/cangzhou_plan_2016_2018.csv",
          "the county plan CSV");
ABSL_FLAG(std::string, out, "", "output directory (created if missing)");
ABSL_FLAG(double, scale, 1.0, "fraction of each county's 2015 members");
ABSL_FLAG(uint64_t, seed, 2016, "same seed, same data");
ABSL_FLAG(std::string, as_of, "2016-01-01", "registration date (ages)");
ABSL_FLAG(std::string, encoding, "utf8", "utf8 or gbk");
ABSL_FLAG(double, migrant_share, 0.18, "share of migrant workers");

namespace {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "datagen: %s\n", status.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace unioncard;
  absl::SetProgramUsageMessage("synthetic members shaped by the county plan");
  config::ParseFlagsWithEnvironment(argc, argv);

  const std::string out = absl::GetFlag(FLAGS_out);
  const std::string encoding_name = absl::GetFlag(FLAGS_encoding);
  if (out.empty()) return Fail(absl::InvalidArgumentError("--out is required"));
  if (encoding_name != "utf8" && encoding_name != "gbk") {
    return Fail(absl::InvalidArgumentError("--encoding must be utf8 or gbk"));
  }
  datagen::GeneratorOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  options.scale = absl::GetFlag(FLAGS_scale);
  options.migrant_share = absl::GetFlag(FLAGS_migrant_share);
  if (!absl::ParseCivilTime(absl::GetFlag(FLAGS_as_of), &options.as_of)) {
    return Fail(absl::InvalidArgumentError("--as_of must be YYYY-MM-DD"));
  }
  if (!(options.scale > 0 && options.scale <= 10)) {
    return Fail(absl::InvalidArgumentError("--scale must be in (0, 10]"));
  }

  auto plan = reference::ReadCountyPlanFile(absl::GetFlag(FLAGS_plan));
  if (!plan.ok()) return Fail(plan.status());

  std::filesystem::create_directories(out);
  const auto encoding = encoding_name == "gbk" ? datagen::Encoding::kGbk
                                               : datagen::Encoding::kUtf8;
  datagen::CsvFileWriter unions, members;
  if (auto s = unions.Open(out + "/grassroots.csv", encoding); !s.ok()) {
    return Fail(s);
  }
  if (auto s = members.Open(out + "/members.csv", encoding); !s.ok()) {
    return Fail(s);
  }
  absl::Status status =
      unions.Write({"county_code", "grassroots_code", "name", "members"});
  if (status.ok()) {
    status =
        members.Write({"county_code", "grassroots_code", "name", "id_number",
                       "mobile", "employer", "migrant_worker", "join_date"});
  }

  std::map<std::string, std::pair<int64_t, int64_t>>
      per_county;  // unions, members
  datagen::MemberGenerator generator(*plan, options);
  generator.Generate(
      [&](const datagen::GrassrootsUnion& u) {
        ++per_county[u.county_code].first;
        if (status.ok()) {
          status = unions.Write(
              {u.county_code, u.code, u.name, std::to_string(u.members)});
        }
      },
      [&](const datagen::GeneratedMember& m) {
        ++per_county[m.county_code].second;
        if (status.ok()) {
          status = members.Write({m.county_code, m.grassroots_code, m.name,
                                  m.id_number, m.mobile, m.employer,
                                  m.migrant_worker ? "1" : "0",
                                  absl::FormatCivilTime(m.join_date)});
        }
      });
  if (status.ok()) status = unions.Close();
  if (status.ok()) status = members.Close();
  if (!status.ok()) return Fail(status);

  int64_t total_unions = 0, total_members = 0;
  std::printf("%-16s %10s %10s\n", "county", "unions", "members");
  for (const auto& county : *plan) {
    const auto& [u, m] = per_county[county.unit_code];
    std::printf("%-16s %10lld %10lld\n", county.unit_code.c_str(),
                static_cast<long long>(u), static_cast<long long>(m));
    total_unions += u;
    total_members += m;
  }
  std::printf("%-16s %10lld %10lld\nwritten to %s (%s)\n", "total",
              static_cast<long long>(total_unions),
              static_cast<long long>(total_members), out.c_str(),
              encoding_name.c_str());
  return 0;
}
