// 待跟进卡片: per grassroots union, the members whose card was issued but
// not activated, or activated but never used; 保险名单: the month's
// additions and removals of the members' insurance.
import { get, query } from '../api';
import { h, clear, link } from '../dom';
import { chinaMonth, num } from '../format';
import { childUnits, resolveNames, unitName, unitSelect } from '../orgs';
import { go, type RouteContext } from '../router';
import { hasRole, me } from '../state';
import type { DormantUnion, InsuranceRoster } from '../types';
import { errorText, loading, notice, pageHeader, table } from '../ui';

export async function followupPage({ view, query: q }: RouteContext): Promise<void> {
  const kind = q.get('kind') === 'DORMANT_KIND_ACTIVATED_NEVER_USED' ? 'DORMANT_KIND_ACTIVATED_NEVER_USED' : 'DORMANT_KIND_ISSUED_NOT_ACTIVATED';
  const org = q.get('org') ?? '';
  const days = q.get('days') ?? '30';
  const kindSelect = h(
    'select',
    { name: 'kind' },
    h('option', { value: 'DORMANT_KIND_ISSUED_NOT_ACTIVATED', selected: kind === 'DORMANT_KIND_ISSUED_NOT_ACTIVATED' }, '已制卡未激活'),
    h('option', { value: 'DORMANT_KIND_ACTIVATED_NEVER_USED', selected: kind === 'DORMANT_KIND_ACTIVATED_NEVER_USED' }, '已激活从未使用'),
  );
  const daysInput = h('input', { type: 'number', name: 'days', value: days, min: 1, max: 3650, class: 'narrow', 'aria-label': '制卡已满天数' });
  const form = h('form', { class: 'filters', id: 'followup-form' }, kindSelect);
  let orgSelect: HTMLSelectElement | null = null;
  if (hasRole('city_admin', 'assessor', 'auditor')) {
    orgSelect = unitSelect('org', await childUnits('city'), org, '全市');
    form.append(orgSelect);
  } else if (hasRole('county_staff')) {
    orgSelect = unitSelect('org', await childUnits(me().org_id), org, '本县全部');
    form.append(orgSelect);
  }
  form.append(h('label', { class: 'inline' }, '制卡满 ', daysInput, ' 天'), h('button', { type: 'submit', class: 'btn btn-primary' }, '查询'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(`/followup${query({ kind: kindSelect.value, org: orgSelect?.value ?? '', days: daysInput.value })}`);
  });
  view.append(pageHeader('待跟进卡片'), form);
  const body = h('div', {}, loading());
  view.append(body);
  let r: { unions: DormantUnion[]; total: string };
  try {
    r = await get(`/v1/dormant-cards${query({ org_id: org, kind, days: kind === 'DORMANT_KIND_ISSUED_NOT_ACTIVATED' ? days : '' })}`);
  } catch (e) {
    clear(body, notice('error', errorText(e)));
    return;
  }
  const unions = r.unions ?? [];
  await resolveNames(unions.flatMap((u) => [u.org_id, u.county_id]));
  clear(
    body,
    h('p', { class: 'muted', id: 'followup-total' }, `共 ${num(r.total)} 张卡${kind === 'DORMANT_KIND_ISSUED_NOT_ACTIVATED' ? `制卡满 ${days} 天仍未激活` : '已激活但从未使用'}；请基层工会联系会员。`),
    table<DormantUnion>(
      [
        { title: '县级工会', cell: (u) => unitName(u.county_id) },
        { title: '基层工会', cell: (u) => unitName(u.org_id) },
        { title: '卡数', cell: (u) => num(u.cards), numeric: true },
        {
          title: '会员（最多列 200 名）',
          cell: (u) => h('span', { class: 'id-list' }, (u.member_ids ?? []).slice(0, 30).map((id) => link(`#/members/${id}`, `#${id}`)), (u.member_ids ?? []).length > 30 ? ` 等 ${num(u.member_ids.length)} 名` : ''),
        },
      ],
      unions,
      '没有需要跟进的卡片',
    ),
  );
}

export async function insurancePage({ view, query: q }: RouteContext): Promise<void> {
  const month = q.get('month') ?? chinaMonth(new Date(), 1);
  const input = h('input', { type: 'month', name: 'month', value: month, max: chinaMonth(), 'aria-label': '月份' });
  input.addEventListener('change', () => input.value && go(`/insurance?month=${input.value}`));
  view.append(pageHeader('保险名单', h('label', { class: 'inline' }, '月份 ', input)));
  const body = h('div', {}, loading());
  view.append(body);
  let r: InsuranceRoster;
  try {
    r = await get<InsuranceRoster>(`/v1/insurance-rosters/${month}`);
  } catch (e) {
    clear(body, notice('error', errorText(e)));
    return;
  }
  const ids = (list: string[]) => (list.length ? h('div', { class: 'id-list' }, list.map((id) => link(`#/members/${id}`, `#${id}`))) : h('p', { class: 'muted' }, '无'));
  const csv = () => {
    const lines = ['\ufeff会员编号,变动', ...(r.additions ?? []).map((id) => `${id},增加`), ...(r.removals ?? []).map((id) => `${id},减少`)];
    const url = URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' }));
    const a = h('a', { href: url, download: `保险名单-${r.month}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  clear(
    body,
    h('section', { class: 'kpis kpis-3', id: 'roster-figures' },
      h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, '月末在保人数'), h('div', { class: 'kpi-value' }, num(r.insured))),
      h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, '本月增加'), h('div', { class: 'kpi-value' }, num((r.additions ?? []).length))),
      h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, '本月减少'), h('div', { class: 'kpi-value' }, num((r.removals ?? []).length))),
    ),
    h('div', { class: 'filters' }, h('button', { type: 'button', class: 'btn', onclick: csv }, '导出 CSV')),
    h('section', { class: 'panel' }, h('h2', {}, '增加'), ids(r.additions ?? [])),
    h('section', { class: 'panel' }, h('h2', {}, '减少'), ids(r.removals ?? [])),
  );
}
