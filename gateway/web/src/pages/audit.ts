// 审计日志: who did what, newest first, a page at a time.
import { get, query } from '../api';
import { h, clear, link } from '../dom';
import { dateTime, roleNames } from '../format';
import { go, type RouteContext } from '../router';
import type { AuditEntry, ServiceAuditEntry } from '../types';
import { errorText, loading, notice, pageHeader, table } from '../ui';

export async function auditPage({ view, query: q }: RouteContext): Promise<void> {
  const actor = h('input', { name: 'actor', value: q.get('actor') ?? '', placeholder: '操作人用户名' });
  const action = h('input', { name: 'action', value: q.get('action') ?? '', placeholder: '操作（前缀），如 login.' });
  const form = h('form', { class: 'filters' }, actor, action, h('button', { type: 'submit', class: 'btn btn-primary' }, '查询'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(`/audit${query({ actor: actor.value.trim(), action: action.value.trim() })}`);
  });
  const service = q.get('service') ?? '';
  const tabs = h(
    'nav',
    { class: 'tabs', 'aria-label': '审计日志来源' },
    [
      ['', '网关（登录、操作、查看身份信息）'],
      ['member', '会员服务'],
      ['card', '卡服务'],
      ['merchant', '商户服务'],
      ['assessment', '考核服务'],
    ].map(([s, t]) => link(`#/audit${query({ service: s })}`, t ?? '', s === service ? 'tab active' : 'tab')),
  );
  const body = h('div', {}, loading());
  view.append(pageHeader('审计日志'), tabs);
  if (service) {
    view.append(body);
    return serviceTrail(service, q, body);
  }
  view.append(form, body);
  const page = await get<{ entries: AuditEntry[]; next_page_token: string }>(
    `/v1/audit-entries${query({ actor: q.get('actor') ?? '', action: q.get('action') ?? '', page_size: 50, page_token: q.get('token') ?? '' })}`,
  );
  clear(
    body,
    table<AuditEntry>(
      [
        { title: '时间', cell: (e) => dateTime(e.at) },
        { title: '操作人', cell: (e) => e.actor },
        { title: '角色', cell: (e) => roleNames[e.actor_role] ?? e.actor_role },
        { title: '操作', cell: (e) => h('span', { class: 'mono' }, e.action) },
        { title: '对象', cell: (e) => `${e.target_type} ${e.target_id}` },
        { title: '详情', cell: (e) => h('span', { class: 'detail' }, e.detail ? JSON.stringify(e.detail) : '') },
      ],
      page.entries ?? [],
    ),
    page.next_page_token
      ? h('div', { class: 'pager' }, link(`#/audit${query({ actor: q.get('actor') ?? '', action: q.get('action') ?? '', token: page.next_page_token })}`, '更早的记录 →', 'btn'))
      : null,
  );
  body.querySelector('table')?.setAttribute('id', 'audit-table');
}

const serviceNames: Record<string, string> = { member: '会员服务', card: '卡服务', merchant: '商户服务', assessment: '考核服务' };

// A service's own trail (GET /v1/services/{service}/audit-entries).
async function serviceTrail(service: string, q: URLSearchParams, body: HTMLElement): Promise<void> {
  let page: { entries: ServiceAuditEntry[]; next_page_token: string };
  try {
    page = await get(`/v1/services/${encodeURIComponent(service)}/audit-entries${query({ page_size: 50, page_token: q.get('token') ?? '' })}`);
  } catch (e) {
    clear(body, notice('error', errorText(e)));
    return;
  }
  const grid = table<ServiceAuditEntry>(
    [
      { title: '时间', cell: (e) => dateTime(e.time) },
      { title: '操作人', cell: (e) => e.actor },
      { title: '角色', cell: (e) => roleNames[e.actor_role] ?? e.actor_role },
      { title: '操作', cell: (e) => h('span', { class: 'mono' }, e.action) },
      { title: '对象', cell: (e) => `${e.target_type} ${e.target_id}` },
      { title: '详情', cell: (e) => h('span', { class: 'detail' }, e.detail_json && e.detail_json !== '{}' ? e.detail_json : '') },
    ],
    page.entries ?? [],
  );
  grid.id = `trail-${service}`;
  clear(
    body,
    h('p', { class: 'muted' }, `${serviceNames[service] ?? service}自己的审计记录，最新在前`),
    grid,
    page.next_page_token ? h('div', { class: 'pager' }, link(`#/audit${query({ service, token: page.next_page_token })}`, '更早的记录 →', 'btn')) : null,
  );
}
