// The JSON of the members' routes (/v1/me/…), proto field names as the
// gateway sends them: 64-bit integers as strings, enums by name.
import type { Card, CardChange, Member } from '../types';

// POST /v1/me/login and GET /v1/me/session.
export interface MemberSession {
  member_id: string;
  csrf_token: string;
  name?: string; // masked ("张*"), when the gateway gives it
  org_id: string;
  county_id: string;
}

// GET /v1/me: the member's own record, masked. The union's and county's
// names are shown when the gateway adds them; otherwise their codes.
export interface MeMember extends Member {
  org_name?: string;
  county_name?: string;
}

// A card as the members' routes may show it: besides last4, a masked
// number when the gateway gives one.
export interface MeCard extends Card {
  masked_number?: string;
  masked_token?: string;
}

export interface MeCards {
  member_id: string;
  live_card_id: string; // "0" without a live card
  cards: { card: MeCard; history?: CardChange[] }[];
}

export interface Cover {
  member_id: string;
  date: string;
  covered: boolean;
  spans: { from_date: string; through_date: string }[];
}

export interface MePayout {
  batch_id: string;
  programme_id: string;
  programme_name: string;
  title: string;
  amount_fen: string;
  reason?: string;
  state: string;
  create_time?: string;
  result_time?: string;
  result: string;
}

export interface RatingReceipt {
  merchant_id: string;
  month: string;
  replaced: boolean;
}
