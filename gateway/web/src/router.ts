// Hash routes ("#/members/12?q=张"): the gateway serves one index.html,
// and a bookmarked page survives a reload.

export interface RouteContext {
  params: Record<string, string>; // from the pattern, e.g. {id: "12"}
  query: URLSearchParams;
  view: HTMLElement; // where the page draws
}

export type Page = (ctx: RouteContext) => Promise<void> | void;

interface Entry {
  pattern: RegExp;
  names: string[];
  page: Page;
}

const entries: Entry[] = [];

export function route(path: string, page: Page): void {
  const names: string[] = [];
  const pattern = new RegExp(
    '^' +
      path.replace(/:([a-z_]+)/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      }) +
      '$',
  );
  entries.push({ pattern, names, page });
}

export function currentHash(): string {
  return location.hash.replace(/^#/, '') || '/';
}

export function go(hash: string): void {
  if (currentHash() === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

export function match(hash: string): { page: Page; params: Record<string, string>; query: URLSearchParams } | null {
  const [path = '/', q = ''] = hash.split('?');
  for (const e of entries) {
    const m = e.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    e.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? '')));
    return { page: e.page, params, query: new URLSearchParams(q) };
  }
  return null;
}
