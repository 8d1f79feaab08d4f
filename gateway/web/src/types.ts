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

export type OrgLevel = 'CITY' | 'COUNTY' | 'GRASSROOTS';

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
  | 'COLLECTED'
  | 'COUNTY_VERIFIED'
  | 'CITY_APPROVED'
  | 'RETURNED'
  | 'REJECTED';

export interface Member {
  id: string;
  name: string;
  id_number: string;
  gender: 'MALE' | 'FEMALE' | 'GENDER_UNSPECIFIED';
  birth_date: string;
  mobile: string;
  org_id: string;
  county_id: string;
  employer: string;
  migrant_worker: boolean;
  join_date: string;
  review_state: ReviewState;
  review_note: string;
  membership_status: 'ACTIVE' | 'ENDED';
  end_reason: string;
  create_time?: string;
  update_time?: string;
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
  | 'REQUESTED'
  | 'SUBMITTED'
  | 'ISSUED'
  | 'ACTIVATED'
  | 'REJECTED'
  | 'FROZEN'
  | 'LOST'
  | 'REPLACED'
  | 'CANCELLED'
  | 'CARD_STATE_UNSPECIFIED';

export interface Card {
  id: string;
  member_id: string;
  county_id: string;
  org_id: string;
  state: CardState;
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
  state: 'FILLING' | 'QUEUED' | 'SENT' | 'COMPLETE';
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
  failed_csv_base64: string;
}
