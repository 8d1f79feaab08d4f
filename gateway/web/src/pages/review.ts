// 审核备案: the county verifies or returns what its unions collected; the
// city approves or rejects what the counties verified. Outcomes are per
// member: one refused member does not stop the others.
import { get, post, query } from '../api';
import { h, clear, link } from '../dom';
import { genderNames, num, reviewStateNames } from '../format';
import { resolveNames, unitName } from '../orgs';
import type { RouteContext } from '../router';
import { hasRole } from '../state';
import type { Member, ReviewResponse } from '../types';
import { FormErrors, confirmAction, field, loading, notice, pageHeader } from '../ui';

interface Step {
  waiting: string; // the review state this role acts on
  yes: { action: string; text: string };
  no: { action: string; text: string };
}

const countyStep: Step = { waiting: 'REVIEW_STATE_COLLECTED', yes: { action: 'REVIEW_ACTION_VERIFY', text: '审核通过' }, no: { action: 'REVIEW_ACTION_RETURN', text: '退回' } };
const cityStep: Step = { waiting: 'REVIEW_STATE_COUNTY_VERIFIED', yes: { action: 'REVIEW_ACTION_APPROVE', text: '备案通过' }, no: { action: 'REVIEW_ACTION_REJECT', text: '不予备案' } };

export async function reviewPage({ view, query: q }: RouteContext): Promise<void> {
  const step = hasRole('city_admin') ? cityStep : countyStep;
  const token = q.get('token') ?? '';
  view.append(
    pageHeader('审核备案'),
    notice('info', `待处理：${reviewStateNames[step.waiting]}的会员。勾选后点击“${step.yes.text}”或“${step.no.text}”（${step.no.text}须填写原因）。`),
  );
  const body = h('div', {}, loading());
  view.append(body);
  const page = await get<{ members: Member[]; next_page_token: string }>(
    `/v1/members${query({ review_state: step.waiting, page_size: 100, page_token: token })}`,
  );
  const members = page.members ?? [];
  await resolveNames(members.map((m) => m.org_id));
  const boxes = members.map((m) => h('input', { type: 'checkbox', value: m.id, 'aria-label': `选择 ${m.name}` }));
  const all = h('input', { type: 'checkbox', 'aria-label': '全选' });
  all.addEventListener('change', () => boxes.forEach((b) => (b.checked = all.checked)));
  const reason = h('input', { name: 'reason', maxlength: 200, placeholder: `${step.no.text}时必填` });
  const area = h('div', { class: 'form-notices' });
  const outcomes = h('div', { id: 'review-outcomes' });
  const form = h('form', { class: 'filters', novalidate: true });
  const errors = new FormErrors(form, area);

  const act = async (action: string, text: string) => {
    errors.clear();
    const ids = boxes.filter((b) => b.checked).map((b) => b.value);
    if (ids.length === 0) return void clear(area, notice('error', '请先勾选会员'));
    if ((action === 'REVIEW_ACTION_RETURN' || action === 'REVIEW_ACTION_REJECT') && !reason.value.trim()) return void errors.set('reason', `${text}须填写原因`);
    if (!(await confirmAction(`${text}`, `确定对选中的 ${ids.length} 名会员执行“${text}”吗？`, text))) return;
    try {
      const r = await post<ReviewResponse>('/v1/members:review', { member_ids: ids, action, reason: reason.value.trim() });
      const byId = new Map(members.map((m) => [m.id, m.name]));
      clear(
        outcomes,
        notice(r.failed > 0 ? 'error' : 'ok', `${text}：成功 ${num(r.succeeded)} 人，失败 ${num(r.failed)} 人`),
        h('ul', { class: 'outcomes' }, r.outcomes.filter((o) => o.code !== 0).map((o) => h('li', {}, `${byId.get(String(o.member_id)) ?? o.member_id}：${o.message}`))),
        h('button', { type: 'button', class: 'btn', onclick: () => location.reload() }, '刷新列表'),
      );
      for (const b of boxes) if (b.checked) b.closest('tr')?.classList.add('done');
    } catch (e) {
      errors.show(e);
    }
  };
  form.append(
    field('原因', reason),
    h('button', { type: 'button', class: 'btn btn-primary', onclick: () => act(step.yes.action, step.yes.text) }, step.yes.text),
    h('button', { type: 'button', class: 'btn btn-danger', onclick: () => act(step.no.action, step.no.text) }, step.no.text),
    area,
  );
  clear(
    body,
    form,
    outcomes,
    h(
      'table',
      { class: 'grid', id: 'review-table' },
      h('thead', {}, h('tr', {}, h('th', { class: 'check-col' }, all), ['姓名', '身份证号码', '性别', '基层工会', '工作单位', '状态'].map((t) => h('th', {}, t)))),
      h(
        'tbody',
        {},
        members.length === 0
          ? h('tr', {}, h('td', { colspan: 7, class: 'empty' }, '没有待处理的会员'))
          : members.map((m, i) =>
              h(
                'tr',
                {},
                h('td', {}, boxes[i] ?? ''),
                h('td', {}, link(`#/members/${m.id}`, m.name)),
                h('td', { class: 'mono' }, m.id_number),
                h('td', {}, genderNames[m.gender] ?? '-'),
                h('td', {}, unitName(m.org_id)),
                h('td', {}, m.employer || '-'),
                h('td', {}, reviewStateNames[m.review_state] ?? m.review_state),
              ),
            ),
      ),
    ),
    page.next_page_token ? h('div', { class: 'pager' }, link(`#/review?token=${encodeURIComponent(page.next_page_token)}`, '下一页 →', 'btn')) : null,
  );
}
