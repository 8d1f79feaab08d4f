// 会员详情: the member's record as the API shows it (masked), review
// state, and every card with its history.
import { get, post, requestId } from '../api';
import { h, clear, link } from '../dom';
import { cardStateNames, dateTime, endReasonNames, fieldMessage, genderNames, reviewStateNames } from '../format';
import { childUnits, resolveNames, unitName } from '../orgs';
import { go, type RouteContext } from '../router';
import { hasRole, me, myCounty } from '../state';
import type { AuditEntry, Card, CardChange, Member, MemberCards } from '../types';
import { askReason, confirmAction, errorText, notice, pageHeader, table } from '../ui';

// Reload this page after a change, with a note of what was done.
function reloadWith(id: string, text: string): void {
  go(`/members/${id}?done=${encodeURIComponent(text)}&t=${Date.now() % 100000}`);
}

interface CardAction {
  path: string;
  text: string;
  from: Card['state'][];
  reason: 'required' | 'optional' | 'none';
  warn: string;
}

// What may be done to a card in each state (card-svc's state machine).
const cardActions: CardAction[] = [
  { path: 'report-lost', text: '挂失', from: ['CARD_STATE_ISSUED', 'CARD_STATE_ACTIVATED', 'CARD_STATE_FROZEN'], reason: 'optional', warn: '挂失后此卡立即停用，不能撤销；之后可为会员补卡。' },
  { path: 'freeze', text: '冻结', from: ['CARD_STATE_ISSUED', 'CARD_STATE_ACTIVATED'], reason: 'required', warn: '冻结后此卡暂停使用，可再解冻。' },
  { path: 'unfreeze', text: '解冻', from: ['CARD_STATE_FROZEN'], reason: 'none', warn: '解冻后此卡恢复使用。' },
  { path: 'replace', text: '补卡', from: ['CARD_STATE_LOST'], reason: 'none', warn: '将为会员向银行申请一张新卡。' },
];

async function cardAction(m: Member, card: Card, act: CardAction, area: HTMLElement): Promise<void> {
  const title = `${act.text}：${m.name} 尾号 ${card.last4 || '----'} 的卡`;
  let reason = '';
  if (act.reason === 'none') {
    if (!(await confirmAction(title, `${act.warn}确定吗？`, act.text))) return;
  } else {
    const r = await askReason(title, `${act.warn}${act.reason === 'optional' ? '请写明情况（如：会员来电称卡丢失）。' : ''}`, `${act.text}原因`, act.text);
    if (r === null) return;
    reason = r;
  }
  try {
    if (act.path === 'replace') await post<Card>(`/v1/cards/${card.id}:replace`, { request_id: requestId() });
    else await post<Card>(`/v1/cards/${card.id}:${act.path}`, { request_id: requestId(), reason });
    reloadWith(m.id, `已${act.text}`);
  } catch (e) {
    clear(area, notice('error', `${act.text}：${errorText(e)}`));
  }
}

async function memberActions(m: Member, area: HTMLElement): Promise<HTMLElement> {
  const box = h('div', { class: 'row-actions', id: 'member-actions' });
  if (m.membership_status === 'MEMBERSHIP_STATUS_ENDED') {
    box.append(
      h('button', {
        type: 'button',
        class: 'btn',
        onclick: async () => {
          if (!(await confirmAction('恢复会籍', `确定恢复 ${m.name} 的会籍吗？`, '恢复'))) return;
          try {
            await post(`/v1/members/${m.id}:reinstate`, { request_id: requestId() });
            reloadWith(m.id, '已恢复会籍');
          } catch (e) {
            clear(area, notice('error', errorText(e)));
          }
        },
      }, '恢复会籍'),
    );
    return box;
  }
  // Transfer: to a union of one's own county (a county or clerk), or any.
  const countyId = hasRole('city_admin') ? m.county_id : myCounty();
  const units = countyId ? (await childUnits(countyId).catch(() => [])).filter((u) => !u.closed && u.id !== m.org_id) : [];
  const target = h('select', { name: 'to_org_id', 'aria-label': '转入基层工会' }, h('option', { value: '' }, '转入基层工会…'), units.map((u) => h('option', { value: u.id }, u.name)));
  const other = h('input', { name: 'to_org_code', placeholder: '或填工会代码', class: 'narrow' });
  box.append(
    target,
    other,
    h('button', {
      type: 'button',
      class: 'btn',
      onclick: async () => {
        const to = other.value.trim() || target.value;
        if (!to) return void clear(area, notice('error', '请选择或填写转入的基层工会'));
        if (!(await confirmAction('会员转会', `确定将 ${m.name} 从“${unitName(m.org_id)}”转入“${unitName(to)}”吗？`, '转会'))) return;
        try {
          await post(`/v1/members/${m.id}:transfer`, { request_id: requestId(), to_org_id: to });
          reloadWith(m.id, '已转会');
        } catch (e) {
          clear(area, notice('error', `转会：${errorText(e)}`));
        }
      },
    }, '转会'),
  );
  const reasonSelect = h('select', { name: 'end_reason' }, Object.entries(endReasonNames).map(([v, t]) => h('option', { value: v }, t)));
  box.append(
    h('button', {
      type: 'button',
      class: 'btn btn-danger',
      onclick: async () => {
        const note = await askReason('终止会籍', `终止 ${m.name} 的会籍。其有效卡将按规定处理。`, '说明', '终止会籍', h('div', { class: 'field' }, h('label', {}, '终止原因'), reasonSelect));
        if (note === null) return;
        try {
          await post(`/v1/members/${m.id}:end`, { request_id: requestId(), reason: reasonSelect.value, note });
          reloadWith(m.id, '已终止会籍');
        } catch (e) {
          clear(area, notice('error', `终止会籍：${errorText(e)}`));
        }
      },
    }, '终止会籍'),
  );
  return box;
}

// Reveal: the ID number and mobile in clear, after a stated reason; the
// gateway writes an audit row (…GetMember.reveal) for every reveal.
async function reveal(m: Member, area: HTMLElement): Promise<void> {
  const reason = await askReason('查看完整身份信息', `将显示 ${m.name} 的完整身份证号码和手机号码。每次查看都记入审计日志。`, '查看原因', '查看');
  if (reason === null) return;
  try {
    const full = await get<Member>(`/v1/members/${m.id}?reveal=true&reveal_reason=${encodeURIComponent(reason)}`);
    for (const [key, value] of [['id_number', full.id_number], ['mobile', full.mobile]] as const) {
      const el = document.querySelector(`[data-field=${key}]`);
      if (el) el.textContent = value;
    }
    let audited = `已于 ${dateTime(new Date().toISOString())} 由 ${me().username} 查看，记入审计日志（查看原因：${reason}）`;
    if (hasRole('city_admin')) {
      try {
        const log = await get<{ entries: AuditEntry[] }>(`/v1/audit-entries?action=${encodeURIComponent('unioncard.member.v1.MemberService/GetMember.reveal')}&actor=${encodeURIComponent(me().username)}&page_size=1`);
        const e = log.entries?.[0];
        if (e) audited = `已记入审计日志：#${e.id} ${dateTime(e.at)} ${e.actor} ${e.action}（查看原因：${reason}）`;
      } catch {
        // the notice above still stands
      }
    }
    clear(area, notice('info', audited));
  } catch (e) {
    clear(area, notice('error', `查看完整信息：${errorText(e)}`));
  }
}

function facts(pairs: [string, string | Node][]): HTMLElement {
  return h('dl', { class: 'facts' }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export async function memberPage({ view, params, query: q }: RouteContext): Promise<void> {
  const id = params.id ?? '';
  const m = await get<Member>(`/v1/members/${encodeURIComponent(id)}`);
  await resolveNames([m.org_id, m.county_id]);
  const area = h('div', { class: 'form-notices', id: 'member-notices' });
  const done = q.get('done');
  if (done) area.append(notice('ok', done));
  for (const w of m.warnings ?? []) area.append(notice('info', `请核对：${fieldMessage(w)}`));
  const staff = hasRole('city_admin', 'county_staff', 'grassroots_staff');
  view.append(
    pageHeader(
      `会员：${m.name}`,
      hasRole('city_admin', 'county_staff') ? h('button', { type: 'button', class: 'btn', id: 'reveal', onclick: () => void reveal(m, area) }, '查看完整身份信息') : '',
      link('#/members', '← 返回会员查询', 'btn'),
    ),
    area,
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, '基本信息'),
      facts([
        ['姓名', m.name],
        ['身份证号码', h('span', { class: 'mono', 'data-field': 'id_number' }, m.id_number)],
        ['身份证地区', m.id_region || '未识别（见上方提示）'],
        ['性别', genderNames[m.gender] ?? '-'],
        ['出生日期', m.birth_date],
        ['手机号码', h('span', { class: 'mono', 'data-field': 'mobile' }, m.mobile)],
        ['基层工会', unitName(m.org_id)],
        ['县级工会', unitName(m.county_id)],
        ['工作单位', m.employer || '-'],
        ['农民工', m.migrant_worker ? '是' : '否'],
        ['入会日期', m.join_date],
        ['审核状态', h('span', { class: `tag tag-${m.review_state}` }, reviewStateNames[m.review_state] ?? m.review_state)],
        ['审核意见', m.review_note || '-'],
        ['会籍', m.membership_status === 'MEMBERSHIP_STATUS_ENDED' ? '已终止' : '在会'],
        ['登记时间', dateTime(m.create_time)],
      ]),
    ),
  );
  if (staff) view.append(h('section', { class: 'panel' }, h('h2', {}, '会籍变动'), await memberActions(m, area)));
  const cardsPanel = h('section', { class: 'panel', id: 'member-cards' }, h('h2', {}, '会员卡'));
  view.append(cardsPanel);
  try {
    const mc = await get<MemberCards>(`/v1/members/${encodeURIComponent(id)}/cards`);
    if (!mc.cards || mc.cards.length === 0) {
      cardsPanel.append(h('p', { class: 'muted' }, m.review_state === 'REVIEW_STATE_CITY_APPROVED' ? '尚未制卡：请在“发卡批次”中为其所在工会创建批次。' : '尚未制卡：会员须经市总备案后才能制卡。'));
      return;
    }
    for (const { card, history } of mc.cards) {
      cardsPanel.append(
        h(
          'div',
          { class: 'card-block', 'data-card': card.id, 'data-state': card.state },
          h('h3', {}, `卡号尾号 ${card.last4 || '----'}`, ' ', h('span', { class: `tag tag-${card.state}` }, cardStateNames[card.state] ?? card.state), card.id === mc.live_card_id ? h('span', { class: 'tag' }, '当前有效卡') : null),
          staff
            ? h(
                'div',
                { class: 'row-actions card-actions' },
                cardActions
                  .filter((a) => a.from.includes(card.state) && (a.path !== 'replace' || !mc.cards.some((c) => c.card.replaces_card_id === card.id)))
                  .map((a) => h('button', { type: 'button', class: `btn btn-small${a.reason === 'none' ? '' : ' btn-danger'}`, 'data-action': a.path, onclick: () => void cardAction(m, card, a, area) }, a.text)),
              )
            : null,
          facts([
            ['有效期', card.expiry || '-'],
            ['制卡时间', dateTime(card.issue_time)],
            ['激活时间', dateTime(card.activation_time)],
            ['说明', card.note || '-'],
          ]),
          table<CardChange>(
            [
              { title: '时间', cell: (c) => dateTime(c.time) },
              { title: '原状态', cell: (c) => cardStateNames[c.from_state] ?? c.from_state },
              { title: '新状态', cell: (c) => cardStateNames[c.to_state] ?? c.to_state },
              { title: '原因', cell: (c) => c.reason || '-' },
            ],
            history ?? [],
          ),
        ),
      );
    }
  } catch (e) {
    cardsPanel.append(notice('error', errorText(e)));
  }
}
