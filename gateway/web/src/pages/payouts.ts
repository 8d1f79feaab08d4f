// 资金发放: a batch made from a CSV file (checked and previewed before it is
// sent), approved or declined by a second person, its status, and the
// reconciliation of a day against the bank's statement.
import { ApiError, get, post, requestId } from '../api';
import { h, clear, link } from '../dom';
import { chinaToday, dateTime, differenceKindNames, num, payoutBatchStateNames, payoutItemStateNames, yuan } from '../format';
import { go, type RouteContext } from '../router';
import { hasRole, me } from '../state';
import type { DayReconciliation, PayoutBatch, PayoutItem, PayoutProgramme, ReconciliationDifference } from '../types';
import { FormErrors, askReason, confirmAction, errorText, facts, field, loading, notice, pageHeader, progressBar, table } from '../ui';

export interface PreviewLine {
  line: number; // line in the file
  memberId: string;
  amountFen: number;
  reason: string;
  problems: string[];
}

// "member_id,amount,reason" per line (amount in yuan, up to 2 decimals);
// a first line without a number is a header. Commas inside quotes kept.
export function parsePayoutCsv(text: string): PreviewLine[] {
  const out: PreviewLine[] = [];
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (!raw.trim()) return;
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (let k = 0; k < raw.length; k++) {
      const c = raw[k];
      if (c === '"') {
        if (quoted && raw[k + 1] === '"') {
          cur += '"';
          k++;
        } else quoted = !quoted;
      } else if (c === ',' && !quoted) {
        cells.push(cur);
        cur = '';
      } else cur += c;
    }
    cells.push(cur);
    const [member = '', amount = '', ...rest] = cells.map((s) => s.trim());
    if (out.length === 0 && i === lines.findIndex((l) => l.trim()) && !/^\d/.test(member)) return; // header
    const problems: string[] = [];
    if (!/^[1-9]\d{0,17}$/.test(member)) problems.push('会员编号应为正整数');
    let fen = 0;
    if (!/^\d+(\.\d{1,2})?$/.test(amount)) problems.push('金额应为元，最多两位小数');
    else {
      fen = Math.round(Number(amount) * 100);
      if (fen <= 0) problems.push('金额须大于 0');
    }
    const reason = rest.join(',').trim();
    if (!reason) problems.push('请填写发放事由');
    out.push({ line: i + 1, memberId: member, amountFen: fen, reason, problems });
  });
  return out;
}

async function readText(file: File): Promise<string> {
  const buf = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gbk').decode(buf); // as Excel saves it
  }
}

export async function payoutsPage({ view }: RouteContext): Promise<void> {
  const maker = hasRole('city_admin', 'county_staff');
  const openId = h('input', { name: 'batch_id', placeholder: '批次编号', class: 'narrow', inputmode: 'numeric' });
  const openForm = h('form', { class: 'filters', id: 'open-batch' }, openId, h('button', { type: 'submit', class: 'btn' }, '查看批次'));
  openForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (/^\d+$/.test(openId.value.trim())) go(`/payouts/${openId.value.trim()}`);
  });
  view.append(pageHeader('资金发放', openForm, hasRole('city_admin', 'auditor') ? link('#/reconciliation', '对账 →', 'btn') : ''));
  if (!maker) {
    view.append(notice('info', '发放批次由市总或县级工会工作人员创建，并须由另一人审批。输入批次编号可查看其状态。'));
    return;
  }
  const programmes = await get<{ programmes: PayoutProgramme[] }>('/v1/payout-programmes');
  const programme = h('select', { name: 'programme_id' }, (programmes.programmes ?? []).map((p) => h('option', { value: p.id }, p.name)));
  const title = h('input', { name: 'title', maxlength: 200, placeholder: '如：2026年金秋助学第一批' });
  const file = h('input', { name: 'items', type: 'file', accept: '.csv,text/csv' });
  const area = h('div', { class: 'form-notices', id: 'payout-notices' });
  const preview = h('div', { id: 'payout-preview' });
  const submit = h('button', { type: 'button', class: 'btn btn-primary', id: 'payout-submit', disabled: true }, '提交审批');
  const form = h(
    'form',
    { class: 'form-grid', id: 'payout-form', novalidate: true },
    field('发放项目', programme),
    field('批次名称', title),
    field('发放名单（CSV）', file, h('div', { class: 'hint' }, '每行：会员编号,金额（元）,发放事由；首行可为列名。UTF-8 或 Excel 保存的 GBK 均可。')),
  );
  view.append(h('section', { class: 'panel' }, h('h2', {}, '新建发放批次'), form, preview, area, h('div', { class: 'form-actions' }, submit)));
  const errors = new FormErrors(form, area);
  let lines: PreviewLine[] = [];

  const drawPreview = (serverProblems: Map<number, string[]> = new Map()) => {
    const bad = lines.filter((l, i) => l.problems.length > 0 || serverProblems.has(i)).length;
    const total = lines.reduce((s, l) => s + l.amountFen, 0);
    const grid = table<PreviewLine>(
      [
        { title: '行', cell: (l) => String(l.line), numeric: true },
        { title: '会员编号', cell: (l) => l.memberId || '-' },
        { title: '金额（元）', cell: (l) => (l.amountFen > 0 ? yuan(l.amountFen) : '-'), numeric: true },
        { title: '事由', cell: (l) => l.reason || '-' },
        { title: '检查', cell: (l) => (l.problems.length ? h('span', { class: 'outcomes' }, l.problems.join('；')) : '✓') },
      ],
      lines,
      '文件中没有发放名单',
    );
    grid.id = 'payout-preview-table';
    lines.forEach((l, i) => {
      const row = grid.tBodies[0]?.rows[i];
      const more = serverProblems.get(i);
      if (more && row) {
        l.problems = [...new Set([...l.problems, ...more])];
        const cell = row.cells[4];
        if (cell) clear(cell, h('span', { class: 'outcomes' }, l.problems.join('；')));
      }
      if (row && l.problems.length) row.classList.add('row-bad');
    });
    clear(
      preview,
      h('h3', {}, '预览'),
      h('p', { id: 'payout-summary', 'data-lines': lines.length, 'data-bad': bad, 'data-total-fen': total }, `共 ${num(lines.length)} 人，合计 ${yuan(total)} 元；${bad ? `${bad} 行有问题，请修改文件后重新选择` : '检查通过，可提交审批'}`),
      grid,
    );
    submit.disabled = bad > 0 || lines.length === 0;
  };

  file.addEventListener('change', async () => {
    errors.clear();
    const f = file.files?.[0];
    if (!f) return;
    lines = parsePayoutCsv(await readText(f));
    drawPreview();
  });

  submit.addEventListener('click', async () => {
    errors.clear();
    if (!title.value.trim()) return void errors.set('title', '请填写批次名称');
    const total = lines.reduce((s, l) => s + l.amountFen, 0);
    if (!(await confirmAction('提交发放批次', `共 ${lines.length} 人，合计 ${yuan(total)} 元。提交后须由另一位工作人员审批，批准即向银行发放。确定提交吗？`, '提交'))) return;
    submit.disabled = true;
    try {
      const b = await post<PayoutBatch>('/v1/payout-batches', {
        request_id: requestId(),
        programme_id: programme.value,
        title: title.value.trim(),
        items: lines.map((l) => ({ member_id: l.memberId, amount_fen: String(l.amountFen), reason: l.reason })),
      });
      go(`/payouts/${b.id}?done=created`);
    } catch (err) {
      // items[3].amount_fen → line 4 of the preview
      const perLine = new Map<number, string[]>();
      if (err instanceof ApiError) {
        for (const d of err.details) {
          const m = /^items\[(\d+)\]/.exec(d.field);
          if (m) perLine.set(Number(m[1]), [...(perLine.get(Number(m[1])) ?? []), d.description]);
        }
      }
      if (perLine.size) drawPreview(perLine);
      errors.show(err);
      submit.disabled = perLine.size > 0;
    }
  });
}

const programmeNames = new Map<string, string>();

const doneText: Record<string, string> = {
  created: '批次已提交，等待另一位工作人员审批。',
  approved: '已批准：款项正在发往银行。',
  declined: '已拒绝：本批次不发放。',
};

export async function payoutBatchPage({ view, params, query: q }: RouteContext): Promise<void> {
  const id = params.id ?? '';
  const hash = location.hash;
  const area = h('div', { class: 'form-notices', id: 'batch-notices' });
  const done = doneText[q.get('done') ?? ''];
  if (done) area.append(notice('ok', done));
  const body = h('div', { id: 'payout-batch' }, loading());
  view.append(pageHeader(`发放批次 #${id}`, link('#/payouts', '← 资金发放', 'btn')), area, body);

  const draw = (b: PayoutBatch) => {
    const mine = b.created_by === me().username;
    const checker = b.state === 'PAYOUT_BATCH_STATE_AWAITING_APPROVAL' && hasRole('city_admin', 'county_staff') && !mine;
    const note = h('textarea', { name: 'note', rows: 2, maxlength: 500, id: 'decision-note', placeholder: '审批意见（拒绝时必填）' });
    const decide = async (approve: boolean) => {
      let text = note.value.trim();
      if (!approve) {
        if (text) {
          if (!(await confirmAction('拒绝发放', `拒绝后本批次 ${b.item_count} 笔款项都不发放。拒绝原因：${text}`, '拒绝'))) return;
        } else {
          const r = await askReason('拒绝发放', `拒绝后本批次 ${b.item_count} 笔款项都不发放。`, '拒绝原因', '拒绝');
          if (!r) return;
          text = r;
        }
      } else if (!(await confirmAction('批准发放', `批准后立即向银行发放 ${b.item_count} 笔，合计 ${yuan(b.total_fen)} 元。确定批准吗？`, '批准'))) {
        return;
      }
      try {
        await post<PayoutBatch>(`/v1/payout-batches/${b.id}:${approve ? 'approve' : 'decline'}`, { batch_id: b.id, note: text });
        go(`/payouts/${b.id}?done=${approve ? 'approved' : 'declined'}&r=${Date.now() % 100000}`);
      } catch (e) {
        clear(area, notice('error', errorText(e)));
      }
    };
    const settled = b.paid + b.failed;
    clear(
      body,
      h(
        'section',
        { class: 'panel', id: 'batch-facts', 'data-state': b.state, 'data-paid': b.paid, 'data-outstanding': b.outstanding },
        h('h2', {}, b.title, ' ', h('span', { class: `tag tag-${b.state}` }, payoutBatchStateNames[b.state] ?? b.state)),
        facts([
          ['发放项目', programmeNames.get(b.programme_id) ?? b.programme_id],
          ['笔数', num(b.item_count)],
          ['合计', `${yuan(b.total_fen)} 元`],
          ['已到账', `${num(b.paid)} 笔 / ${yuan(b.paid_fen)} 元`],
          ['失败', num(b.failed)],
          ['处理中', num(b.outstanding)],
          ['创建人', `${b.created_by} ${dateTime(b.create_time)}`],
          ['审批人', b.approved_by ? `${b.approved_by} ${dateTime(b.approve_time)}` : '-'],
        ]),
        b.state === 'PAYOUT_BATCH_STATE_APPROVED' ? progressBar(b.item_count ? settled / b.item_count : 1, `已处理 ${settled} / ${b.item_count}`) : null,
        b.state === 'PAYOUT_BATCH_STATE_AWAITING_APPROVAL' && mine ? notice('info', '您是本批次的创建人，须由另一位工作人员审批。') : null,
        checker
          ? h(
              'div',
              { class: 'decision' },
              h('div', { class: 'field' }, h('label', { for: 'decision-note' }, '审批意见'), note),
              h(
                'div',
                { class: 'row-actions' },
                h('button', { type: 'button', class: 'btn btn-primary', id: 'approve-batch', onclick: () => void decide(true) }, '批准发放'),
                h('button', { type: 'button', class: 'btn btn-danger', id: 'decline-batch', onclick: () => void decide(false) }, '拒绝'),
              ),
            )
          : null,
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, '明细'),
        table<PayoutItem>(
          [
            { title: '行', cell: (i) => String(i.line), numeric: true },
            { title: '会员', cell: (i) => link(`#/members/${i.member_id}`, i.member_id) },
            { title: '金额（元）', cell: (i) => yuan(i.amount_fen), numeric: true },
            { title: '事由', cell: (i) => i.reason },
            { title: '状态', cell: (i) => h('span', { class: `tag tag-${i.state}` }, payoutItemStateNames[i.state] ?? i.state) },
            { title: '银行流水号', cell: (i) => i.bank_reference || '-' },
            { title: '说明', cell: (i) => i.result || '-' },
          ],
          b.items ?? [],
        ),
      ),
    );
  };

  const [first, programmes] = await Promise.all([
    get<PayoutBatch>(`/v1/payout-batches/${encodeURIComponent(id)}`),
    get<{ programmes: PayoutProgramme[] }>('/v1/payout-programmes').catch(() => ({ programmes: [] as PayoutProgramme[] })),
  ]);
  for (const p of programmes.programmes ?? []) programmeNames.set(p.id, p.name);
  let b = first;
  draw(b);
  // While the bank works: look again every 3 s (at most 40 times), only
  // while this page is shown.
  for (let i = 0; i < 40 && b.state === 'PAYOUT_BATCH_STATE_APPROVED' && b.outstanding > 0; i++) {
    await new Promise((r) => setTimeout(r, 3000));
    if (location.hash !== hash) return;
    b = await get<PayoutBatch>(`/v1/payout-batches/${encodeURIComponent(id)}`);
    draw(b);
  }
}

// 对账: our ledger of a day against the bank's statement.
export async function reconciliationPage({ view, query: q }: RouteContext): Promise<void> {
  const date = q.get('date') ?? chinaToday();
  const input = h('input', { type: 'date', name: 'date', value: date, max: chinaToday(), 'aria-label': '对账日期' });
  const run = h('button', { type: 'submit', class: 'btn btn-primary' }, '对账');
  const form = h('form', { class: 'filters', id: 'reconcile-form' }, h('label', { class: 'inline' }, '日期 ', input), run);
  const body = h('div', { id: 'reconciliation' });
  view.append(pageHeader('发放对账', link('#/payouts', '← 资金发放', 'btn')), form, body);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    run.disabled = true;
    clear(body, loading());
    try {
      const r = await post<DayReconciliation>(`/v1/reconciliations/${input.value}`, {});
      drawReconciliation(body, r);
    } catch (err) {
      clear(body, notice('error', errorText(err)));
    } finally {
      run.disabled = false;
    }
  });
}

function drawReconciliation(body: HTMLElement, r: DayReconciliation): void {
  const diffs = r.differences ?? [];
  const gap = Number(r.ledger_total_fen) - Number(r.bank_total_fen);
  const grid = table<ReconciliationDifference>(
    [
      { title: '差异类型', cell: (d) => h('strong', {}, differenceKindNames[d.kind] ?? d.kind) },
      { title: '交易标识', cell: (d) => h('span', { class: 'mono' }, d.idempotency_key) },
      { title: '我方金额（元）', cell: (d) => yuan(d.ledger_fen), numeric: true },
      { title: '银行金额（元）', cell: (d) => yuan(d.bank_fen), numeric: true },
    ],
    diffs,
    '没有差异',
  );
  grid.id = 'differences-table';
  for (const row of grid.tBodies[0]?.rows ?? []) if (diffs.length) row.classList.add('row-bad');
  clear(
    body,
    h(
      'div',
      { class: 'kpis kpis-3', id: 'reconciliation-figures', 'data-ledger': r.ledger_total_fen, 'data-bank': r.bank_total_fen, 'data-matched': r.matched, 'data-differences': diffs.length },
      h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, '我方记账'), h('div', { class: 'kpi-value' }, `${yuan(r.ledger_total_fen)} 元`)),
      h('div', { class: `kpi${gap !== 0 ? ' kpi-bad' : ''}` }, h('div', { class: 'kpi-label' }, '银行流水'), h('div', { class: 'kpi-value' }, `${yuan(r.bank_total_fen)} 元`)),
      h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, '一致笔数'), h('div', { class: 'kpi-value' }, num(r.matched))),
    ),
    diffs.length ? notice('error', `${r.date}：发现 ${diffs.length} 处差异，相差 ${yuan(gap)} 元，请逐笔核实`) : notice('ok', `${r.date}：账实相符，没有差异`),
    grid,
  );
}
