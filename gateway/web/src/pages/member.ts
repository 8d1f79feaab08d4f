// 会员详情: the member's record as the API shows it (masked), review
// state, and every card with its history.
import { get } from '../api';
import { h, link } from '../dom';
import { cardStateNames, dateTime, genderNames, reviewStateNames } from '../format';
import { resolveNames, unitName } from '../orgs';
import type { RouteContext } from '../router';
import type { CardChange, Member, MemberCards } from '../types';
import { errorText, notice, pageHeader, table } from '../ui';

function facts(pairs: [string, string | Node][]): HTMLElement {
  return h('dl', { class: 'facts' }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export async function memberPage({ view, params }: RouteContext): Promise<void> {
  const id = params.id ?? '';
  const m = await get<Member>(`/v1/members/${encodeURIComponent(id)}`);
  await resolveNames([m.org_id, m.county_id]);
  view.append(
    pageHeader(`会员：${m.name}`, link('#/members', '← 返回会员查询', 'btn')),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, '基本信息'),
      facts([
        ['姓名', m.name],
        ['身份证号码', h('span', { class: 'mono' }, m.id_number)],
        ['性别', genderNames[m.gender] ?? '-'],
        ['出生日期', m.birth_date],
        ['手机号码', h('span', { class: 'mono' }, m.mobile)],
        ['基层工会', unitName(m.org_id)],
        ['县级工会', unitName(m.county_id)],
        ['工作单位', m.employer || '-'],
        ['农民工', m.migrant_worker ? '是' : '否'],
        ['入会日期', m.join_date],
        ['审核状态', h('span', { class: `tag tag-${m.review_state}` }, reviewStateNames[m.review_state] ?? m.review_state)],
        ['审核意见', m.review_note || '-'],
        ['会籍', m.membership_status === 'ENDED' ? '已终止' : '在会'],
        ['登记时间', dateTime(m.create_time)],
      ]),
    ),
  );
  const cardsPanel = h('section', { class: 'panel', id: 'member-cards' }, h('h2', {}, '会员卡'));
  view.append(cardsPanel);
  try {
    const mc = await get<MemberCards>(`/v1/members/${encodeURIComponent(id)}/cards`);
    if (!mc.cards || mc.cards.length === 0) {
      cardsPanel.append(h('p', { class: 'muted' }, m.review_state === 'CITY_APPROVED' ? '尚未制卡：请在“发卡批次”中为其所在工会创建批次。' : '尚未制卡：会员须经市总备案后才能制卡。'));
      return;
    }
    for (const { card, history } of mc.cards) {
      cardsPanel.append(
        h(
          'div',
          { class: 'card-block' },
          h('h3', {}, `卡号尾号 ${card.last4 || '----'}`, ' ', h('span', { class: `tag tag-${card.state}` }, cardStateNames[card.state] ?? card.state), card.id === mc.live_card_id ? h('span', { class: 'tag' }, '当前有效卡') : null),
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
