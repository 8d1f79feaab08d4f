// The gateway's JSON, as the proto field names give it: 64-bit integers
// arrive as strings, enums as their names.

export type Role =
  | 'city_admin'
  | 'county_staff'
  | 'grassroots_staff'
  | 'assessor'
  | 'auditor';

export interface Account {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  org_id: string;
  org_path: string;
  must_change_password: boolean;
  totp_enabled?: boolean;
  disabled: boolean;
  failed_logins: number;
  created_by: string;
  created_at: string;
  changed_by: string;
  changed_at: string;
}

export interface Session {
  account: Account;
  csrf_token: string;
}

export interface FieldViolation {
  field: string;
  description: string;
}

export interface ErrorBody {
  code: string;
  message: string;
  details: FieldViolation[];
  retry_after_seconds?: number | string; // with a 429
}

export interface BulletinRow {
  unit_code: string;
  name: string;
  members: string;
  plan: string;
  issued_this_year: string;
  issued_cumulative: string;
  live_cards: string;
  activated: string;
  completion: string;
  coverage: string;
  activation_rate: string;
  rank: number;
}

export interface Bulletin {
  date: string;
  rows: BulletinRow[];
  city: BulletinRow;
}

export interface ProgressPoint {
  month: string;
  members: string;
  live_cards: string;
  issued_cumulative: string;
  activated: string;
  coverage: string;
  activation_rate: string;
}

export interface CountySeries {
  unit_code: string;
  name: string;
  points: ProgressPoint[];
}

export interface ProgressSeries {
  counties: CountySeries[];
  city: CountySeries;
}

export type OrgLevel = 'ORG_LEVEL_CITY' | 'ORG_LEVEL_COUNTY' | 'ORG_LEVEL_GRASSROOTS';

export interface OrgUnit {
  id: string;
  parent_id: string;
  level: OrgLevel;
  name: string;
  path: string;
  county_id: string;
  closed: boolean;
}

export type ReviewState =
  | 'REVIEW_STATE_COLLECTED'
  | 'REVIEW_STATE_COUNTY_VERIFIED'
  | 'REVIEW_STATE_CITY_APPROVED'
  | 'REVIEW_STATE_RETURNED'
  | 'REVIEW_STATE_REJECTED';

export interface Member {
  id: string;
  name: string;
  id_number: string;
  gender: 'GENDER_MALE' | 'GENDER_FEMALE' | 'GENDER_UNSPECIFIED';
  birth_date: string;
  mobile: string;
  org_id: string;
  county_id: string;
  employer: string;
  migrant_worker: boolean;
  join_date: string;
  review_state: ReviewState;
  review_note: string;
  membership_status: 'MEMBERSHIP_STATUS_ACTIVE' | 'MEMBERSHIP_STATUS_ENDED';
  end_reason: string;
  create_time?: string;
  update_time?: string;
  id_region?: string; // the ID number's region by GB/T 2260
  warnings?: string[]; // accepted but worth a check, "field: why"
}

// MemberService.DescribeIdNumber: what registration would make of a number.
export interface IdNumberDescription {
  id_number: string; // masked
  region_code: string;
  region?: string; // empty when no GB/T 2260 list has the code
  birth_date: string;
  gender: 'GENDER_MALE' | 'GENDER_FEMALE';
  age?: number;
  registration_problem?: string; // why registering would be refused today
  warnings?: string[];
}

export interface ReviewOutcome {
  member_id: string;
  code: number;
  message: string;
  review_state: ReviewState;
}

export interface ReviewResponse {
  outcomes: ReviewOutcome[];
  succeeded: number;
  failed: number;
}

export type CardState =
  | 'CARD_STATE_REQUESTED'
  | 'CARD_STATE_SUBMITTED'
  | 'CARD_STATE_ISSUED'
  | 'CARD_STATE_ACTIVATED'
  | 'CARD_STATE_REJECTED'
  | 'CARD_STATE_FROZEN'
  | 'CARD_STATE_LOST'
  | 'CARD_STATE_REPLACED'
  | 'CARD_STATE_CANCELLED'
  | 'CARD_STATE_UNSPECIFIED';

export interface Card {
  id: string;
  member_id: string;
  county_id: string;
  org_id: string;
  state: CardState;
  replaces_card_id?: string;
  last4: string;
  expiry: string;
  issue_time?: string;
  activation_time?: string;
  note: string;
}

export interface CardChange {
  from_state: CardState;
  to_state: CardState;
  time?: string;
  reason: string;
}

export interface MemberCards {
  member_id: string;
  live_card_id: string;
  cards: { card: Card; history: CardChange[] }[];
}

export interface IssuanceBatch {
  id: string;
  org_id: string;
  county_id: string;
  state: 'BATCH_STATE_FILLING' | 'BATCH_STATE_QUEUED' | 'BATCH_STATE_SENT' | 'BATCH_STATE_COMPLETE';
  created_by: string;
  create_time?: string;
  send_time?: string;
  members: number;
  without_card: number;
  waiting: number;
  issued: number;
  activated: number;
  rejected: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  actor_role: string;
  action: string;
  target_type: string;
  target_id: string;
  request_id: string;
  detail: unknown;
}

export interface ImportResult {
  rows: number;
  created: number;
  unchanged: number;
  failed: number;
  encoding: string;
  failures: { line: number; reason: string }[];
  // Imported rows to check against the papers ("id_number: …").
  warnings?: { line: number; warning: string }[];
  failed_csv_base64: string;
}

// assessment-svc (protos/assessment/v1/assessment.proto)
export interface RankedUnit {
  unit_code: string;
  name: string;
  issued: string;
  plan: string;
  completion: string;
  rank: number;
  points: string;
}

export interface QuarterRanking {
  year: number;
  quarter: number;
  quarter_end: string;
  units: RankedUnit[];
}

export interface PlanUnit {
  unit_code: string;
  name: string;
  members_base: string;
  plan: string;
  cumulative_target: string;
}

export interface Plan {
  year: number;
  units: PlanUnit[];
  total: string;
}

export interface GeneratedPlan {
  plan_id: string;
  state: 'PLAN_STATE_DRAFT' | 'PLAN_STATE_APPROVED' | 'PLAN_STATE_UNSPECIFIED';
  years: { year: number; coverage_target: string; units: PlanUnit[]; total: string }[];
  created_by: string;
  approved_by: string;
}

export interface RegularItemsEntry {
  year: number;
  unit_code: string;
  leadership: string;
  measures: string;
  omissions: number;
  criticisms: number;
  updated_by: string;
}

export interface Incident {
  id: string;
  unit_code: string;
  kind: 'INCIDENT_KIND_OMISSION' | 'INCIDENT_KIND_CRITICISM' | 'INCIDENT_KIND_UNSPECIFIED';
  date: string;
  note: string;
  entered_by: string;
  withdrawn: boolean;
  withdrawn_reason: string;
}

export interface SimulatedUnit {
  unit_code: string;
  plan: string;
  issued_by_quarter_end: string[];
  issued_cumulative: string;
  activated_cumulative: string;
  service_items: string;
  leadership: string;
  measures: string;
  omissions: number;
  criticisms: number;
}

export interface UnitScore {
  unit_code: string;
  name: string;
  leadership: string;
  measures: string;
  responsiveness: string;
  supervision: string;
  regular_total: string;
  issuance: string;
  activation: string;
  service_items: string;
  year_end_total: string;
  total: string;
  completion: string;
  activation_rate: string;
  vetoed: boolean;
  award_rank: number;
  award_fen: string;
}

export interface AssessmentResult {
  year: number;
  units: UnitScore[];
  quarters: QuarterRanking[];
}

export type AssessmentState = 'ASSESSMENT_STATE_DRAFT' | 'ASSESSMENT_STATE_REVIEWED' | 'ASSESSMENT_STATE_APPROVED' | 'ASSESSMENT_STATE_PUBLISHED' | 'ASSESSMENT_STATE_UNSPECIFIED';
export type AssessmentStep = 'ASSESSMENT_STEP_COMPUTE' | 'ASSESSMENT_STEP_REVIEW' | 'ASSESSMENT_STEP_APPROVE' | 'ASSESSMENT_STEP_PUBLISH' | 'ASSESSMENT_STEP_SEND_BACK' | 'ASSESSMENT_STEP_CORRECT';

export interface Assessment {
  year: number;
  revision: number;
  state: AssessmentState;
  inputs?: { year: number; units: SimulatedUnit[] };
  result?: AssessmentResult;
  computed_at?: string;
  computed_by: string;
  history?: {
    revision: number;
    step: AssessmentStep;
    from_state: AssessmentState;
    to_state: AssessmentState;
    actor: string;
    at?: string;
    note: string;
  }[];
  revisions?: number[];
}

export interface DormantUnion {
  county_id: string;
  org_id: string;
  cards: string;
  member_ids: string[];
}

export interface InsuranceRoster {
  month: string;
  additions: string[];
  removals: string[];
  insured: string;
}

// merchant-svc (protos/merchant/v1/merchant.proto)
export interface Merchant {
  id: string;
  owner_org_id: string;
  name: string;
  licence_number: string;
  category: string;
  locations: string[];
  contact: string;
  bank_merchant_ids: string[];
  contract_from: string;
  contract_to: string;
  terms: string;
  state: 'MERCHANT_STATE_PENDING' | 'MERCHANT_STATE_ACTIVE' | 'MERCHANT_STATE_SUSPENDED' | 'MERCHANT_STATE_EXITED' | 'MERCHANT_STATE_UNSPECIFIED';
  standing: 'STANDING_NORMAL' | 'STANDING_FEATURED' | 'STANDING_WARNING' | 'STANDING_EXIT_PROPOSED' | 'STANDING_UNSPECIFIED';
  create_time?: string;
}

export interface Offer {
  id: string;
  merchant_id: string;
  title: string;
  kind: 'OFFER_KIND_DISCOUNT' | 'OFFER_KIND_FIXED_PRICE' | 'OFFER_KIND_FREE' | 'OFFER_KIND_UNSPECIFIED';
  discount_percent: number;
  price_fen: string;
  category: string;
  valid_from: string;
  valid_to: string;
  conditions: string;
  merchant_name: string;
  withdrawn: boolean;
  // In the members' search (GET /v1/me/offers): where the merchant is,
  // its mean stars over twelve months (0: nobody rated) and how many.
  merchant_address?: string;
  merchant_locations?: string[];
  merchant_rating?: string | number;
  merchant_ratings?: number;
}

export interface ServiceItem {
  id: string;
  owner_org_id: string;
  kind: string;
  title: string;
  category: string;
  active_from: string;
  active_to: string;
  how_to_use?: string;
}

export interface ServiceItemCount {
  county_id: string;
  date: string;
  county_items: string;
  city_items: string;
  merchant_offers: string;
}

export interface MerchantEvaluation {
  merchant_id: string;
  merchant_name: string;
  owner_org_id: string;
  standing: Merchant['standing'];
  ratings: number;
  mean_stars: string;
  warning_since: string;
  reason: string;
  changed: boolean;
}

export interface EvaluationReport {
  date: string;
  merchants: MerchantEvaluation[];
}

export interface MerchantUsage {
  merchant_id: string;
  month: string;
  transactions: string;
  spend_fen: string;
  members: string;
}

// card-svc payouts (protos/card/v1/payouts.proto)
export interface PayoutProgramme {
  id: string;
  name: string;
}

export interface PayoutItem {
  line: number;
  member_id: string;
  card_id: string;
  amount_fen: string;
  reason: string;
  idempotency_key: string;
  state: string;
  bank_reference: string;
  result: string;
  result_time?: string;
}

export interface PayoutBatch {
  id: string;
  programme_id: string;
  title: string;
  state: 'PAYOUT_BATCH_STATE_AWAITING_APPROVAL' | 'PAYOUT_BATCH_STATE_APPROVED' | 'PAYOUT_BATCH_STATE_DECLINED' | 'PAYOUT_BATCH_STATE_UNSPECIFIED';
  created_by: string;
  create_time?: string;
  approved_by: string;
  approve_time?: string;
  item_count: number;
  total_fen: string;
  paid_fen: string;
  paid: number;
  failed: number;
  outstanding: number;
  items: PayoutItem[];
}

export interface ReconciliationDifference {
  kind: string;
  idempotency_key: string;
  ledger_fen: string;
  bank_fen: string;
}

export interface DayReconciliation {
  date: string;
  ledger_total_fen: string;
  bank_total_fen: string;
  matched: number;
  differences: ReconciliationDifference[];
}

// A service's own audit trail (unioncard.audit.v1.AuditLog).
export interface ServiceAuditEntry {
  id: string;
  time?: string;
  actor: string;
  actor_role: string;
  action: string;
  target_type: string;
  target_id: string;
  request_id: string;
  detail_json: string;
}

// The members' channel: help requests (求助) and policy notices (政策通知).
export type HelpKind = 'HELP_KIND_LEGAL_ADVICE' | 'HELP_KIND_HARDSHIP_ASSISTANCE';
export type HelpState = 'HELP_REQUEST_STATE_SUBMITTED' | 'HELP_REQUEST_STATE_ACCEPTED' | 'HELP_REQUEST_STATE_ANSWERED' | 'HELP_REQUEST_STATE_CLOSED';

export interface HelpRequest {
  id: string;
  member_id: string;
  member_name: string; // masked
  county_id: string;
  org_id: string;
  kind: HelpKind;
  subject: string;
  body: string;
  state: HelpState;
  answer: string;
  handled_by: string;
  create_time?: string;
  update_time?: string;
}

export interface Notice {
  id: string;
  org_id: string; // "city" or a county
  title: string;
  body: string;
  published_by: string;
  publish_time?: string;
}
