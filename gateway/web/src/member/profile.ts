// 我的会员信息: the member's record as the union holds it (masked).
import { get } from '../api';
import { h } from '../dom';
import { reviewStateNames } from '../format';
import type { RouteContext } from '../router';
import { pageTitle, panel } from './common';
import { logout } from './shell';
import type { MeMember } from './types';

// What each review state means for the member.
const reviewMeaning: Record<string, string> = {
  COLLECTED: '所在工会已登记，等待县级工会审核。',
  COUNTY_VERIFIED: '县级工会已审核，等待市总工会备案。',
  CITY_APPROVED: '市总工会已备案，可以办理会员卡。',
  RETURNED: '登记信息被退回，请联系所在工会核对。',
  REJECTED: '未通过备案，请联系所在工会。',
};

function row(label: string, key: string, value: Node | string, extra: Record<string, string> = {}): Node[] {
  return [h('dt', {}, label), h('dd', { 'data-field': key, ...extra }, value)];
}

export async function profilePage({ view }: RouteContext): Promise<void> {
  view.append(pageTitle('我的会员信息'));
  const m = await get<MeMember>('/v1/me');
  const union = m.org_name ? m.org_name : m.org_id;
  view.append(
    panel(
      'profile',
      '会员信息',
      h(
        'dl',
        { class: 'm-facts' },
        row('姓名', 'name', m.name),
        row('身份证号码', 'id_number', h('span', { class: 'mono' }, m.id_number)),
        row('手机号码', 'mobile', h('span', { class: 'mono' }, m.mobile)),
        row('所在工会', 'org', union, { 'data-org': m.org_id }),
        m.county_name ? row('县（市、区）', 'county', m.county_name) : [],
        row('入会日期', 'join_date', m.join_date || '-'),
        row(
          '会员状态',
          'review_state',
          h('span', {}, h('span', { class: `m-tag m-tag-${m.review_state}` }, reviewStateNames[m.review_state] ?? m.review_state), h('span', { class: 'm-item-sub m-block' }, reviewMeaning[m.review_state] ?? '')),
          { 'data-state': m.review_state },
        ),
        row('会籍', 'membership', m.membership_status === 'ENDED' ? '已终止' : '在会'),
      ),
      h('p', { class: 'm-hint' }, '以上信息由所在工会登记。信息有误或手机号码变更，请联系所在工会办理。'),
    ),
    h('button', { type: 'button', class: 'btn m-btn-wide', id: 'profile-logout', onclick: () => void logout() }, '退出登录'),
  );
}
