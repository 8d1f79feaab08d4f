// The frame around every signed-in page: the title bar with the account
// and logout, and the menu of what this role may do.
import { session } from './api';
import { h, clear } from './dom';
import { roleNames } from './format';
import { go } from './router';
import { me, setAccount } from './state';
import type { Role } from './types';
import { confirmAction } from './ui';

interface MenuItem {
  hash: string;
  text: string;
  roles: Role[];
}

const everyone: Role[] = ['city_admin', 'county_staff', 'grassroots_staff', 'assessor', 'auditor'];
const memberStaff: Role[] = ['city_admin', 'county_staff', 'grassroots_staff'];

export const menu: MenuItem[] = [
  { hash: '/', text: '首页', roles: everyone },
  { hash: '/bulletin', text: '月通报', roles: everyone },
  { hash: '/members', text: '会员查询', roles: memberStaff },
  { hash: '/members/new', text: '会员登记', roles: memberStaff },
  { hash: '/import', text: '批量导入', roles: memberStaff },
  { hash: '/review', text: '审核备案', roles: ['city_admin', 'county_staff'] },
  { hash: '/batches', text: '发卡批次', roles: memberStaff },
  { hash: '/ranking', text: '季度排队', roles: everyone },
  { hash: '/plans', text: '考核计划', roles: everyone },
  { hash: '/regular', text: '平时考核', roles: ['city_admin', 'assessor', 'county_staff', 'auditor'] },
  { hash: '/assessment', text: '年度考核', roles: everyone },
  { hash: '/followup', text: '待跟进卡片', roles: ['city_admin', 'county_staff', 'grassroots_staff', 'assessor', 'auditor'] },
  { hash: '/insurance', text: '保险名单', roles: ['city_admin', 'auditor'] },
  { hash: '/merchants', text: '商户管理', roles: everyone },
  { hash: '/offers', text: '优惠与服务项目', roles: ['city_admin', 'county_staff', 'assessor', 'auditor'] },
  { hash: '/payouts', text: '资金发放', roles: ['city_admin', 'county_staff', 'auditor'] },
  { hash: '/reconciliation', text: '发放对账', roles: ['city_admin', 'auditor'] },
  { hash: '/help-requests', text: '求助工单', roles: ['city_admin', 'county_staff'] },
  { hash: '/notices', text: '政策通知', roles: ['city_admin', 'county_staff'] },
  { hash: '/member-qr', text: '会员平台二维码', roles: ['city_admin', 'county_staff'] },
  { hash: '/accounts', text: '账号管理', roles: ['city_admin', 'county_staff'] },
  { hash: '/audit', text: '审计日志', roles: ['city_admin', 'auditor'] },
];

export function canSee(hash: string): boolean {
  const item = menu.find((m) => m.hash === hash);
  return !item || item.roles.includes(me().role);
}

// Draws the frame into `root` and returns the element pages draw into.
export function drawShell(root: HTMLElement, activeHash: string): HTMLElement {
  const a = me();
  const view = h('main', { class: 'view', id: 'view' });
  const path = activeHash.split('?')[0] ?? '/';
  const active = [...menu]
    .filter((m) => m.hash === path || (m.hash !== '/' && path.startsWith(`${m.hash}/`) && path !== '/members/new'))
    .sort((x, y) => y.hash.length - x.hash.length)[0]?.hash ?? path;
  const logout = async () => {
    if (!(await confirmAction('退出登录', '确定要退出登录吗？', '退出'))) return;
    try {
      await session.logout();
    } finally {
      setAccount(null);
      go('/login');
    }
  };
  clear(
    root,
    h(
      'header',
      { class: 'topbar' },
      h('div', { class: 'brand' }, h('span', { class: 'brand-mark' }, '工'), '沧州市总工会 · 工会会员卡管理平台'),
      h(
        'div',
        { class: 'who' },
        h('span', { class: 'who-name', 'data-testid': 'who' }, a.display_name),
        h('span', { class: 'who-role' }, `${roleNames[a.role] ?? a.role} · ${a.org_id}`),
        h('a', { href: '#/security', class: 'top-link', id: 'security-link' }, '账号安全'),
        h('a', { href: '#/change-password', class: 'top-link' }, '修改密码'),
        h('button', { type: 'button', class: 'btn btn-ghost', id: 'logout', onclick: logout }, '退出'),
      ),
    ),
    h(
      'div',
      { class: 'body' },
      h(
        'nav',
        { class: 'sidebar' },
        menu
          .filter((m) => m.roles.includes(a.role))
          .map((m) => h('a', { href: `#${m.hash}`, class: m.hash === active ? 'active' : undefined }, m.text)),
      ),
      view,
    ),
  );
  return view;
}
