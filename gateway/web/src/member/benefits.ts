// 我的权益: today's free insurance cover (accident and household fire,
// from the day the card was issued) and the funds paid onto the card.
import { get } from '../api';
import { h, clear } from '../dom';
import { chinaDate, chinaToday, chineseDate, payoutItemStateNames, yuan } from '../format';
import type { RouteContext } from '../router';
import { notice } from '../ui';
import { empty, memberErrorText, pageTitle, panel } from './common';
import type { Cover, MePayout } from './types';

const policies = ['意外伤害保险（工作外）', '家庭财产火灾保险'];

// The member-facing words for a payout's state.
const payoutStateText: Record<string, string> = {
  ...payoutItemStateNames,
  PAYOUT_ITEM_STATE_AWAITING: '待审批',
  PAYOUT_ITEM_STATE_QUEUED: '发放中',
  PAYOUT_ITEM_STATE_AT_BANK: '银行处理中',
  PAYOUT_ITEM_STATE_FAILED: '发放未成功',
};

function coverSection(c: Cover): HTMLElement {
  const spans = c.spans ?? [];
  const today = c.date || chinaToday();
  // The span that holds today, else the latest.
  const now = spans.find((s) => s.from_date <= today && (!s.through_date || s.through_date >= today)) ?? spans[spans.length - 1];
  const box = h('div', { id: 'cover-status', 'data-covered': String(c.covered) });
  if (c.covered && now) {
    box.append(
      h('p', { class: 'm-big m-ok' }, `今日（${chineseDate(today)}）在保障期内`),
      h('ul', { class: 'm-policies' }, policies.map((p) => h('li', {}, p))),
      h(
        'p',
        {},
        '保障自 ',
        h('strong', { id: 'cover-from', 'data-date': now.from_date }, now.from_date),
        ' 起',
        now.through_date ? `，至 ${now.through_date} 止` : '，持卡期间持续有效',
        '。',
      ),
    );
  } else {
    box.append(
      h('p', { class: 'm-big m-muted' }, `今日（${chineseDate(today)}）不在保障期内`),
      h('p', {}, `会员卡由银行制成之日起，持卡会员免费享有${policies.join('和')}；卡片挂失、冻结期间保障不中断。`),
    );
    if (now) box.append(h('p', { class: 'm-muted' }, `上一次保障：${now.from_date} 至 ${now.through_date || '今'}`));
  }
  box.append(h('p', { class: 'm-hint' }, '出险后请及时联系所在工会，按保险公司要求办理理赔。'));
  return box;
}

function payoutList(payouts: MePayout[]): HTMLElement {
  if (payouts.length === 0) return empty('暂无发放到卡上的资金。');
  return h(
    'ul',
    { class: 'm-list', id: 'payout-list' },
    payouts.map((p) =>
      h(
        'li',
        { class: 'm-item', 'data-testid': 'payout', 'data-programme': p.programme_name, 'data-state': p.state, 'data-fen': p.amount_fen },
        h(
          'div',
          { class: 'm-item-head' },
          h('strong', { class: 'payout-programme' }, p.programme_name || p.title || '资金发放'),
          h('span', { class: 'm-amount payout-amount' }, `${yuan(p.amount_fen)} 元`),
        ),
        p.title && p.title !== p.programme_name ? h('div', { class: 'm-item-sub' }, p.title) : null,
        p.reason && p.reason !== p.title ? h('div', { class: 'm-item-sub' }, p.reason) : null,
        h(
          'div',
          { class: 'm-item-sub' },
          h('span', { class: 'payout-date' }, chinaDate(p.result_time || p.create_time)),
          ' ',
          h('span', { class: `m-tag m-tag-${p.state}`, 'data-state': p.state }, payoutStateText[p.state] ?? p.state),
        ),
        p.state === 'PAYOUT_ITEM_STATE_FAILED' && p.result ? h('div', { class: 'm-item-note' }, `原因：${p.result}。如有疑问请联系所在工会。`) : null,
      ),
    ),
  );
}

export async function benefitsPage({ view }: RouteContext): Promise<void> {
  const cover = panel('cover', '免费保险保障', h('div', { class: 'm-loading' }, '正在加载…'));
  const payouts = panel('payouts', '发放到卡上的资金', h('div', { class: 'm-loading' }, '正在加载…'));
  view.append(pageTitle('我的权益'), cover, payouts);
  const [c, p] = await Promise.allSettled([get<Cover>('/v1/me/cover'), get<{ payouts: MePayout[] }>('/v1/me/payouts')]);
  clear(cover, h('h2', {}, '免费保险保障'), c.status === 'fulfilled' ? coverSection(c.value) : notice('error', memberErrorText(c.reason)));
  clear(payouts, h('h2', {}, '发放到卡上的资金'), p.status === 'fulfilled' ? payoutList(p.value.payouts ?? []) : notice('error', memberErrorText(p.reason)));
}
