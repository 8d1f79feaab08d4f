// 我的会员信息: the member's record as the union holds it (masked), and
// changing one's mobile with a code sent to the new number.
import { get, post } from '../api';
import { clear, h } from '../dom';
import { FormErrors, field, notice } from '../ui';
import { reviewStateNames } from '../format';
import type { RouteContext } from '../router';
import { memberErrorText, pageTitle, panel } from './common';
import { logout } from './shell';
import type { MeMember } from './types';

// What each review state means for the member.
const reviewMeaning: Record<string, string> = {
  REVIEW_STATE_COLLECTED: '所在工会已登记，等待县级工会审核。',
  REVIEW_STATE_COUNTY_VERIFIED: '县级工会已审核，等待市总工会备案。',
  REVIEW_STATE_CITY_APPROVED: '市总工会已备案，可以办理会员卡。',
  REVIEW_STATE_RETURNED: '登记信息被退回，请联系所在工会核对。',
  REVIEW_STATE_REJECTED: '未通过备案，请联系所在工会。',
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
        row('会籍', 'membership', m.membership_status === 'MEMBERSHIP_STATUS_ENDED' ? '已终止' : '在会'),
      ),
      h('p', { class: 'm-hint' }, '以上信息由所在工会登记，有误请联系所在工会。手机号码可在下方自行更换。'),
    ),
    mobileForm(m),
    h('button', { type: 'button', class: 'btn m-btn-wide', id: 'profile-logout', onclick: () => void logout() }, '退出登录'),
  );
}

// 更换手机号: a code goes to the new number; the change needs it, so only
// someone holding the new phone can make it the sign-in number.
function mobileForm(m: MeMember): HTMLElement {
  const mobile = h('input', { name: 'mobile', type: 'tel', inputmode: 'numeric', maxlength: 11, placeholder: '新手机号码' });
  const code = h('input', { name: 'code', inputmode: 'numeric', maxlength: 6, autocomplete: 'one-time-code', placeholder: '6 位数字' });
  const getCode = h('button', { type: 'button', class: 'btn m-btn-wide', id: 'mobile-get-code' }, '向新号码发送验证码');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary m-btn-wide', id: 'mobile-submit' }, '确认更换');
  const area = h('div', { class: 'form-notices', id: 'mobile-notices', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'm-panel', id: 'mobile-form', novalidate: true },
    h('h2', {}, '更换手机号码'),
    field('新手机号码', mobile),
    getCode,
    field('短信验证码', code),
    area,
    submit,
  );
  const errors = new FormErrors(form, area, memberErrorText);
  getCode.addEventListener('click', async () => {
    errors.clear();
    getCode.disabled = true;
    try {
      await post('/v1/me/mobile-code', { mobile: mobile.value.trim() });
      clear(area, notice('ok', '验证码已发送到新号码，5 分钟内有效'));
    } catch (err) {
      errors.show(err);
    } finally {
      getCode.disabled = false;
    }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    submit.disabled = true;
    try {
      const changed = await post<MeMember>('/v1/me/mobile', { mobile: mobile.value.trim(), code: code.value.trim() });
      const shown = document.querySelector('#profile [data-field=mobile] span');
      if (shown) shown.textContent = changed.mobile;
      m.mobile = changed.mobile;
      clear(area, notice('ok', `手机号码已更换为 ${changed.mobile}，下次请用新号码登录`));
      code.value = '';
    } catch (err) {
      errors.show(err);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
