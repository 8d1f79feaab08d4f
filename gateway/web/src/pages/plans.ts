// 考核计划: the approved plan of a year; the city generates a new period's
// plan from coverage targets, edits a unit's figure while in draft, and
// another person (city admin or assessor, never its maker) approves it.
import { ApiError, get, post, put, requestId } from '../api';
import { h, clear, link } from '../dom';
import { chinaToday, num } from '../format';
import { go, type RouteContext } from '../router';
import { hasRole, me, myCounty } from '../state';
import type { GeneratedPlan, Plan, PlanUnit } from '../types';
import { FormErrors, confirmAction, errorText, exportLinks, field, loading, notice, pageHeader, table } from '../ui';

export async function plansPage({ view, query: q }: RouteContext): Promise<void> {
  const year = Number(q.get('year') ?? chinaToday().slice(0, 4));
  const yearInput = h('input', { type: 'number', name: 'year', value: year, min: 2016, max: 2100, class: 'narrow' });
  const form = h('form', { class: 'filters' }, h('label', { class: 'inline' }, '年度 ', yearInput), h('button', { type: 'submit', class: 'btn btn-primary' }, '查看'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(`/plans?year=${yearInput.value}`);
  });
  const openId = h('input', { name: 'plan_id', placeholder: '方案编号', class: 'narrow', inputmode: 'numeric' });
  const openForm = h('form', { class: 'filters' }, openId, h('button', { type: 'submit', class: 'btn' }, '打开生成的方案'));
  openForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (openId.value.trim()) go(`/plans/generated/${encodeURIComponent(openId.value.trim())}`);
  });
  view.append(pageHeader('考核计划', form, hasRole('city_admin', 'assessor') ? openForm : '', hasRole('city_admin', 'assessor', 'auditor') ? exportLinks(`/v1/plans/${year}:export`) : ''));
  const body = h('div', {}, loading());
  view.append(body);

  if (hasRole('city_admin')) view.append(generateForm());

  try {
    const p = await get<Plan>(`/v1/plans/${year}`);
    const county = hasRole('county_staff', 'grassroots_staff') ? myCounty() : '';
    const units = county ? p.units.filter((u) => u.unit_code === county) : p.units;
    clear(
      body,
      h('p', { class: 'muted' }, `${p.year}年度发卡计划${county ? '' : `，全市合计 ${num(p.total)} 张`}`),
      table<PlanUnit>(
        [
          { title: '单位', cell: (u) => u.name },
          { title: '实名会员基数', cell: (u) => num(u.members_base), numeric: true },
          { title: '本年计划', cell: (u) => num(u.plan), numeric: true },
          { title: '累计目标', cell: (u) => num(u.cumulative_target), numeric: true },
        ],
        units,
      ),
    );
  } catch (e) {
    clear(body, notice('error', e instanceof ApiError && e.status === 404 ? `${year}年度还没有批准的计划` : errorText(e)));
  }
}

function generateForm(): HTMLElement {
  const firstYear = h('input', { type: 'number', name: 'first_year', value: Number(chinaToday().slice(0, 4)) + 1, min: 2016, max: 2100 });
  const targets = h('input', { name: 'coverage_targets', value: '40,70,90', placeholder: '如 40,70,90' });
  const area = h('div', { class: 'form-notices' });
  const form = h(
    'form',
    { class: 'form-grid', id: 'plan-generate', novalidate: true },
    field('起始年度', firstYear),
    field('各年累计覆盖率目标（%，逗号分隔，逐年上升）', targets),
    h('div', { class: 'form-actions' }, area, h('button', { type: 'submit', class: 'btn btn-primary' }, '生成计划草案')),
  );
  const errors = new FormErrors(form, area);
  const rid = requestId();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    const list = targets.value.split(/[,，\s]+/).filter(Boolean);
    if (list.length === 0) return void errors.set('coverage_targets', '请填写至少一个年度的目标');
    try {
      const plan = await post<GeneratedPlan>('/v1/generated-plans', { request_id: rid, first_year: Number(firstYear.value), coverage_targets: list });
      go(`/plans/generated/${plan.plan_id}`);
    } catch (err) {
      errors.show(err);
    }
  });
  return h('section', { class: 'panel' }, h('h2', {}, '按覆盖率目标生成新一期计划'), h('p', { class: 'hint' }, '按今天的实名会员数，以整百分配到各县；生成后可逐县调整，须由另一人（市总或考核人员）批准后生效。'), form);
}

export async function generatedPlanPage({ view, params }: RouteContext): Promise<void> {
  const id = params.id ?? '';
  let plan = await get<GeneratedPlan>(`/v1/generated-plans/${encodeURIComponent(id)}`);
  const area = h('div', { class: 'form-notices', id: 'plan-notices' });
  const body = h('div', {});
  view.append(pageHeader(`生成的计划 #${id}`, exportLinks(`/v1/generated-plans/${encodeURIComponent(id)}:export`), link('#/plans', '← 考核计划', 'btn')), area, body);

  const draw = () => {
    const draft = plan.state === 'PLAN_STATE_DRAFT';
    const editable = draft && hasRole('city_admin');
    const canApprove = draft && hasRole('city_admin', 'assessor') && plan.created_by !== me().username;
    clear(
      body,
      h(
        'p',
        {},
        h('span', { class: `tag tag-${plan.state}` }, draft ? '草案' : '已批准'),
        ` 制定：${plan.created_by}`,
        plan.approved_by ? ` · 批准：${plan.approved_by}` : '',
        draft && plan.created_by === me().username ? ' · 须由另一位市总管理员或考核人员批准' : '',
      ),
      canApprove
        ? h('button', { type: 'button', class: 'btn btn-primary', id: 'plan-approve', onclick: approve }, '批准此计划')
        : null,
      plan.years.map((y) =>
        h(
          'section',
          { class: 'panel' },
          h('h2', {}, `${y.year}年 · 累计覆盖率目标 ${y.coverage_target}% · 合计 ${num(y.total)} 张`),
          table<PlanUnit>(
            [
              { title: '单位', cell: (u) => u.name },
              { title: '会员基数', cell: (u) => num(u.members_base), numeric: true },
              {
                title: '本年计划',
                numeric: true,
                cell: (u) => {
                  if (!editable) return h('span', { class: u.plan === '0' ? 'warn' : undefined }, num(u.plan));
                  const input = h('input', { type: 'number', min: 1, step: 100, value: u.plan, class: 'narrow', name: 'plan', 'aria-label': `${u.name} ${y.year}年计划` });
                  input.addEventListener('change', () => void save(y.year, u, input));
                  return input;
                },
              },
              { title: '累计目标', cell: (u) => num(u.cumulative_target), numeric: true },
            ],
            y.units,
          ),
        ),
      ),
    );
  };

  const save = async (year: number, u: PlanUnit, input: HTMLInputElement) => {
    try {
      plan = await put<GeneratedPlan>(`/v1/generated-plans/${id}/units/${year}/${encodeURIComponent(u.unit_code)}`, { plan: input.value });
      clear(area, notice('ok', `已将${u.name} ${year}年计划改为 ${num(input.value)} 张`));
      draw();
    } catch (e) {
      clear(area, notice('error', `${u.name}：${errorText(e)}`));
      input.classList.add('invalid');
    }
  };

  const approve = async () => {
    if (!(await confirmAction('批准计划', '批准后计划冻结，各县的月通报和年度考核都将按此计划计算，不能再修改。确定批准吗？', '批准'))) return;
    try {
      plan = await post<GeneratedPlan>(`/v1/generated-plans/${id}:approve`, {});
      clear(area, notice('ok', '计划已批准'));
      draw();
    } catch (e) {
      clear(area, notice('error', errorText(e)));
    }
  };
  draw();
}
