#include "common/auth/service_grants.h"

#include "absl/strings/str_cat.h"

namespace unioncard::auth {
namespace {

constexpr char kMembers[] = "/unioncard.member.v1.MemberService/";
constexpr char kOrgs[] = "/unioncard.member.v1.OrgService/";
constexpr char kCards[] = "/unioncard.card.v1.CardService/";
constexpr char kMerchants[] = "/unioncard.merchant.v1.MerchantService/";

std::vector<ServiceGrant> MakeGrants() {
  return {
      // Eligibility and addresses of members for issuance, the member feed
      // (card-svc/src/app/member_directory.cc, card_server.cc).
      {"card-svc",
       {absl::StrCat(kMembers, "GetMember"),
        absl::StrCat(kMembers, "ListMembers"),
        absl::StrCat(kMembers, "WatchEvents"),
        absl::StrCat(kOrgs, "GetOrgUnit")}},
      // Who holds a card (ratings), the card feed for usage
      // (merchant-svc/src/app/card_holders.cc, merchant_server.cc).
      {"merchant-svc",
       {absl::StrCat(kCards, "GetMemberCards"),
        absl::StrCat(kCards, "WatchEvents")}},
      // Counters off both feeds, service items per county
      // (assessment-svc/src/assessment_server.cc, app/service_item_counts.cc).
      {"assessment-svc",
       {absl::StrCat(kMembers, "WatchEvents"),
        absl::StrCat(kCards, "WatchEvents"),
        absl::StrCat(kMerchants, "CountServiceItems")}},
      // Members' sign-in: ID number and mobile → member
      // (gateway/src/gateway.cc).
      {"gateway", {absl::StrCat(kMembers, "VerifyMemberContact")}},
  };
}

}  // namespace

const std::vector<ServiceGrant>& ServiceGrants() {
  static const std::vector<ServiceGrant>* grants =
      new std::vector<ServiceGrant>(MakeGrants());
  return *grants;
}

absl::Status CheckServiceGrant(const Principal& caller,
                               absl::string_view method) {
  if (caller.role != Role::kService) return absl::OkStatus();
  for (const ServiceGrant& grant : ServiceGrants()) {
    if (grant.subject != caller.subject) continue;
    for (const std::string& allowed : grant.methods) {
      if (allowed == method) return absl::OkStatus();
    }
    return absl::PermissionDeniedError(
        absl::StrCat("service identity ", caller.subject, " may not call ",
                     method.empty() ? "this RPC" : method));
  }
  return absl::PermissionDeniedError(
      absl::StrCat("unknown service identity \"", caller.subject.substr(0, 64),
                   "\": service tokens are issued to card-svc, merchant-svc, "
                   "assessment-svc and gateway only"));
}

}  // namespace unioncard::auth
