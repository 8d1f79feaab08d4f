// 求助工单: members' requests for legal advice or hardship assistance
// (members' platform → 服务 → 求助), handled by their county union: 受理,
// 答复 (the member reads the answer on the platform), 关闭. The city sees
// every county; a county account its own.
import { get, post, query } from '../api';
import { append, h, clear, link } from '../dom';
import { dateTime, helpKindNames, helpStateNames } from '../format';
import { childUnits, resolveNames, unitName, unitSelect } from '../orgs';
import { go, type RouteContext } from '../router';
import { hasRole } from '../state';
import type { HelpRequest } from '../types';
import { confirmAction, errorText, loading, notice, pageHeader } from '../ui';

type Action = 'HELP_ACTION_ACCEPT' | 'HELP_ACTION_ANSWER' | 'HELP_ACTION_CLOSE';

function stateTag(s: string): HTMLElement {
  return h('span', { class: `tag tag-${s}`, 'data-state': s }, helpStateNames[s] ?? s);
}

function lines(text: string, cls: string): HTMLElement {
  return h('div', { class: cls }, text.split(/\r?\n/).map((l) => h('p', {}, l)));
}

async function act(r: HelpRequest, action: Action, answer: string): Promise<HelpRequest> {
  return post<HelpRequest>(`/v1/help-requests/${encodeURIComponent(r.id)}:act`, action === 'HELP_ACTION_ANSWER' ? { action, answer } : { action });
}

// One request with what may be done to it in its state (member-svc's
// HelpAction): 受理 while submitted, 答复 while submitted or accepted,
// 关闭 until closed.
function ticket(r: HelpRequest): HTMLElement {
  const area = h('div', { class: 'form-notices' });
  const el = h('article', { class: 'panel ticket', 'data-id': r.id, 'data-state': r.state });
  const run = async (action: Action, answer = '') => {
    for (const b of el.querySelectorAll('button')) b.disabled = true;
    try {
      const next = await act(r, action, answer);
      await resolveNames([next.org_id, next.county_id]);
      const fresh = ticket(next);
      fresh.querySelector('.form-notices')?.append(notice('ok', { HELP_ACTION_ACCEPT: '已受理', HELP_ACTION_ANSWER: '已答复：会员可在会员服务平台看到答复', HELP_ACTION_CLOSE: '已关闭' }[action]));
      el.replaceWith(fresh);
    } catch (e) {
      for (const b of el.querySelectorAll('button')) b.disabled = false;
      clear(area, notice('error', errorText(e)));
    }
  };
  const actions = h('div', { class: 'row-actions ticket-actions' });
  if (r.state === 'HELP_REQUEST_STATE_SUBMITTED') {
    actions.append(h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'HELP_ACTION_ACCEPT', onclick: () => void run('HELP_ACTION_ACCEPT') }, '受理'));
  }
  let answerBox: HTMLElement | null = null;
  if (r.state === 'HELP_REQUEST_STATE_SUBMITTED' || r.state === 'HELP_REQUEST_STATE_ACCEPTED') {
    const text = h('textarea', { name: 'answer', rows: 4, maxlength: 2000, id: `answer-${r.id}`, placeholder: '答复内容，会员在会员服务平台可以看到' });
    const error = h('div', { class: 'field-error', 'data-for': 'answer', 'aria-live': 'polite' });
    answerBox = h(
      'div',
      { class: 'field decision' },
      h('label', { for: text.id }, '答复'),
      text,
      error,
      h(
        'div',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-primary',
            'data-action': 'HELP_ACTION_ANSWER',
            onclick: () => {
              error.textContent = '';
              text.classList.remove('invalid');
              if (text.value.trim().length < 2) {
                error.textContent = '请填写答复内容（至少 2 个字）';
                text.classList.add('invalid');
                return;
              }
              void run('HELP_ACTION_ANSWER', text.value.trim());
            },
          },
          '提交答复',
        ),
      ),
    );
  }
  if (r.state !== 'HELP_REQUEST_STATE_CLOSED') {
    actions.append(
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-danger',
          'data-action': 'HELP_ACTION_CLOSE',
          onclick: async () => {
            const warn = r.state === 'HELP_REQUEST_STATE_ANSWERED' ? '' : '此求助尚未答复。';
            if (await confirmAction('关闭求助', `${warn}关闭后不能再答复。确定关闭“${r.subject}”吗？`, '关闭')) void run('HELP_ACTION_CLOSE');
          },
        },
        '关闭',
      ),
    );
  }
  append(el, [
    h('h2', {}, `#${r.id} `, h('span', { class: 'ticket-subject' }, r.subject), ' ', stateTag(r.state), h('span', { class: 'tag' }, helpKindNames[r.kind] ?? r.kind)),
    h(
      'p',
      { class: 'muted' },
      `会员 ${r.member_name}（编号 ${r.member_id}） · ${unitName(r.county_id)} · ${unitName(r.org_id)} · 提交于 ${dateTime(r.create_time)}`,
      r.handled_by ? ` · 处理人 ${r.handled_by}（${dateTime(r.update_time)}）` : '',
    ),
    lines(r.body, 'ticket-body detail'),
    r.answer ? h('div', { class: 'ticket-answer' }, h('strong', {}, '答复：'), lines(r.answer, 'detail')) : null,
    answerBox,
    actions.childElementCount ? actions : null,
    area,
  ]);
  return el;
}

export async function helpRequestsPage({ view, query: q }: RouteContext): Promise<void> {
  const state = q.get('state') ?? '';
  const county = q.get('county_id') ?? '';
  const token = q.get('token') ?? '';
  const stateSel = h(
    'select',
    { name: 'state', 'aria-label': '状态' },
    h('option', { value: '' }, '全部状态'),
    Object.entries(helpStateNames).map(([v, t]) => h('option', { value: v, selected: v === state }, t)),
  );
  const countySel = hasRole('city_admin') ? unitSelect('county_id', await childUnits('city'), county, '全市') : null;
  countySel?.setAttribute('aria-label', '县级工会');
  const refilter = () => go(`/help-requests${query({ state: stateSel.value, county_id: countySel?.value ?? '' })}`);
  stateSel.addEventListener('change', refilter);
  countySel?.addEventListener('change', refilter);
  view.append(
    pageHeader('求助工单', countySel ?? '', stateSel),
    notice('info', '会员在会员服务平台“服务 → 求助”提交的法律咨询、帮扶救助，由所在县（市、区）总工会受理并答复；答复后会员在平台上即可看到。'),
  );
  const list = h('div', { id: 'help-list' }, loading());
  view.append(list);
  const page = await get<{ requests: HelpRequest[]; next_page_token: string }>(
    `/v1/help-requests${query({ county_id: countySel ? county : undefined, state, page_token: token })}`,
  );
  const requests = page.requests ?? [];
  await resolveNames(requests.flatMap((r) => [r.org_id, r.county_id]));
  clear(
    list,
    requests.length ? requests.map(ticket) : h('p', { class: 'muted panel' }, state ? `没有“${helpStateNames[state] ?? state}”的求助。` : '暂无求助。'),
    h(
      'div',
      { class: 'pager' },
      token ? link(`#/help-requests${query({ state, county_id: county })}`, '← 第一页', 'btn') : null,
      page.next_page_token ? link(`#/help-requests${query({ state, county_id: county, token: page.next_page_token })}`, '下一页 →', 'btn') : null,
    ),
  );
}
