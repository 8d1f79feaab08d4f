// 政策通知: notices members read on their platform (服务 → 政策通知). The
// city admin publishes to every member ("city") or to one county's; a
// county account to its own county's members. The list is what a county's
// members see (the city's and the county's, `county_id`); the city admin
// may also list every notice.
import { get, post, query, uuid } from '../api';
import { h, clear } from '../dom';
import { dateTime } from '../format';
import { childUnits, unitName } from '../orgs';
import { go, type RouteContext } from '../router';
import { hasRole, myCounty } from '../state';
import type { Notice } from '../types';
import { FormErrors, confirmAction, errorText, field, loading, notice, pageHeader } from '../ui';

function scopeName(orgId: string): string {
  return orgId === 'city' ? '市总工会（全市会员）' : unitName(orgId);
}

function noticeItem(n: Notice): HTMLElement {
  return h(
    'article',
    { class: 'panel notice-item', 'data-testid': 'notice', 'data-notice': n.id, 'data-org': n.org_id },
    h('h2', {}, n.title),
    h('p', { class: 'muted' }, `${scopeName(n.org_id)} · ${dateTime(n.publish_time)} · ${n.published_by || '-'}`),
    h('div', { class: 'detail' }, n.body.split(/\r?\n/).map((l) => h('p', {}, l))),
  );
}

export async function noticesPage({ view, query: q }: RouteContext): Promise<void> {
  const city = hasRole('city_admin');
  const counties = await childUnits('city').catch(() => []);
  const own = myCounty();
  const filter = q.get('county_id') ?? '';
  // Who a notice goes to: the city admin picks, a county has its own.
  const scopes: [string, string][] = city ? [['city', scopeName('city')], ...counties.filter((u) => !u.closed).map((u): [string, string] => [u.id, u.name])] : [[own, unitName(own)]];
  const orgSel = h('select', { name: 'org_id' }, scopes.map(([v, t]) => h('option', { value: v }, t)));
  const title = h('input', { name: 'title', maxlength: 60 });
  const body = h('textarea', { name: 'body', rows: 8, maxlength: 5000 });
  const area = h('div', { class: 'form-notices', id: 'notice-notices' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '发布');
  const form = h(
    'form',
    { class: 'form-grid', id: 'notice-form', novalidate: true },
    field('发布范围', orgSel),
    field('标题', title),
    h('div', { class: 'form-wide' }, field('正文', body)),
    h('div', { class: 'form-actions' }, submit, area),
  );
  const errors = new FormErrors(form, area);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    if (title.value.trim().length < 2) return void errors.set('title', '请填写标题（2–60 字）');
    if (body.value.trim().length < 2) return void errors.set('body', '请填写正文');
    const ok = await confirmAction('发布政策通知', `发布后，${orgSel.value === 'city' ? '全市' : `${unitName(orgSel.value)}的`}会员即可在会员服务平台看到“${title.value.trim()}”。确定发布吗？`, '发布');
    if (!ok) return;
    submit.disabled = true;
    try {
      const n = await post<Notice>('/v1/notices', { request_id: uuid(), org_id: orgSel.value, title: title.value.trim(), body: body.value.trim() });
      clear(area, notice('ok', `已发布：${n.title}（${scopeName(n.org_id)}）`));
      form.reset();
      await refresh();
    } catch (err) {
      errors.show(err);
    } finally {
      submit.disabled = false;
    }
  });

  let filterSel: HTMLSelectElement | null = null;
  if (city) {
    filterSel = h(
      'select',
      { name: 'county_id', 'aria-label': '范围' },
      h('option', { value: '' }, '全部通知'),
      counties.filter((u) => !u.closed).map((u) => h('option', { value: u.id, selected: u.id === filter }, `${u.name}会员所见（含市总）`)),
    );
    filterSel.addEventListener('change', () => go(`/notices${query({ county_id: filterSel?.value ?? '' })}`));
  }
  const list = h('div', { id: 'notice-list' }, loading());
  const refresh = async () => {
    try {
      const r = await get<{ notices: Notice[] }>(`/v1/notices${query({ county_id: city ? filter : undefined })}`);
      const notices = r.notices ?? [];
      clear(list, notices.length ? notices.map(noticeItem) : h('p', { class: 'muted panel' }, '还没有发布通知。'));
    } catch (err) {
      clear(list, notice('error', errorText(err)));
    }
  };
  view.append(
    pageHeader('政策通知', filterSel ?? ''),
    h('section', { class: 'panel' }, h('h2', {}, '发布新通知'), h('p', { class: 'muted' }, '通知发布后显示在会员服务平台“服务 → 政策通知”中。'), form),
    h('h2', {}, '已发布的通知'),
    list,
  );
  await refresh();
}
