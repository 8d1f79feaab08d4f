// 发卡批次: a union's approved members sent to the bank in one batch, with
// the cards issued and activated so far; refreshed while the bank works.
import { get, post, query } from '../api';
import { h, clear } from '../dom';
import { batchStateNames, dateTime, num } from '../format';
import { resolveNames, unionPicker, unitName } from '../orgs';
import type { RouteContext } from '../router';
import type { IssuanceBatch } from '../types';
import { FormErrors, confirmAction, field, loading, notice, pageHeader, progressBar, table } from '../ui';

// Sent to the bank within the last ten minutes.
function sentLately(b: IssuanceBatch): boolean {
  const sent = b.send_time ? Date.parse(b.send_time) : NaN;
  return Number.isFinite(sent) && Date.now() - sent < 10 * 60 * 1000;
}

export async function batchesPage({ view }: RouteContext): Promise<void> {
  const { countySelect, orgSelect } = await unionPicker();
  const area = h('div', { class: 'form-notices' });
  const form = h(
    'form',
    { class: 'filters', id: 'batch-form', novalidate: true },
    countySelect ? field('县级工会', countySelect) : null,
    field('基层工会', orgSelect),
    h('button', { type: 'submit', class: 'btn btn-primary' }, '为已备案会员制卡'),
    area,
  );
  const errors = new FormErrors(form, area);
  const list = h('div', { id: 'batch-list' }, loading());
  let timer = 0;
  // The next refresh in 3 s (one timer at a time); a failed one (the
  // network, a busy gateway) tries again rather than stopping.
  const later = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void refresh().catch(later), 3000);
  };

  const refresh = async () => {
    window.clearTimeout(timer);
    if (!list.isConnected && timer !== 0) return; // the page was left
    const page = await get<{ batches: IssuanceBatch[] }>(`/v1/issuance-batches${query({ page_size: 50 })}`);
    const batches = page.batches ?? [];
    await resolveNames(batches.map((b) => b.org_id));
    clear(
      list,
      table<IssuanceBatch>(
        [
          { title: '批次', cell: (b) => `#${b.id}` },
          { title: '基层工会', cell: (b) => unitName(b.org_id) },
          { title: '创建', cell: (b) => `${dateTime(b.create_time)} ${b.created_by}` },
          { title: '状态', cell: (b) => h('span', { class: `tag tag-${b.state}` }, batchStateNames[b.state] ?? b.state) },
          { title: '人数', cell: (b) => num(b.members), numeric: true },
          { title: '已制卡', cell: (b) => progressBar(b.members ? b.issued / b.members : 0, `${num(b.issued)} / ${num(b.members)}`) },
          { title: '已激活', cell: (b) => progressBar(b.members ? b.activated / b.members : 0, `${num(b.activated)} / ${num(b.members)}`) },
          { title: '未能制卡', cell: (b) => num(b.without_card + b.rejected), numeric: true },
        ],
        batches,
        '还没有发卡批次',
      ),
    );
    // COMPLETE means nothing is waiting for the bank (issued or refused);
    // the activations follow, so a batch sent lately is followed until its
    // issued cards are activated too (not longer: members may activate
    // days later).
    if (batches.some((b) => b.state !== 'BATCH_STATE_COMPLETE' || (b.activated < b.issued && sentLately(b)))) later();
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    if (!orgSelect.value) return void errors.set('org_id', '请选择基层工会');
    const name = orgSelect.selectedOptions[0]?.textContent ?? orgSelect.value;
    if (!(await confirmAction('创建发卡批次', `将为“${name}”所有已备案、尚无卡的会员向银行申请制卡，提交后不能撤回。确定吗？`, '确定制卡'))) return;
    try {
      const b = await post<IssuanceBatch>('/v1/issuance-batches', { org_id: orgSelect.value });
      clear(area, notice('ok', `已创建批次 #${b.id}：${num(b.members)} 人`));
      await refresh();
    } catch (err) {
      errors.show(err);
    }
  });
  view.append(pageHeader('发卡批次'), form, list);
  await refresh();
}
