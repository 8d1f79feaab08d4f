// What the members' pages share beyond src/ui.ts: failures worded for a
// member (the server's own message where it explains a refusal), a panel,
// and the list item.
import { ApiError } from '../api';
import { h } from '../dom';
import { explain, waitText } from '../format';

// The gateway's messages to members come as "中文 (English)": the Chinese
// alone is shown when there is some.
export function chineseOnly(message: string): string {
  const zh = message.replace(/\s*\([\x20-\x7e]*\)\s*$/, '').trim();
  return /[\u4e00-\u9fff]/.test(zh) ? zh : message;
}

export function memberErrorText(e: unknown): string {
  if (!(e instanceof ApiError)) return `页面出错：${String(e)}`;
  const said = e.message ? explain(chineseOnly(e.message)) : '';
  switch (e.status) {
    case 0:
      return e.message;
    case 401:
      return '登录已过期，请重新登录';
    case 403:
    case 409:
    case 412:
      // A refusal the member can act on: the server says why.
      return said || '当前不能办理此项业务，请联系所在工会';
    case 404:
      return said ? `未找到：${said}` : '未找到';
    case 429: {
      const wait = waitText(e.retryAfter);
      return `${said || '操作过于频繁'}${wait ? `，请${wait}后再试` : '，请稍后再试'}`;
    }
    default:
      if (e.status === 400) return `填写有误：${said}`;
      return `服务暂时不可用（${e.status}），请稍后再试${said ? `（${said}）` : ''}`;
  }
}

export function panel(id: string, title: string, ...children: (Node | string | null)[]): HTMLElement {
  return h('section', { class: 'm-panel', id }, h('h2', {}, title), ...children);
}

export function pageTitle(text: string): HTMLElement {
  return h('h1', { class: 'm-title' }, text);
}

export function empty(text: string): HTMLElement {
  return h('p', { class: 'm-empty' }, text);
}

// Text the member or staff typed, one paragraph a line, never markup.
export function paragraphs(text: string, cls = ''): HTMLElement {
  return h('div', { class: cls || undefined }, text.split(/\r?\n/).filter((l) => l.trim()).map((l) => h('p', {}, l)));
}
