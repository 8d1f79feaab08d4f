// 我的卡: the member's live card (masked number, state, issue and
// activation dates), what to do next in its state, and 挂失 (report lost).
// A replacement is applied for through the union, not here.
import { get, post, uuid } from '../api';
import { h, clear } from '../dom';
import { cardStateNames, chinaDate } from '../format';
import type { RouteContext } from '../router';
import { confirmAction, notice } from '../ui';
import { empty, memberErrorText, pageTitle, panel } from './common';
import type { MeCard, MeCards } from './types';

const lostFrom = ['CARD_STATE_ISSUED', 'CARD_STATE_ACTIVATED', 'CARD_STATE_FROZEN'];
const replaceText = '补卡请联系所在工会，由工会为您申请补办新卡。';

function maskedNumber(card: MeCard): string {
  const given = card.masked_number || card.masked_token;
  if (given) return given;
  return `**** **** **** ${card.last4 || '****'}`;
}

// What the member should do, by the card's state.
function guide(card: MeCard): HTMLElement | null {
  const text: Record<string, string> = {
    CARD_STATE_REQUESTED: '工会已为您申请会员卡，正在等待报送银行制卡。制成后所在工会会通知您领卡。',
    CARD_STATE_SUBMITTED: '银行正在制卡。制成后所在工会会通知您领卡。',
    CARD_STATE_ISSUED:
      '您的卡已制成，尚未激活。请携带本人身份证到合作银行网点，或通过合作银行的手机 App 激活；激活后即可使用持卡优惠，领取发放到卡上的资金。',
    CARD_STATE_ACTIVATED: '您的卡已激活，可正常使用。卡片丢失请立即挂失。',
    CARD_STATE_FROZEN: '您的卡已被冻结，暂停使用。如有疑问请联系所在工会。',
    CARD_STATE_LOST: `您的卡已挂失，已停止使用。${replaceText}`,
    CARD_STATE_REJECTED: `银行未能制卡${card.note ? `（${card.note}）` : ''}。请联系所在工会核对信息后重新申请。`,
    CARD_STATE_REPLACED: '此卡已补办新卡，不再使用。',
    CARD_STATE_CANCELLED: '此卡已注销。如需办卡请联系所在工会。',
  };
  const t = text[card.state];
  if (!t) return null;
  return h('div', { class: `m-guide m-guide-${card.state}`, id: 'card-guide', 'data-state': card.state }, t);
}

function drawCard(box: HTMLElement, card: MeCard, area: HTMLElement): void {
  const state = cardStateNames[card.state] ?? card.state;
  const lost = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-danger m-btn-wide',
      id: 'report-lost',
      onclick: async () => {
        const ok = await confirmAction(
          '挂失会员卡',
          `挂失后尾号 ${card.last4 || '----'} 的卡立即停止使用，不能撤销。${replaceText}确定挂失吗？`,
          '挂失',
        );
        if (!ok) return;
        lost.disabled = true;
        try {
          const changed = await post<MeCard>(`/v1/me/cards/${encodeURIComponent(card.id)}:report-lost`, {
            request_id: uuid(),
            reason: '会员本人通过会员服务平台挂失',
          });
          drawCard(box, changed, area);
          clear(
            area,
            notice('ok', `已挂失：卡片状态为“${cardStateNames[changed.state] ?? changed.state}”，此卡已停止使用。${replaceText}`),
          );
        } catch (e) {
          lost.disabled = false;
          clear(area, notice('error', `挂失未成功：${memberErrorText(e)}`));
        }
      },
    },
    '挂失',
  );
  clear(
    box,
    h(
      'div',
      { class: `m-card m-card-${card.state}`, 'data-card': card.id, 'data-state': card.state },
      h('div', { class: 'm-card-name' }, '河北工会会员卡'),
      h('div', { class: 'm-card-number', id: 'card-number', 'data-last4': card.last4 }, maskedNumber(card)),
      h(
        'div',
        { class: 'm-card-foot' },
        h('span', { class: `m-tag m-tag-${card.state}`, id: 'card-state', 'data-state': card.state }, state),
        card.expiry ? h('span', {}, `有效期 ${card.expiry}`) : null,
      ),
    ),
    h(
      'dl',
      { class: 'm-facts' },
      h('dt', {}, '卡片状态'),
      h('dd', { id: 'card-state-text' }, state),
      h('dt', {}, '卡号尾号'),
      h('dd', {}, card.last4 || '-'),
      h('dt', {}, '制卡日期'),
      h('dd', { id: 'card-issue-date' }, chinaDate(card.issue_time)),
      h('dt', {}, '激活日期'),
      h('dd', { id: 'card-activation-date' }, card.activation_time ? chinaDate(card.activation_time) : '尚未激活'),
    ),
    guide(card),
    lostFrom.includes(card.state) ? lost : null,
  );
}

export async function cardPage({ view }: RouteContext): Promise<void> {
  const area = h('div', { class: 'form-notices', id: 'card-notices', 'aria-live': 'polite' });
  const box = h('div', { id: 'card-box' });
  view.append(pageTitle('我的会员卡'), area, box);
  const mc = await get<MeCards>('/v1/me/cards');
  const cards = mc.cards ?? [];
  if (cards.length === 0) {
    clear(
      box,
      panel(
        'no-card',
        '尚未办理会员卡',
        empty('您还没有会员卡。会员经所在工会登记、县级工会审核、市总工会备案后，由工会统一向合作银行申请制卡。如有疑问请联系所在工会。'),
      ),
    );
    return;
  }
  // The live card, else the newest one (cards come oldest first).
  const live = cards.find((c) => c.card.id === mc.live_card_id) ?? cards[cards.length - 1];
  if (!live) return;
  drawCard(box, live.card, area);
  const older = cards.filter((c) => c !== live).reverse();
  if (older.length > 0) {
    view.append(
      panel(
        'older-cards',
        '以前的卡',
        h(
          'ul',
          { class: 'm-list' },
          older.map((c) =>
            h(
              'li',
              { class: 'm-item', 'data-card': c.card.id, 'data-state': c.card.state },
              h('div', { class: 'm-item-head' }, h('strong', {}, `尾号 ${c.card.last4 || '----'}`), h('span', { class: `m-tag m-tag-${c.card.state}` }, cardStateNames[c.card.state] ?? c.card.state)),
              h('div', { class: 'm-item-sub' }, `制卡 ${chinaDate(c.card.issue_time)}`),
            ),
          ),
        ),
      ),
    );
  }
}
