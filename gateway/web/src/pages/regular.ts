// 平时考核: the assessors' regular items per county and year (leadership
// 0–3, measures 0–4, in half points) and the dated incidents (omissions,
// criticism notices) that count against responsiveness and supervision.
import { ApiError, get, post, put, requestId } from '../api';
import { h, clear } from '../dom';
import { chinaToday, incidentKindNames } from '../format';
import { go, type RouteContext } from '../router';
import { hasRole, myCounty } from '../state';
import type { Incident, Plan, RegularItemsEntry } from '../types';
import { FormErrors, askReason, errorText, field, loading, notice, pageHeader, table } from '../ui';

export async function regularPage({ view, query: q }: RouteContext): Promise<void> {
  const year = Number(q.get('year') ?? chinaToday().slice(0, 4));
  const yearInput = h('input', { type: 'number', name: 'year', value: year, min: 2016, max: 2100, class: 'narrow' });
  const yf = h('form', { class: 'filters' }, h('label', { class: 'inline' }, '年度 ', yearInput), h('button', { type: 'submit', class: 'btn btn-primary' }, '查看'));
  yf.addEventListener('submit', (e) => {
    e.preventDefault();
    go(`/regular?year=${yearInput.value}`);
  });
  const area = h('div', { class: 'form-notices', id: 'regular-notices' });
  const body = h('div', {}, loading());
  view.append(pageHeader('平时考核与通报', yf), area, body);

  const editor = hasRole('assessor', 'city_admin');
  const county = hasRole('county_staff', 'grassroots_staff') ? myCounty() : '';
  let plan: Plan;
  try {
    plan = await get<Plan>(`/v1/plans/${year}`);
  } catch (e) {
    clear(body, notice('error', e instanceof ApiError && e.status === 404 ? `${year}年度还没有批准的计划，无法录入平时考核` : errorText(e)));
    return;
  }
  const units = county ? plan.units.filter((u) => u.unit_code === county) : plan.units;
  const nameOf = new Map(plan.units.map((u) => [u.unit_code, u.name]));
  const itemsPanel = h('section', { class: 'panel', id: 'regular-items' });
  const incidentsPanel = h('section', { class: 'panel', id: 'incidents' });
  clear(body, itemsPanel, incidentsPanel);

  const drawItems = async () => {
    const r = await get<{ entries: RegularItemsEntry[] }>(`/v1/regular-items/${year}`);
    const byUnit = new Map((r.entries ?? []).map((e) => [e.unit_code, e]));
    const missing = units.filter((u) => !byUnit.has(u.unit_code)).length;
    clear(
      itemsPanel,
      h('h2', {}, `${year}年平时考核项目`),
      h('p', { class: 'hint' }, `组织领导 0–3 分、工作措施 0–4 分，以 0.5 分为单位；漏项和点名通报批评按下方登记的次数自动计入。${editor && missing ? `尚有 ${missing} 个单位未录入，年度考核计算前须全部录入。` : ''}`),
      table(
        [
          { title: '单位', cell: (u: (typeof units)[number]) => u.name },
          {
            title: '组织领导（0–3）',
            cell: (u) => {
              const e = byUnit.get(u.unit_code);
              if (!editor) return e?.leadership ?? '-';
              return h('input', { type: 'number', min: 0, max: 3, step: 0.5, name: 'leadership', value: e?.leadership ?? '', class: 'narrow', 'data-unit': u.unit_code, 'aria-label': `${u.name} 组织领导` });
            },
          },
          {
            title: '工作措施（0–4）',
            cell: (u) => {
              const e = byUnit.get(u.unit_code);
              if (!editor) return e?.measures ?? '-';
              return h('input', { type: 'number', min: 0, max: 4, step: 0.5, name: 'measures', value: e?.measures ?? '', class: 'narrow', 'data-unit': u.unit_code, 'aria-label': `${u.name} 工作措施` });
            },
          },
          { title: '漏项', cell: (u) => String(byUnit.get(u.unit_code)?.omissions ?? 0), numeric: true },
          { title: '点名批评', cell: (u) => String(byUnit.get(u.unit_code)?.criticisms ?? 0), numeric: true },
          { title: '录入人', cell: (u) => byUnit.get(u.unit_code)?.updated_by ?? h('span', { class: 'warn' }, '未录入') },
          ...(editor
            ? [
                {
                  title: '',
                  cell: (u: (typeof units)[number]) =>
                    h('button', {
                      type: 'button',
                      class: 'btn btn-small',
                      'data-save': u.unit_code,
                      onclick: (ev: Event) => void saveRow(u.unit_code, (ev.target as HTMLElement).closest('tr') as HTMLElement),
                    }, '保存'),
                },
              ]
            : []),
        ],
        units,
      ),
    );
  };

  const saveRow = async (unit: string, tr: HTMLElement) => {
    const leadership = tr.querySelector<HTMLInputElement>('input[name=leadership]')?.value ?? '';
    const measures = tr.querySelector<HTMLInputElement>('input[name=measures]')?.value ?? '';
    try {
      await put<RegularItemsEntry>(`/v1/regular-items/${year}/${encodeURIComponent(unit)}`, { leadership, measures });
      clear(area, notice('ok', `已保存 ${nameOf.get(unit) ?? unit} 的平时考核项目`));
      await drawItems();
    } catch (e) {
      const detail = e instanceof ApiError && e.details.length ? e.details.map((d) => `${d.field}：${d.description}`).join('；') : '';
      clear(area, notice('error', `${nameOf.get(unit) ?? unit}：${errorText(e)}${detail ? `（${detail}）` : ''}`));
    }
  };

  const drawIncidents = async () => {
    const r = await get<{ incidents: Incident[] }>(`/v1/incidents?year=${year}${county ? `&unit_code=${encodeURIComponent(county)}` : ''}`);
    const list = (r.incidents ?? []).filter((i) => !county || i.unit_code === county);
    clear(
      incidentsPanel,
      h('h2', {}, `${year}年漏项与点名通报批评`),
      editor ? incidentForm() : null,
      table<Incident>(
        [
          { title: '日期', cell: (i) => i.date },
          { title: '单位', cell: (i) => nameOf.get(i.unit_code) ?? i.unit_code },
          { title: '类别', cell: (i) => incidentKindNames[i.kind] ?? i.kind },
          { title: '说明', cell: (i) => i.note },
          { title: '登记人', cell: (i) => i.entered_by },
          { title: '状态', cell: (i) => (i.withdrawn ? `已撤销：${i.withdrawn_reason}` : '计入') },
          ...(editor
            ? [
                {
                  title: '',
                  cell: (i: Incident) =>
                    i.withdrawn ? '' : h('button', { type: 'button', class: 'btn btn-small btn-danger', onclick: () => void withdraw(i) }, '撤销'),
                },
              ]
            : []),
        ],
        list,
        '本年度没有登记',
      ),
    );
  };

  const withdraw = async (i: Incident) => {
    const reason = await askReason('撤销登记', `撤销 ${i.date} ${nameOf.get(i.unit_code) ?? i.unit_code} 的“${incidentKindNames[i.kind] ?? i.kind}”？记录会保留，但不再计分。`, '撤销原因', '撤销');
    if (reason === null) return;
    try {
      await post<Incident>(`/v1/incidents/${i.id}:withdraw`, { reason });
      clear(area, notice('ok', '已撤销'));
      await Promise.all([drawIncidents(), drawItems()]);
    } catch (e) {
      clear(area, notice('error', errorText(e)));
    }
  };

  const incidentForm = (): HTMLElement => {
    const unit = h('select', { name: 'unit_code' }, h('option', { value: '' }, '请选择单位'), plan.units.map((u) => h('option', { value: u.unit_code }, u.name)));
    const kind = h('select', { name: 'kind' }, Object.entries(incidentKindNames).map(([v, t]) => h('option', { value: v }, t)));
    const date = h('input', { type: 'date', name: 'date', value: chinaToday(), max: chinaToday() });
    const note = h('input', { name: 'note', maxlength: 500, placeholder: '事由（必填）' });
    const notes = h('div', { class: 'form-notices' });
    const form = h('form', { class: 'filters', id: 'incident-form', novalidate: true }, field('单位', unit), field('类别', kind), field('日期', date), field('事由', note), h('button', { type: 'submit', class: 'btn btn-primary' }, '登记'), notes);
    const errors = new FormErrors(form, notes);
    let rid = requestId();
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.clear();
      if (!unit.value) return void errors.set('unit_code', '请选择单位');
      if (!note.value.trim()) return void errors.set('note', '请写明事由');
      try {
        await post<Incident>('/v1/incidents', { request_id: rid, unit_code: unit.value, kind: kind.value, date: date.value, note: note.value.trim() });
        rid = requestId();
        clear(area, notice('ok', '已登记'));
        await Promise.all([drawIncidents(), drawItems()]);
      } catch (err) {
        errors.show(err);
      }
    });
    return form;
  };

  await drawItems();
  await drawIncidents();
}
