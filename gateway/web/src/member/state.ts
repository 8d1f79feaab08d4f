// The signed-in member, kept in memory only (the cookie is HttpOnly; the
// CSRF token lives in the api module).
import { setCsrfToken } from '../api';
import type { MemberSession } from './types';

let current: MemberSession | null = null;

export function signedInMember(): MemberSession | null {
  return current;
}

export function setMember(s: MemberSession | null): void {
  current = s;
  setCsrfToken(s?.csrf_token ?? '');
}

export function member(): MemberSession {
  if (!current) throw new Error('not signed in');
  return current;
}
