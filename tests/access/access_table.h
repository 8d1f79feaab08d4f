#ifndef UNIONCARD_TESTS_ACCESS_ACCESS_TABLE_H_
#define UNIONCARD_TESTS_ACCESS_ACCESS_TABLE_H_

#include <bitset>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace unioncard::testing {

// The callers the access matrix tries every RPC as. The target of every
// request lies in grassroots union gA1 of county A (cangxian): its member
// M, M's card, county A's merchant, gA1's issuance batch, a payout batch
// for M, M's help request.
enum Caller : int {
  kCity,          // city_admin at /city/
  kAssessor,      // assessor at /city/ (the leading group)
  kAuditor,       // auditor at /city/ (reads, never writes)
  kCounty,        // county_staff of A: the target's county
  kOtherCounty,   // county_staff of B (xinhua)
  kUnion,         // grassroots_staff of gA1: the target's own union
  kSiblingUnion,  // grassroots_staff of gA2, beside gA1 in county A
  kMember,        // member M, signed in as themselves
  kOtherMember,   // another member of gA1
  kBank,          // partner_bank at /bank/
  kCallerCount
};
extern const char* const kCallerNames[kCallerCount];
using Callers = std::bitset<kCallerCount>;
Callers Allow(std::initializer_list<Caller> callers);

struct AccessRow {
  std::string method;   // "unioncard.member.v1.MemberService/GetMember"
  std::string request;  // text format; $NAMES filled in by the fixture
  Callers allowed;
  // Of the others, those answered NOT_FOUND as if the target did not exist
  // (docs/rules.md §2.2: staff outside a member's scope learn nothing of
  // them); the rest get PERMISSION_DENIED.
  Callers as_if_unknown = {};
};

// One row per RPC the four services serve (AuditLog's row stands for the
// AuditLog of each). Declared from docs/rules.md §2 and the services'
// READMEs, not read off the code it checks.
const std::vector<AccessRow>& AccessTable();

// What each service identity may call (docs/architecture.md §4): the RPCs
// it uses, nothing else.
const std::map<std::string, std::set<std::string>>& ServiceIdentityGrants();

}  // namespace unioncard::testing

#endif  // UNIONCARD_TESTS_ACCESS_ACCESS_TABLE_H_
