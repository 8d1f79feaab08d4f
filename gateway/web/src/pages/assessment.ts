// 年度考核: the annual 100-point assessment of a year. The promotion office
// (city admin) computes the draft, publishes it and opens corrections; the
// assessors (leading group, chairman meeting) review, approve and send
// back — each button is drawn only for the role that may press it, in the
// state that allows it (assessment-svc/src/domain/assessment_workflow.cc).
// Revisions side by side with what changed; a what-if panel on
// SimulateAssessment. Counties see published revisions of their own unit.
import { ApiError, get, post } from '../api';
import { h, clear } from '../dom';
import { assessmentStateNames, assessmentStepNames, chinaToday, dateTime, pct, yuan } from '../format';
import { go, type RouteContext } from '../router';
import { hasRole, myCounty } from '../state';
import type { Assessment, AssessmentResult, AssessmentStep, Plan, Role, SimulatedUnit, UnitScore } from '../types';
import { askReason, confirmAction, errorText, exportLinks, loading, notice, pageHeader, table } from '../ui';

interface StepButton {
  step: AssessmentStep;
  roles: Role[];
  from: string[]; // states the step is allowed from; '' = nothing computed yet
  note?: boolean; // a stated reason is required
  text: string;
}

// Who may press what, from which state (WorkflowPolicy's defaults).
export const workflow: StepButton[] = [
  { step: 'ASSESSMENT_STEP_COMPUTE', roles: ['city_admin'], from: ['', 'ASSESSMENT_STATE_DRAFT'], text: '计算/重新计算草稿' },
  { step: 'ASSESSMENT_STEP_REVIEW', roles: ['assessor'], from: ['ASSESSMENT_STATE_DRAFT'], text: '审核通过（领导小组）' },
  { step: 'ASSESSMENT_STEP_APPROVE', roles: ['assessor'], from: ['ASSESSMENT_STATE_REVIEWED'], text: '审定（主席会）' },
  { step: 'ASSESSMENT_STEP_SEND_BACK', roles: ['assessor'], from: ['ASSESSMENT_STATE_REVIEWED', 'ASSESSMENT_STATE_APPROVED'], note: true, text: '退回推进办' },
  { step: 'ASSESSMENT_STEP_PUBLISH', roles: ['city_admin'], from: ['ASSESSMENT_STATE_APPROVED'], text: '公布' },
  { step: 'ASSESSMENT_STEP_CORRECT', roles: ['city_admin'], from: ['ASSESSMENT_STATE_PUBLISHED'], note: true, text: '更正（开新修订版）' },
];

function scoreColumns(): { title: string; cell: (u: UnitScore) => string | Node; numeric?: boolean }[] {
  return [
    { title: '单位', cell: (u) => u.name },
    { title: '组织领导', cell: (u) => u.leadership, numeric: true },
    { title: '工作措施', cell: (u) => u.measures, numeric: true },
    { title: '应答性', cell: (u) => u.responsiveness, numeric: true },
    { title: '督导', cell: (u) => u.supervision, numeric: true },
    { title: '平时小计', cell: (u) => u.regular_total, numeric: true },
    { title: '发卡', cell: (u) => u.issuance, numeric: true },
    { title: '激活', cell: (u) => u.activation, numeric: true },
    { title: '服务项目', cell: (u) => u.service_items, numeric: true },
    { title: '年终小计', cell: (u) => u.year_end_total, numeric: true },
    { title: '总分', cell: (u) => h('strong', {}, u.total), numeric: true },
    { title: '完成率', cell: (u) => pct(u.completion), numeric: true },
    { title: '激活率', cell: (u) => pct(u.activation_rate), numeric: true },
    { title: '奖励', cell: (u) => (u.vetoed ? h('span', { class: 'warn' }, '一票否决') : u.award_rank ? `第${u.award_rank}名 ¥${yuan(u.award_fen)}` : '-') },
  ];
}

// Two results unit by unit: every figure that differs is marked.
function compareTable(a: AssessmentResult, aTitle: string, b: AssessmentResult, bTitle: string, only: string): HTMLElement {
  const bBy = new Map(b.units.map((u) => [u.unit_code, u]));
  const fields: [keyof UnitScore, string][] = [
    ['regular_total', '平时小计'],
    ['issuance', '发卡'],
    ['activation', '激活'],
    ['service_items', '服务项目'],
    ['total', '总分'],
    ['award_rank', '奖励名次'],
  ];
  const units = a.units.filter((u) => !only || u.unit_code === only);
  let changedRows = 0;
  const rows = units.map((u) => {
    const o = bBy.get(u.unit_code);
    const changed = fields.some(([f]) => String(o?.[f] ?? '') !== String(u[f]));
    if (changed) changedRows++;
    return h(
      'tr',
      { class: changed ? 'changed' : undefined, 'data-unit': u.unit_code },
      h('td', {}, u.name),
      fields.flatMap(([f]) => {
        const x = String(u[f]);
        const y = o ? String(o[f]) : '-';
        const diff = x !== y;
        return [h('td', { class: 'num' }, x), h('td', { class: `num${diff ? ' diff' : ''}` }, y)];
      }),
    );
  });
  return h(
    'div',
    { id: 'compare' },
    h('p', { class: changedRows ? 'warn' : 'muted' }, changedRows ? `${changedRows} 个单位的结果不同（标黄）` : '两者结果相同'),
    h(
      'table',
      { class: 'grid compare' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', { rowspan: 2 }, '单位'), fields.map(([, t]) => h('th', { colspan: 2, class: 'num' }, t))),
        h('tr', {}, fields.flatMap(() => [h('th', { class: 'num' }, aTitle), h('th', { class: 'num' }, bTitle)])),
      ),
      h('tbody', {}, rows),
    ),
  );
}

export async function assessmentPage({ view, query: q }: RouteContext): Promise<void> {
  const year = Number(q.get('year') ?? Number(chinaToday().slice(0, 4)) - 1);
  const revision = Number(q.get('revision') ?? 0);
  const compareWith = Number(q.get('compare') ?? 0);
  const yearInput = h('input', { type: 'number', name: 'year', value: year, min: 2016, max: 2100, class: 'narrow' });
  const yf = h('form', { class: 'filters' }, h('label', { class: 'inline' }, '考核年度 ', yearInput), h('button', { type: 'submit', class: 'btn btn-primary' }, '查看'));
  yf.addEventListener('submit', (e) => {
    e.preventDefault();
    go(`/assessment?year=${yearInput.value}`);
  });
  const area = h('div', { class: 'form-notices', id: 'assessment-notices' });
  const body = h('div', {}, loading());
  view.append(pageHeader('年度考核', yf, hasRole('city_admin', 'assessor', 'auditor') ? exportLinks(`/v1/assessments/${year}:export`, revision ? { revision } : {}) : ''), area, body);
  const county = hasRole('county_staff', 'grassroots_staff') ? myCounty() : '';

  let a: Assessment | null = null;
  try {
    a = await get<Assessment>(`/v1/assessments/${year}${revision ? `?revision=${revision}` : ''}`);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) {
      clear(body, notice('error', errorText(e)));
      return;
    }
  }
  const revisions = a?.revisions ?? [];
  const latest = revisions.length ? Math.max(...revisions) : 0;
  const isLatest = !a || a.revision === latest;
  const state = a ? a.state : '';

  // The buttons of this role, in this state, on the latest revision only.
  const buttons = isLatest
    ? workflow
        .filter((w) => w.roles.some((r) => hasRole(r)) && w.from.includes(state))
        .map((w) => h('button', { type: 'button', class: `btn ${w.note ? 'btn-danger' : 'btn-primary'}`, 'data-step': w.step, onclick: () => void press(w) }, w.text))
    : [];

  const press = async (w: StepButton) => {
    let note = '';
    if (w.note) {
      const r = await askReason(w.text, `${year}年度考核（修订版 ${a?.revision ?? 1}）：${w.text}。`, '原因', w.text);
      if (r === null) return;
      note = r;
    } else if (!(await confirmAction(w.text, `确定对${year}年度考核${a ? `（修订版 ${a.revision}）` : ''}执行“${w.text}”吗？`, w.text))) {
      return;
    }
    try {
      const next =
        w.step === 'ASSESSMENT_STEP_COMPUTE'
          ? await post<Assessment>(`/v1/assessments/${year}:compute`, {})
          : await post<Assessment>(`/v1/assessments/${year}/revisions/${a?.revision ?? 1}:advance`, { step: w.step, note });
      go(`/assessment?year=${year}&done=${w.step}&r=${next.revision}.${Date.now() % 100000}`);
    } catch (e) {
      clear(area, notice('error', `${w.text}：${errorText(e)}`));
    }
  };

  const done = q.get('done');
  if (done) area.append(notice('ok', `已${assessmentStepNames[done] ?? done}`));

  if (!a) {
    clear(
      body,
      notice('info', county ? `${year}年度考核结果尚未公布` : `${year}年度考核尚未计算。计算须在年度结束后、各单位平时考核项目录入齐全后由推进办（市总管理员）进行。`),
      h('div', { class: 'workflow', id: 'workflow' }, buttons),
    );
    if (hasRole('city_admin', 'assessor')) body.append(await whatIfPanel(year, null));
    return;
  }

  const result = a.result ?? { year, units: [], quarters: [] };
  const units = result.units.filter((u) => !county || u.unit_code === county);
  const grid = table(scoreColumns(), units, '没有考核结果');
  grid.id = 'assessment-table';

  const revLinks = h(
    'span',
    { class: 'revisions' },
    '修订版：',
    revisions.map((r) => (r === a?.revision ? h('strong', {}, ` ${r} `) : h('a', { href: `#/assessment?year=${year}&revision=${r}` }, ` ${r} `))),
  );
  clear(
    body,
    h(
      'section',
      { class: 'panel' },
      h(
        'p',
        { class: 'assessment-state' },
        h('span', { class: `tag tag-${a.state}`, id: 'assessment-state', 'data-state': a.state }, assessmentStateNames[a.state] ?? a.state),
        ` 修订版 ${a.revision}${isLatest ? '（最新）' : '（已被更正）'} · 计算：${a.computed_by || '-'} ${dateTime(a.computed_at)} · `,
        revLinks,
      ),
      h('div', { class: 'workflow', id: 'workflow' }, buttons.length ? buttons : h('span', { class: 'muted' }, isLatest ? '当前状态下您没有可执行的步骤' : '这是旧修订版，只能查看')),
    ),
    grid,
  );

  // Revisions side by side.
  if (revisions.length > 1) {
    const other = compareWith || revisions.filter((r) => r !== a?.revision).slice(-1)[0] || 0;
    const select = h('select', { name: 'compare' }, revisions.filter((r) => r !== a?.revision).map((r) => h('option', { value: r, selected: r === other }, `修订版 ${r}`)));
    select.addEventListener('change', () => go(`/assessment?year=${year}&revision=${a?.revision}&compare=${select.value}`));
    const panel = h('section', { class: 'panel' }, h('h2', {}, '修订版对比 ', select));
    body.append(panel);
    try {
      const o = await get<Assessment>(`/v1/assessments/${year}?revision=${other}`);
      if (o.result) panel.append(compareTable(result, `版${a.revision}`, o.result, `版${other}`, county));
    } catch (e) {
      panel.append(notice('error', errorText(e)));
    }
  }

  if (a.history && a.history.length) {
    body.append(
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, '流程记录'),
        table(
          [
            { title: '时间', cell: (x: NonNullable<Assessment['history']>[number]) => dateTime(x.at) },
            { title: '修订版', cell: (x) => String(x.revision) },
            { title: '步骤', cell: (x) => assessmentStepNames[x.step] ?? x.step },
            { title: '状态', cell: (x) => `${assessmentStateNames[x.from_state] ?? '-'} → ${assessmentStateNames[x.to_state] ?? x.to_state}` },
            { title: '操作人', cell: (x) => x.actor },
            { title: '意见', cell: (x) => x.note || '-' },
          ],
          a.history,
        ),
      ),
    );
  }
  if (hasRole('city_admin', 'assessor')) body.append(await whatIfPanel(year, a));
}

// What if: the stored inputs (or the plan with nothing issued), editable,
// scored by SimulateAssessment and set beside the stored result.
async function whatIfPanel(year: number, a: Assessment | null): Promise<HTMLElement> {
  const panel = h('section', { class: 'panel', id: 'what-if' }, h('h2', {}, '试算（如果……会怎样）'));
  let inputs: SimulatedUnit[] = a?.inputs?.units ?? [];
  const names = new Map((a?.result?.units ?? []).map((u) => [u.unit_code, u.name]));
  if (inputs.length === 0) {
    try {
      const plan = await get<Plan>(`/v1/plans/${year}`);
      inputs = plan.units.map((u) => ({
        unit_code: u.unit_code,
        plan: u.plan,
        issued_by_quarter_end: ['0', '0', '0', '0'],
        issued_cumulative: '0',
        activated_cumulative: '0',
        service_items: '0',
        leadership: '0',
        measures: '0',
        omissions: 0,
        criticisms: 0,
      }));
      for (const u of plan.units) names.set(u.unit_code, u.name);
    } catch (e) {
      panel.append(notice('info', `没有可试算的数据：${errorText(e)}`));
      return panel;
    }
  }
  panel.append(h('p', { class: 'hint' }, a ? `以修订版 ${a.revision} 的计算依据为起点，改动任意数字后点“试算”，结果与已计算的结果对照（不保存）。` : '以本年度计划为起点（发卡等均为 0），改动数字后点“试算”（不保存）。'));
  const fields: [keyof SimulatedUnit, string][] = [
    ['plan', '年度计划'],
    ['issued_by_quarter_end', '各季末发卡（Q1/Q2/Q3/Q4）'],
    ['issued_cumulative', '累计发卡'],
    ['activated_cumulative', '累计激活'],
    ['service_items', '服务项目'],
    ['leadership', '组织领导'],
    ['measures', '工作措施'],
    ['omissions', '漏项'],
    ['criticisms', '点名批评'],
  ];
  const tbody = h(
    'tbody',
    {},
    inputs.map((u) =>
      h(
        'tr',
        { 'data-unit': u.unit_code },
        h('td', {}, names.get(u.unit_code) ?? u.unit_code),
        fields.map(([f]) => {
          const v = f === 'issued_by_quarter_end' ? (u.issued_by_quarter_end ?? []).join('/') : String(u[f] ?? '');
          return h('td', {}, h('input', { name: f, value: v, class: f === 'issued_by_quarter_end' ? 'wide-num' : 'narrow', 'aria-label': `${names.get(u.unit_code) ?? u.unit_code} ${f}` }));
        }),
      ),
    ),
  );
  const out = h('div', { id: 'what-if-result' });
  const run = async () => {
    const units = [...tbody.querySelectorAll('tr')].map((tr) => {
      const v = (f: string) => tr.querySelector<HTMLInputElement>(`input[name=${f}]`)?.value.trim() ?? '';
      return {
        unit_code: tr.dataset.unit,
        plan: v('plan'),
        issued_by_quarter_end: v('issued_by_quarter_end').split(/[/,，\s]+/).filter(Boolean),
        issued_cumulative: v('issued_cumulative'),
        activated_cumulative: v('activated_cumulative'),
        service_items: v('service_items'),
        leadership: v('leadership'),
        measures: v('measures'),
        omissions: Number(v('omissions') || 0),
        criticisms: Number(v('criticisms') || 0),
      };
    });
    clear(out, loading());
    try {
      const r = await post<AssessmentResult>('/v1/assessments:simulate', { year, units });
      clear(out, a?.result ? compareTable(r, '试算', a.result, `版${a.revision}`, '') : table(scoreColumns(), r.units));
    } catch (e) {
      const detail = e instanceof ApiError && e.details.length ? `（${e.details.map((d) => `${d.field}：${d.description}`).join('；')}）` : '';
      clear(out, notice('error', errorText(e) + detail));
    }
  };
  panel.append(
    h('div', { class: 'scroll-x' }, h('table', { class: 'grid what-if' }, h('thead', {}, h('tr', {}, h('th', {}, '单位'), fields.map(([, t]) => h('th', {}, t)))), tbody)),
    h('div', { class: 'filters' }, h('button', { type: 'button', class: 'btn btn-primary', id: 'what-if-run', onclick: () => void run() }, '试算')),
    out,
  );

  return panel;
}
