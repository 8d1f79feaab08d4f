// 服务: the service items of the member's county and the city with how to
// use them, the unions' policy notices, and 求助 — legal advice or hardship
// assistance asked of the county union, with its answer.
import { get, post, uuid } from '../api';
import { h, clear } from '../dom';
import { categoryNames, chinaDate, dateTime, helpKindNames, helpStateNames, serviceKindLabels } from '../format';
import type { RouteContext } from '../router';
import type { HelpRequest, Notice, ServiceItem } from '../types';
import { FormErrors, field, notice } from '../ui';
import { empty, memberErrorText, pageTitle, panel, paragraphs } from './common';

const sections: [string, string][] = [
  ['items', '服务项目'],
  ['notices', '政策通知'],
  ['help', '求助'],
];

function itemCard(i: ServiceItem): HTMLElement {
  return h(
    'article',
    { class: 'm-item', 'data-testid': 'service-item', 'data-kind': i.kind },
    h('div', { class: 'm-item-head' }, h('strong', {}, i.title), h('span', { class: 'm-tag' }, serviceKindLabels[i.kind] ?? i.kind)),
    h(
      'div',
      { class: 'm-item-sub' },
      `${i.owner_org_id === 'city' ? '市总工会' : '本县（市、区）工会'} · ${categoryNames[i.category] ?? i.category} · ${i.active_from} 起${i.active_to ? `至 ${i.active_to}` : ''}`,
    ),
    i.how_to_use ? h('div', { class: 'm-how' }, h('strong', {}, '怎么用：'), paragraphs(i.how_to_use)) : null,
  );
}

async function itemsSection(box: HTMLElement): Promise<void> {
  const r = await get<{ items: ServiceItem[] }>('/v1/me/service-items');
  const items = r.items ?? [];
  clear(box, h('h2', {}, '可享受的服务项目'), items.length ? h('div', { class: 'm-list', id: 'service-item-list' }, items.map(itemCard)) : empty('暂无服务项目。'));
}

function noticeCard(n: Notice): HTMLElement {
  return h(
    'details',
    { class: 'm-notice', 'data-testid': 'notice', 'data-notice': n.id },
    h(
      'summary',
      {},
      h('strong', { class: 'notice-title' }, n.title),
      h('span', { class: 'm-item-sub m-block' }, `${n.org_id === 'city' ? '沧州市总工会' : '县（市、区）总工会'} · ${chinaDate(n.publish_time)}`),
    ),
    paragraphs(n.body, 'notice-body'),
  );
}

async function noticesSection(box: HTMLElement): Promise<void> {
  const r = await get<{ notices: Notice[] }>('/v1/me/notices');
  const notices = r.notices ?? [];
  clear(box, h('h2', {}, '政策通知'), notices.length ? h('div', { class: 'm-list', id: 'notice-list' }, notices.map(noticeCard)) : empty('暂无通知。'));
}

function helpCard(r: HelpRequest): HTMLElement {
  return h(
    'article',
    { class: 'm-item', 'data-testid': 'help-request', 'data-id': r.id, 'data-state': r.state },
    h(
      'div',
      { class: 'm-item-head' },
      h('strong', { class: 'help-subject' }, r.subject),
      h('span', { class: `m-tag m-tag-${r.state} help-state`, 'data-state': r.state }, helpStateNames[r.state] ?? r.state),
    ),
    h('div', { class: 'm-item-sub' }, `${helpKindNames[r.kind] ?? r.kind} · 提交于 ${dateTime(r.create_time)}`),
    paragraphs(r.body, 'help-body m-item-note'),
    r.answer
      ? h('div', { class: 'm-answer help-answer' }, h('strong', {}, `工会答复（${dateTime(r.update_time)}）：`), paragraphs(r.answer))
      : h('div', { class: 'm-item-sub' }, r.state === 'HELP_REQUEST_STATE_CLOSED' ? '已关闭。' : '工会工作人员受理后会在这里答复，请留意。'),
  );
}

async function helpSection(box: HTMLElement): Promise<void> {
  const kind = h(
    'select',
    { name: 'kind' },
    Object.entries(helpKindNames).map(([v, t]) => h('option', { value: v }, t)),
  );
  const subject = h('input', { name: 'subject', maxlength: 60, placeholder: '一句话说明您的问题（60 字以内）' });
  const body = h('textarea', { name: 'body', rows: 5, maxlength: 2000, placeholder: '请写明情况、经过和您的诉求，便于工作人员答复' });
  const area = h('div', { class: 'form-notices', id: 'help-notices', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary m-btn-wide', id: 'help-submit' }, '提交求助');
  const form = h('form', { id: 'help-form', novalidate: true }, field('求助类别', kind), field('主题', subject), field('详细情况', body), area, submit);
  const errors = new FormErrors(form, area, memberErrorText);
  const mine = h('div', { class: 'm-list', id: 'help-requests' }, h('div', { class: 'm-loading' }, '正在加载…'));
  // One id per request written: pressing again after a lost answer sends
  // the same request, not a second one.
  let requestId = uuid();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    if (subject.value.trim().length < 2) return void errors.set('subject', '请填写主题（至少 2 个字）');
    if (body.value.trim().length < 2) return void errors.set('body', '请写明详细情况（至少 2 个字）');
    submit.disabled = true;
    try {
      const r = await post<HelpRequest>('/v1/me/help-requests', { request_id: requestId, kind: kind.value, subject: subject.value.trim(), body: body.value.trim() });
      requestId = uuid();
      form.reset();
      clear(area, notice('ok', `已提交（编号 ${r.id}）：所在县（市、区）总工会受理后会在下方答复。`));
      mine.querySelector('.m-empty')?.remove();
      mine.querySelector(`[data-id="${r.id}"]`)?.remove();
      mine.prepend(helpCard(r));
    } catch (err) {
      errors.show(err);
    } finally {
      submit.disabled = false;
    }
  });
  clear(
    box,
    h('h2', {}, '我要求助'),
    h('p', { class: 'm-hint' }, '法律咨询、帮扶救助由所在县（市、区）总工会受理答复。紧急情况请直接拨打 12351 职工服务热线。'),
    form,
    h('h2', { class: 'm-subhead' }, '我的求助'),
    mine,
  );
  try {
    const list = await get<{ requests: HelpRequest[] }>('/v1/me/help-requests');
    const requests = list.requests ?? [];
    clear(mine, requests.length ? requests.map(helpCard) : empty('还没有求助记录。'));
  } catch (err) {
    clear(mine, notice('error', memberErrorText(err)));
  }
}

export async function servicesPage({ view, query: q }: RouteContext): Promise<void> {
  const tab = sections.some(([k]) => k === q.get('tab')) ? (q.get('tab') as string) : 'items';
  view.append(
    pageTitle('服务'),
    h(
      'nav',
      { class: 'm-segments', id: 'services-tabs', 'aria-label': '服务' },
      sections.map(([k, t]) => h('a', { href: `#/services?tab=${k}`, 'data-tab': k, class: k === tab ? 'active' : undefined, 'aria-current': k === tab ? 'page' : undefined }, t)),
    ),
  );
  const box = panel(`services-${tab}`, sections.find(([k]) => k === tab)?.[1] ?? '', h('div', { class: 'm-loading' }, '正在加载…'));
  view.append(box);
  try {
    if (tab === 'notices') await noticesSection(box);
    else if (tab === 'help') await helpSection(box);
    else await itemsSection(box);
  } catch (e) {
    clear(box, notice('error', memberErrorText(e)));
  }
}
