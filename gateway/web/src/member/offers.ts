// 优惠商户: the offers in force today of the merchants of the member's
// county and of the city (the gateway fixes the county), by category or
// merchant name; each merchant can be rated from here.
import { get, query } from '../api';
import { h, clear } from '../dom';
import { categoryNames, yuan } from '../format';
import { go, type RouteContext } from '../router';
import type { Offer } from '../types';
import { notice } from '../ui';
import { empty, memberErrorText, pageTitle } from './common';

// 4.6 / "4.6" → "4.6 分（12 人评价）"; nobody yet (0) → 暂无评分.
export function ratingText(r: string | number | undefined, count?: number): string {
  const n = Number(r);
  if (r === undefined || r === '' || r === '-' || !Number.isFinite(n) || n <= 0) return '暂无评分';
  return `${n.toFixed(1)} 分${count ? `（${count} 人评价）` : ''}`;
}

function address(o: Offer): string {
  return o.merchant_address || (o.merchant_locations ?? []).filter(Boolean).join('；');
}

function offerText(o: Offer): string {
  switch (o.kind) {
    case 'OFFER_KIND_DISCOUNT':
      return `持卡优惠 ${o.discount_percent}%`;
    case 'OFFER_KIND_FIXED_PRICE':
      return `会员特价 ${yuan(o.price_fen)} 元`;
    case 'OFFER_KIND_FREE':
      return '持卡免费';
    default:
      return '持卡优惠';
  }
}

function offerCard(o: Offer): HTMLElement {
  const rateHash = `#/rate/${encodeURIComponent(o.merchant_id)}${query({ name: o.merchant_name })}`;
  return h(
    'article',
    { class: 'm-offer', 'data-testid': 'offer', 'data-offer': o.id, 'data-merchant-id': o.merchant_id, 'data-merchant-name': o.merchant_name },
    h(
      'div',
      { class: 'm-item-head' },
      h('h3', { class: 'offer-merchant' }, o.merchant_name || `商户 ${o.merchant_id}`),
      h('span', { class: 'offer-rating', 'data-rating': String(o.merchant_rating ?? '') }, `★ ${ratingText(o.merchant_rating, o.merchant_ratings)}`),
    ),
    address(o) ? h('div', { class: 'offer-address' }, address(o)) : null,
    h('div', { class: 'offer-text' }, h('strong', {}, offerText(o)), ' · ', o.title),
    o.conditions ? h('div', { class: 'm-item-sub' }, `使用条件：${o.conditions}`) : null,
    h(
      'div',
      { class: 'm-item-sub' },
      h('span', { class: 'm-tag' }, categoryNames[o.category] ?? o.category),
      ` 有效期 ${o.valid_from} 至 ${o.valid_to}`,
    ),
    h('div', { class: 'm-offer-actions' }, h('a', { href: rateHash, class: 'btn', 'data-testid': 'rate-link' }, '评价')),
  );
}

export async function offersPage({ view, query: q }: RouteContext): Promise<void> {
  const category = q.get('category') ?? '';
  const name = q.get('merchant_name') ?? '';
  const catSel = h(
    'select',
    { name: 'category', 'aria-label': '类别' },
    h('option', { value: '' }, '全部类别'),
    Object.entries(categoryNames).map(([v, t]) => h('option', { value: v, selected: v === category }, t)),
  );
  const search = h('input', { name: 'merchant_name', type: 'search', value: name, placeholder: '搜索商户名称', 'aria-label': '商户名称', maxlength: 100 });
  const form = h('form', { class: 'm-filter', id: 'offer-filter', role: 'search' }, catSel, search, h('button', { type: 'submit', class: 'btn btn-primary', id: 'offer-search' }, '搜索'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(`/offers${query({ category: catSel.value, merchant_name: search.value.trim() })}`);
  });
  catSel.addEventListener('change', () => form.requestSubmit());
  const list = h('div', { id: 'offer-list', 'aria-live': 'polite' }, h('div', { class: 'm-loading' }, '正在加载…'));
  const more = h('div', { class: 'm-more' });
  view.append(pageTitle('优惠商户'), h('p', { class: 'm-hint' }, '本县（市、区）及市总工会签约商户的持卡优惠，今日有效。'), form, list, more);

  let count = 0;
  const load = async (token: string) => {
    const page = await get<{ offers: Offer[]; next_page_token: string }>(`/v1/me/offers${query({ category, merchant_name: name, page_token: token })}`);
    const offers = page.offers ?? [];
    if (!token) clear(list);
    count += offers.length;
    list.append(...offers.map(offerCard));
    if (count === 0) clear(list, empty(name || category ? '没有找到符合条件的优惠，换个条件试试。' : '附近暂时没有持卡优惠。'));
    clear(
      more,
      page.next_page_token
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn m-btn-wide',
              id: 'offer-more',
              onclick: async (e: Event) => {
                const b = e.currentTarget as HTMLButtonElement;
                b.disabled = true;
                try {
                  await load(page.next_page_token);
                } catch (err) {
                  b.disabled = false;
                  more.append(notice('error', memberErrorText(err)));
                }
              },
            },
            '加载更多',
          )
        : null,
    );
  };
  try {
    await load('');
  } catch (e) {
    clear(list, notice('error', memberErrorText(e)));
  }
}
