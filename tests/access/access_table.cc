// The declared access table. Read a row as: "this RPC, with the target in
// grassroots union gA1 of county A, lets exactly these callers in". The
// rules are docs/rules.md §2 (roles and scope) and the sections named per
// group. Rows run in this order, so those that change the fixture
// (freeze, decline, report lost, cancel, end membership) come after the
// rows that need it as it was. A caller that is let in may still get
// NOT_FOUND, FAILED_PRECONDITION or ALREADY_EXISTS: the request is about
// an existing target, and the matrix only asks whether access was granted.
#include "tests/access/access_table.h"

namespace unioncard::testing {

const char* const kCallerNames[kCallerCount] = {"city_admin",
                                                "assessor",
                                                "auditor",
                                                "county_staff(A)",
                                                "county_staff(B)",
                                                "grassroots_staff(gA1)",
                                                "grassroots_staff(gA2)",
                                                "member(M)",
                                                "member(other)",
                                                "partner_bank"};

Callers Allow(std::initializer_list<Caller> callers) {
  Callers set;
  for (Caller c : callers) set.set(c);
  return set;
}

namespace {

// The sets the rules name again and again.
const Callers kNobody;
// Staff whose unit is the target's or above it, who may change it.
const Callers kWriters = Allow({kCity, kCounty, kUnion});
// ... and those who may read it: the city's read-only roles too.
const Callers kReaders = Allow({kCity, kAssessor, kAuditor, kCounty, kUnion});
const Callers kCityOrCounty = Allow({kCity, kCounty});
// Every staff account, whatever its unit (directories, assessment figures).
const Callers kAllStaff = Allow(
    {kCity, kAssessor, kAuditor, kCounty, kOtherCounty, kUnion, kSiblingUnion});
// The audit trail: the city's admin and auditor.
const Callers kAuditReaders = Allow({kCity, kAuditor});
const Callers kAssessors = Allow({kCity, kAssessor});
// Staff whose role would let them in, but whose unit does not cover the
// target: told "not found" rather than "not yours".
const Callers kOutOfScope = Allow({kOtherCounty, kSiblingUnion});

}  // namespace

const std::vector<AccessRow>& AccessTable() {
  static const auto* table = new std::vector<AccessRow>{
      // --- member-svc: the org tree (§2.1; the directory is city-wide so a
      // transfer can name any union; only the county or the city changes it).
      {"unioncard.member.v1.OrgService/GetOrgUnit", R"(id: "$UNION")",
       kAllStaff},
      {"unioncard.member.v1.OrgService/ListOrgUnits", R"(parent_id: "$COUNTY")",
       kAllStaff},
      {"unioncard.member.v1.OrgService/CreateGrassrootsUnion",
       R"(parent_id: "$COUNTY" name: "矩阵测试工会" id: "$UNION")",
       kCityOrCounty},
      {"unioncard.member.v1.OrgService/RenameOrgUnit",
       R"(id: "$UNION" name: "运河机械厂工会")", kCityOrCounty},
      {"unioncard.member.v1.OrgService/CloseGrassrootsUnion", R"(id: "$UNION")",
       kCityOrCounty},
      // --- members (§3): staff of the member's union or above; a member
      // reads and corrects their own record; outside the scope a member is
      // answered as unknown (§2.2).
      {"unioncard.member.v1.MemberService/RegisterMember",
       R"(org_id: "$UNION" name: "张三" id_number: "$ID_NUMBER" mobile: "$MOBILE")",
       kWriters},
      {"unioncard.member.v1.MemberService/GetMember", R"(id: $MEMBER)",
       Allow({kCity, kAuditor, kCounty, kUnion, kMember}), kOutOfScope},
      {"unioncard.member.v1.MemberService/ListMembers", R"(org_id: "$UNION")",
       Allow({kCity, kAuditor, kCounty, kUnion})},
      {"unioncard.member.v1.MemberService/UpdateMember",
       R"(member { id: $MEMBER mobile: "$MOBILE" } update_mask { paths: "mobile" })",
       Allow({kCity, kCounty, kUnion, kMember})},
      {"unioncard.member.v1.MemberService/FindMemberByIdNumber",
       R"(id_number: "$ID_NUMBER")", Allow({kCity, kAuditor, kCounty, kUnion}),
       kOutOfScope},
      // No target: every staff member who registers may ask, in any unit.
      {"unioncard.member.v1.MemberService/DescribeIdNumber",
       R"(id_number: "$ID_NUMBER")",
       Allow({kCity, kCounty, kOtherCounty, kUnion, kSiblingUnion})},
      {"unioncard.member.v1.MemberService/ReviewMembers",
       R"(member_ids: $MEMBER action: REVIEW_ACTION_RESUBMIT)",
       // The RPC lets in the roles that review (§3.3); whether a member is
       // in the caller's scope is answered per member (member_service_test).
       Allow({kCity, kCounty, kOtherCounty, kUnion, kSiblingUnion})},
      {"unioncard.member.v1.MemberService/TransferMember",
       R"(member_id: $MEMBER to_org_id: "$UNION")", kWriters},
      {"unioncard.member.v1.MemberService/ReinstateMember",
       R"(member_id: $MEMBER)", kWriters},
      {"unioncard.member.v1.MemberService/ImportMembers",
       R"(header { default_org_id: "$UNION" source_name: "matrix.csv" })",
       // As ReviewMembers: the roles that register members get in; each
       // row's union is checked per row (member_import_test).
       Allow({kCity, kCounty, kOtherCounty, kUnion, kSiblingUnion})},
      {"unioncard.member.v1.MemberService/WatchEvents", R"(after_sequence: 0)",
       kAuditReaders},
      {"unioncard.member.v1.MemberService/CountMembers", R"(org_id: "$COUNTY")",
       Allow({kCity, kAssessor, kAuditor, kCounty})},
      {"unioncard.member.v1.MemberService/VerifyMemberContact",
       R"(id_number: "$ID_NUMBER" mobile: "$MOBILE")",
       kNobody},  // the gateway's identity only
      // --- the help desk and notices (§3.6).
      {"unioncard.member.v1.HelpDesk/SubmitHelpRequest",
       R"(member_id: $MEMBER kind: HELP_KIND_LEGAL_ADVICE subject: "劳动合同" body: "单位未签合同")",
       Allow({kMember})},
      {"unioncard.member.v1.HelpDesk/ListHelpRequests",
       R"(member_id: $MEMBER county_id: "$COUNTY")",
       Allow({kCity, kCounty, kMember})},
      {"unioncard.member.v1.HelpDesk/ActOnHelpRequest",
       R"(help_request_id: $HELP_REQUEST action: HELP_ACTION_ACCEPT)",
       kCityOrCounty, Allow({kOtherCounty})},
      {"unioncard.member.v1.NoticeBoard/PublishNotice",
       R"(org_id: "$COUNTY" title: "停电通知" body: "本周六检修")",
       kCityOrCounty},
      {"unioncard.member.v1.NoticeBoard/ListNotices", R"(county_id: "$COUNTY")",
       Allow({kCity, kAssessor, kAuditor, kCounty, kUnion, kSiblingUnion,
              kMember, kOtherMember})},
      {"unioncard.audit.v1.AuditLog/ListAuditEntries", R"(page_size: 10)",
       kAuditReaders},

      // --- card-svc (§4): cards follow their member's scope; the member
      // sees and reports lost their own card.
      {"unioncard.card.v1.CardService/RequestCard", R"(member_id: $MEMBER)",
       kWriters},
      {"unioncard.card.v1.CardService/GetCard", R"(id: $CARD)",
       Allow({kCity, kAssessor, kAuditor, kCounty, kUnion, kMember})},
      {"unioncard.card.v1.CardService/ListCards", R"(org_id: "$UNION")",
       kReaders},
      {"unioncard.card.v1.CardService/GetMemberCards", R"(member_id: $MEMBER)",
       Allow({kCity, kAssessor, kAuditor, kCounty, kUnion, kMember})},
      {"unioncard.card.v1.CardService/OrderReplacement",
       R"(lost_card_id: $CARD)", kWriters},
      {"unioncard.card.v1.CardService/CreateIssuanceBatch",
       R"(org_id: "$UNION" member_ids: $MEMBER)", kCityOrCounty},
      {"unioncard.card.v1.CardService/GetIssuanceBatch",
       R"(id: $ISSUANCE_BATCH)", kReaders},
      {"unioncard.card.v1.CardService/ListIssuanceBatches",
       R"(org_id: "$UNION")", kReaders},
      {"unioncard.card.v1.CardService/GetCardStatistics",
       R"(from_date: "$YEAR-01-01" to_date: "$TODAY")",
       // Each county sees its own row; grassroots unions use ListCards.
       Allow({kCity, kAssessor, kAuditor, kCounty, kOtherCounty})},
      {"unioncard.card.v1.CardService/CheckInsuranceCoverage",
       R"(member_id: $MEMBER date: "$TODAY")",
       Allow({kCity, kAssessor, kAuditor, kCounty, kUnion, kMember})},
      {"unioncard.card.v1.CardService/GetInsuranceRoster", R"(month: "$MONTH")",
       kAuditReaders},
      {"unioncard.card.v1.CardService/ListCardTransactions",
       R"(org_id: "$UNION")", kReaders},
      {"unioncard.card.v1.CardService/ListDormantCards",
       R"(org_id: "$UNION" kind: DORMANT_KIND_ISSUED_NOT_ACTIVATED)", kReaders},
      // The card feed carries card states, no personal data: the city's
      // read roles follow it, as they read cards (the member feed is the
      // admin's and the auditor's only).
      {"unioncard.card.v1.CardService/WatchEvents", R"(after_sequence: 0)",
       Allow({kCity, kAssessor, kAuditor})},
      {"unioncard.card.v1.CardService/FreezeCard",
       R"(card_id: $CARD reason: "会员申请冻结")", kWriters},
      {"unioncard.card.v1.CardService/UnfreezeCard", R"(card_id: $CARD)",
       kWriters},
      // --- payouts (§5.9): the county or the city makes a batch, someone
      // else of the same scope checks it; reconciliation is the city's.
      {"unioncard.card.v1.PayoutService/ListPayoutProgrammes", "", kAllStaff},
      {"unioncard.card.v1.PayoutService/CreatePayoutBatch",
       R"(programme_id: "golden-autumn" title: "金秋助学" items { member_id: $MEMBER amount_fen: 100 reason: "子女入学" })",
       kCityOrCounty},
      {"unioncard.card.v1.PayoutService/GetPayoutBatch",
       R"(batch_id: $PAYOUT_BATCH)",
       Allow({kCity, kAssessor, kAuditor, kCounty})},
      {"unioncard.card.v1.PayoutService/DeclinePayoutBatch",
       R"(batch_id: $PAYOUT_BATCH note: "名单有误")", kCityOrCounty},
      {"unioncard.card.v1.PayoutService/ApprovePayoutBatch",
       R"(batch_id: $PAYOUT_BATCH)", kCityOrCounty},
      {"unioncard.card.v1.PayoutService/ReconcileDay", R"(date: "$TODAY")",
       kAuditReaders},
      {"unioncard.card.v1.PayoutService/ListMemberPayouts",
       R"(member_id: $MEMBER)",
       // Staff elsewhere get in and see an empty list (rows are filtered
       // by scope); the other member does not get in at all.
       Allow({kCity, kAssessor, kAuditor, kCounty, kOtherCounty, kUnion,
              kSiblingUnion, kMember})},

      // --- merchant-svc (§5): the county or the city signs and manages;
      // staff read the merchants of their county and the city's; members
      // and staff search offers and service items; members rate.
      {"unioncard.merchant.v1.MerchantService/CreateMerchant",
       R"(merchant { owner_org_id: "$COUNTY" name: "矩阵书店" licence_number: "91130900MA0MATRIX2" category: CATEGORY_FOOD locations: "沧州市运河区" contact: "0317-2001234" contract_from: "$TODAY" contract_to: "2099-12-31" terms: "持卡九折" })",
       kCityOrCounty},
      {"unioncard.merchant.v1.MerchantService/GetMerchant", R"(id: $MERCHANT)",
       Allow({kCity, kAssessor, kAuditor, kCounty, kUnion, kSiblingUnion})},
      {"unioncard.merchant.v1.MerchantService/ListMerchants",
       R"(org_id: "$COUNTY")",
       Allow({kCity, kAssessor, kAuditor, kCounty, kUnion, kSiblingUnion})},
      {"unioncard.merchant.v1.MerchantService/ChangeMerchantState",
       R"(merchant_id: $MERCHANT action: CONTRACT_ACTION_RESUME)",
       kCityOrCounty},
      {"unioncard.merchant.v1.MerchantService/CreateOffer",
       R"(offer { merchant_id: $MERCHANT title: "赠书签" kind: OFFER_KIND_FREE category: CATEGORY_FOOD valid_from: "$TODAY" valid_to: "$TODAY" })",
       kCityOrCounty},
      {"unioncard.merchant.v1.MerchantService/SearchOffers",
       R"(county_id: "$COUNTY")",
       Allow({kCity, kAssessor, kAuditor, kCounty, kOtherCounty, kUnion,
              kSiblingUnion, kMember, kOtherMember})},
      {"unioncard.merchant.v1.MerchantService/CreateServiceItem",
       R"(item { owner_org_id: "$COUNTY" kind: SERVICE_ITEM_KIND_PUBLIC_SERVICE title: "法律援助" category: CATEGORY_TRANSPORT active_from: "$TODAY" })",
       kCityOrCounty},
      {"unioncard.merchant.v1.MerchantService/CountServiceItems",
       R"(county_id: "$COUNTY" date: "$TODAY")",
       Allow({kCity, kAssessor, kAuditor, kCounty})},
      {"unioncard.merchant.v1.MerchantService/ListServiceItems",
       R"(county_id: "$COUNTY")",
       Allow({kCity, kAssessor, kAuditor, kCounty, kOtherCounty, kUnion,
              kSiblingUnion, kMember, kOtherMember})},
      {"unioncard.merchant.v1.MerchantService/RateMerchant",
       R"(merchant_id: $MERCHANT stars: 4)", Allow({kMember, kOtherMember})},
      {"unioncard.merchant.v1.MerchantService/RecordInspection",
       R"(merchant_id: $MERCHANT score: 80 notes: "卫生良好")", kCityOrCounty},
      {"unioncard.merchant.v1.MerchantService/EvaluateMerchants",
       R"(date: "$TODAY")", Allow({kCity})},
      {"unioncard.merchant.v1.MerchantService/GetEvaluationReport",
       R"(org_id: "$COUNTY")",
       Allow({kCity, kAssessor, kAuditor, kCounty, kUnion, kSiblingUnion})},
      {"unioncard.merchant.v1.MerchantService/GetMerchantUsage",
       R"(merchant_id: $MERCHANT month: "$MONTH")",
       Allow({kCity, kAssessor, kAuditor, kCounty, kUnion, kSiblingUnion})},
      {"unioncard.merchant.v1.MerchantService/GetCategoryUsage",
       R"(county_id: "$COUNTY" month: "$MONTH")",
       Allow({kCity, kAssessor, kAuditor, kCounty, kUnion, kSiblingUnion})},

      // --- assessment-svc (§6): the figures are for every staff account;
      // the leading group (assessor) enters and reviews; the city admin
      // plans, computes and publishes.
      {"unioncard.assessment.v1.AssessmentService/GetPlan", R"(year: 2016)",
       kAllStaff},
      {"unioncard.assessment.v1.AssessmentService/GetBulletin",
       R"(date: "2016-12-31")", kAllStaff},
      {"unioncard.assessment.v1.AssessmentService/GetQuarterRanking",
       R"(year: 2016 quarter: 4)", kAllStaff},
      {"unioncard.assessment.v1.AssessmentService/SimulateAssessment",
       R"(year: 2016 units { unit_code: "$COUNTY" plan: 18000 issued_by_quarter_end: [0, 5000, 12000, 19000] issued_cumulative: 19000 activated_cumulative: 12000 service_items: 3 leadership: "3" measures: "4" })",
       kAssessors},
      {"unioncard.assessment.v1.AssessmentService/SetRegularItems",
       R"(year: $YEAR unit_code: "$COUNTY" leadership: "3" measures: "4")",
       kAssessors},
      {"unioncard.assessment.v1.AssessmentService/ListRegularItems",
       R"(year: $YEAR)", kAllStaff},
      {"unioncard.assessment.v1.AssessmentService/AddIncident",
       R"(unit_code: "$COUNTY" kind: INCIDENT_KIND_OMISSION date: "$TODAY" note: "漏报")",
       kAssessors},
      {"unioncard.assessment.v1.AssessmentService/WithdrawIncident",
       R"(id: 999999999 reason: "录入错误")", kAssessors},
      {"unioncard.assessment.v1.AssessmentService/ListIncidents",
       R"(year: $YEAR unit_code: "$COUNTY")", kAllStaff},
      {"unioncard.assessment.v1.AssessmentService/GetProgressSeries",
       R"(from_month: "$MONTH" to_month: "$MONTH")", kAllStaff},
      {"unioncard.assessment.v1.AnnualAssessmentService/ComputeAssessment",
       R"(year: $YEAR)", Allow({kCity})},
      {"unioncard.assessment.v1.AnnualAssessmentService/AdvanceAssessment",
       R"(year: $YEAR revision: 1 step: ASSESSMENT_STEP_REVIEW)",
       Allow({kAssessor})},  // review is the leading group's (§6.10)
      {"unioncard.assessment.v1.AnnualAssessmentService/GetAssessment",
       R"(year: $YEAR)", kAllStaff},
      {"unioncard.assessment.v1.PlanService/GeneratePlan",
       R"(first_year: 2090 coverage_targets: "10")", Allow({kCity})},
      {"unioncard.assessment.v1.PlanService/GetGeneratedPlan",
       R"(plan_id: 999999999)", kAllStaff},
      {"unioncard.assessment.v1.PlanService/UpdatePlanUnit",
       R"(plan_id: 999999999 year: 2090 unit_code: "$COUNTY" plan: 100)",
       Allow({kCity})},
      {"unioncard.assessment.v1.PlanService/ApprovePlan",
       R"(plan_id: 999999999)", kAssessors},

      // --- last: the rows that end the fixture's card and membership.
      {"unioncard.card.v1.CardService/ReportCardLost", R"(card_id: $CARD)",
       Allow({kCity, kCounty, kUnion, kMember})},
      {"unioncard.card.v1.CardService/CancelCard",
       R"(card_id: $CARD reason: "会员退会")", kWriters},
      {"unioncard.member.v1.MemberService/EndMembership",
       R"(member_id: $MEMBER reason: END_REASON_OTHER note: "矩阵测试")",
       kWriters},
  };
  return *table;
}

const std::map<std::string, std::set<std::string>>& ServiceIdentityGrants() {
  static const auto* grants = new std::map<std::string, std::set<std::string>>{
      {"card-svc",
       {"unioncard.member.v1.MemberService/GetMember",
        "unioncard.member.v1.MemberService/ListMembers",
        "unioncard.member.v1.MemberService/WatchEvents",
        "unioncard.member.v1.OrgService/GetOrgUnit"}},
      {"merchant-svc",
       {"unioncard.card.v1.CardService/GetMemberCards",
        "unioncard.card.v1.CardService/WatchEvents"}},
      {"assessment-svc",
       {"unioncard.member.v1.MemberService/WatchEvents",
        "unioncard.card.v1.CardService/WatchEvents",
        "unioncard.merchant.v1.MerchantService/CountServiceItems"}},
      {"gateway", {"unioncard.member.v1.MemberService/VerifyMemberContact"}},
  };
  return *grants;
}

}  // namespace unioncard::testing
