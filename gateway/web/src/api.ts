// The one client of the gateway's REST routes: cookie session, the CSRF
// token on every unsafe request, errors as ApiError, and the NDJSON
// stream of the member import.
import type { ErrorBody, FieldViolation, Session } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldViolation[] = [],
    readonly retryAfter = 0,
  ) {
    super(message);
  }
}

let csrfToken = '';
// A 401 from these is a refused password or code, not an ended session.
const loginPaths = ['/v1/session', '/v1/me/login'];
let onUnauthenticated: () => void = () => {};

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

// Called on a 401 from any route but the logins themselves (staff and
// member): the session ended.
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> = {};
  try {
    body = (await res.json()) as Partial<ErrorBody>;
  } catch {
    // Not JSON (a proxy's page): the status alone speaks.
  }
  // A 429 says how long to wait in the Retry-After header and, from the
  // members' routes, in the body's retry_after_seconds.
  const retry = Number(res.headers.get('Retry-After') ?? body.retry_after_seconds ?? '0');
  return new ApiError(
    res.status,
    body.code ?? `HTTP_${res.status}`,
    body.message ?? res.statusText,
    Array.isArray(body.details) ? body.details : [],
    Number.isFinite(retry) ? retry : 0,
  );
}

async function send(
  method: string,
  path: string,
  body?: BodyInit,
  contentType = 'application/json',
): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken;
    if (body !== undefined) headers['Content-Type'] = contentType;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'UNAVAILABLE', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) {
    const err = await errorOf(res);
    if (res.status === 401 && !(method === 'POST' && loginPaths.includes(path))) {
      onUnauthenticated();
    }
    throw err;
  }
  return res;
}

export async function get<T>(path: string): Promise<T> {
  return (await (await send('GET', path)).json()) as T;
}

export async function post<T>(path: string, body: unknown = {}): Promise<T> {
  return (await (await send('POST', path, JSON.stringify(body))).json()) as T;
}

export async function put<T>(path: string, body: unknown = {}): Promise<T> {
  return (await (await send('PUT', path, JSON.stringify(body))).json()) as T;
}

// A fresh id for request_id fields: a retried click returns the first result.
export function requestId(): string {
  // crypto.randomUUID needs a secure context; the intranet serves plain http.
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// An RFC 4122 version 4 UUID, for routes whose request_id is a UUID (the
// members' channel). crypto.randomUUID only exists in a secure context
// (https or localhost); elsewhere the same from getRandomValues.
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const x = Array.from(b, (v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export async function del<T>(path: string): Promise<T> {
  return (await (await send('DELETE', path)).json()) as T;
}

// Query strings without empty values.
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const session = {
  async login(username: string, password: string, totpCode = ''): Promise<Session> {
    const s = await post<Session>('/v1/session', totpCode ? { username, password, totp_code: totpCode } : { username, password });
    setCsrfToken(s.csrf_token);
    return s;
  },
  async current(): Promise<Session> {
    const s = await get<Session>('/v1/session');
    setCsrfToken(s.csrf_token);
    return s;
  },
  async changePassword(oldPassword: string, newPassword: string): Promise<Session> {
    const s = await post<Session>('/v1/session:change-password', {
      old_password: oldPassword,
      new_password: newPassword,
    });
    if (s.csrf_token) setCsrfToken(s.csrf_token);
    return s;
  },
  async logout(): Promise<void> {
    await del<unknown>('/v1/session');
    setCsrfToken('');
  },
};

export type ImportLine =
  | { progress: { sent: number; total: number } }
  | { result: import('./types').ImportResult }
  | { error: ErrorBody };

// POST the CSV file as it is (UTF-8 or GBK: the gateway detects which) and
// hand each NDJSON line to `onLine` as it arrives.
export async function importMembers(
  orgId: string,
  file: File,
  onLine: (line: ImportLine) => void,
): Promise<void> {
  const res = await send(
    'POST',
    `/v1/members:import${query({ org_id: orgId, file_name: file.name })}`,
    file,
    'text/csv',
  );
  if (!res.body) throw new ApiError(0, 'UNAVAILABLE', '服务器没有返回导入进度');
  const reader = res.body.getReader();
  const decoder = new TextDecoder('utf-8');
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (value) buffered += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (text) onLine(JSON.parse(text) as ImportLine);
    }
    if (done) break;
  }
  if (buffered.trim()) onLine(JSON.parse(buffered) as ImportLine);
}
