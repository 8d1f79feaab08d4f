// 评价商户: one to five stars and an optional comment. One rating per
// merchant a month (docs/rules.md §9.2): a second new rating is refused
// (ALREADY_EXISTS); the page then offers to change this month's rating,
// which it sends with edit=true. Only a member whose card has been issued
// may rate; the server says why not.
import { ApiError, post } from '../api';
import { h, clear } from '../dom';
import type { RouteContext } from '../router';
import { FormErrors, field, notice } from '../ui';
import { memberErrorText, pageTitle } from './common';
import type { RatingReceipt } from './types';

const starWords = ['', '很不满意', '不满意', '一般', '满意', '非常满意'];

export function ratePage({ view, params, query: q }: RouteContext): void {
  const merchantId = params.merchant_id ?? '';
  const name = q.get('name') || `商户 ${merchantId}`;
  let stars = 0;
  let editing = false; // after a refused second rating: change this month's
  const says = h('div', { class: 'm-star-words', id: 'star-words', 'aria-live': 'polite' }, '请点击星星打分');
  const buttons = [1, 2, 3, 4, 5].map((n) =>
    h('button', { type: 'button', class: 'm-star', 'data-stars': n, 'aria-label': `${n} 星`, 'aria-pressed': 'false' }, '★'),
  );
  const pick = (n: number) => {
    stars = n;
    buttons.forEach((b, i) => {
      b.classList.toggle('on', i < n);
      b.setAttribute('aria-pressed', String(i + 1 === n));
    });
    says.textContent = `${n} 星 · ${starWords[n]}`;
    errors.set('stars', '');
  };
  buttons.forEach((b, i) => b.addEventListener('click', () => pick(i + 1)));
  const comment = h('textarea', { name: 'comment', rows: 4, maxlength: 500, placeholder: '说说您的体验（选填）' });
  const area = h('div', { class: 'form-notices', id: 'rate-notices', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary m-btn-wide', id: 'rate-submit' }, '提交评价');
  const form = h(
    'form',
    { class: 'm-panel', id: 'rate-form', novalidate: true },
    h('h2', { id: 'rate-merchant', 'data-merchant-id': merchantId }, name),
    h(
      'div',
      { class: 'field' },
      h('label', {}, '打分'),
      h('div', { class: 'm-stars', role: 'group', 'aria-label': '星级', id: 'rate-stars' }, buttons),
      says,
      h('div', { class: 'field-error', 'data-for': 'stars', 'aria-live': 'polite' }),
    ),
    field('评价内容', comment),
    area,
    submit,
    h('p', { class: 'm-hint' }, '每个商户每月可评价一次，本月内可以修改已提交的评价。评价结果用于工会对签约商户的考评。'),
  );
  const errors = new FormErrors(form, area, memberErrorText);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    if (stars < 1) return void errors.set('stars', '请先选择 1–5 星');
    submit.disabled = true;
    try {
      const rating = { merchant_id: merchantId, stars, comment: comment.value.trim(), edit: editing };
      let r: RatingReceipt;
      try {
        r = await post<RatingReceipt>('/v1/me/ratings', rating);
      } catch (first) {
        if (!(first instanceof ApiError && first.code === 'ALREADY_EXISTS')) throw first;
        // Refused: offer to change this month's rating instead.
        editing = true;
        submit.textContent = '修改本月评价';
        clear(area, notice('error', '本月已评价过该商户。如需修改，请重新打分后点击“修改本月评价”。'));
        area.dataset.refused = 'true';
        return;
      }
      const replaced = r.replaced;
      clear(
        area,
        notice(
          'ok',
          replaced ? `本月已评价，已更新为 ${stars} 星（${r.month}）` : `评价成功：${stars} 星（${r.month}），感谢您的反馈`,
        ),
      );
      area.dataset.replaced = String(replaced);
    } catch (err) {
      errors.show(err);
    } finally {
      submit.disabled = false;
    }
  });
  view.append(pageTitle('评价商户'), form, h('p', { class: 'm-back' }, h('a', { href: '#/offers', class: 'btn m-btn-wide' }, '← 返回优惠商户')));
}
