// Who is signed in, for every page to ask.
import type { Account, Role } from './types';

let account: Account | null = null;

export function signedIn(): Account | null {
  return account;
}

export function setAccount(a: Account | null): void {
  account = a;
}

export function me(): Account {
  if (!account) throw new Error('not signed in');
  return account;
}

export function hasRole(...roles: Role[]): boolean {
  return account !== null && roles.includes(account.role);
}

// The county of a county or grassroots account ("/city/xinhua/…" → xinhua).
export function myCounty(): string {
  const parts = (account?.org_path ?? '').split('/').filter(Boolean);
  return parts[1] ?? '';
}
