// The frame of a member's page on a phone: the title bar with the name
// and 退出, the page, and the tab bar at the bottom (large tap targets).
import { post } from '../api';
import { h, clear } from '../dom';
import { go } from '../router';
import { confirmAction } from '../ui';
import { member, setMember } from './state';

export const tabs: { hash: string; text: string; icon: string }[] = [
  { hash: '/', text: '我的卡', icon: '卡' },
  { hash: '/benefits', text: '权益', icon: '保' },
  { hash: '/offers', text: '优惠', icon: '惠' },
  { hash: '/services', text: '服务', icon: '助' },
  { hash: '/profile', text: '我的', icon: '我' },
];

// The tab a page belongs to (the rating page is part of 优惠).
function activeTab(path: string): string {
  if (path.startsWith('/rate/')) return '/offers';
  return tabs.find((t) => t.hash === path)?.hash ?? '';
}

export async function logout(): Promise<void> {
  if (!(await confirmAction('退出登录', '确定要退出会员服务平台吗？', '退出'))) return;
  try {
    await post('/v1/me/logout', {});
  } catch {
    // the session is forgotten here either way
  } finally {
    setMember(null);
    go('/login');
  }
}

// Draws the frame into `root` and returns the element pages draw into.
export function drawShell(root: HTMLElement, path: string): HTMLElement {
  const view = h('main', { class: 'm-view', id: 'view' });
  const active = activeTab(path);
  clear(
    root,
    h(
      'header',
      { class: 'm-top' },
      h('div', { class: 'm-brand' }, h('span', { class: 'm-mark' }, '工'), '工会会员服务'),
      h(
        'div',
        { class: 'm-who' },
        h('span', { id: 'm-who', 'data-testid': 'member-name' }, member().name || '会员'),
        h('button', { type: 'button', class: 'm-logout', id: 'm-logout', onclick: () => void logout() }, '退出'),
      ),
    ),
    view,
    h(
      'nav',
      { class: 'm-tabs', 'aria-label': '主菜单' },
      tabs.map((t) =>
        h(
          'a',
          { href: `#${t.hash}`, 'data-tab': t.hash, class: t.hash === active ? 'active' : undefined, 'aria-current': t.hash === active ? 'page' : undefined },
          h('span', { class: 'm-tab-icon', 'aria-hidden': 'true' }, t.icon),
          h('span', { class: 'm-tab-text' }, t.text),
        ),
      ),
    ),
  );
  return view;
}
