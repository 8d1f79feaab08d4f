// 季度排队: the ranking at a quarter's end by completion of the year's
// plan, with its points (7 for first, 0.5 less a place). A county sees
// only its own row and its place.
import { get } from '../api';
import { drawChart } from '../charts';
import { h, clear } from '../dom';
import { chinaToday, num, pct } from '../format';
import { go, type RouteContext } from '../router';
import { hasRole, myCounty } from '../state';
import type { QuarterRanking, RankedUnit } from '../types';
import { errorText, exportLinks, loading, notice, pageHeader, table } from '../ui';

// The last quarter that has ended, in China.
export function lastEndedQuarter(today = chinaToday()): { year: number; quarter: number } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const q = Math.floor((m - 1) / 3); // quarters fully behind us this year
  return q === 0 ? { year: y - 1, quarter: 4 } : { year: y, quarter: q };
}

export async function rankingPage({ view, query: q }: RouteContext): Promise<void> {
  const last = lastEndedQuarter();
  const year = Number(q.get('year') ?? last.year);
  const quarter = Number(q.get('quarter') ?? last.quarter);
  const yearInput = h('input', { type: 'number', name: 'year', value: year, min: 2016, max: 2100, class: 'narrow' });
  const quarterSelect = h('select', { name: 'quarter' }, [1, 2, 3, 4].map((n) => h('option', { value: n, selected: n === quarter }, `第${n}季度`)));
  const form = h('form', { class: 'filters', id: 'ranking-form' }, yearInput, quarterSelect, h('button', { type: 'submit', class: 'btn btn-primary' }, '查询'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(`/ranking?year=${yearInput.value}&quarter=${quarterSelect.value}`);
  });
  view.append(pageHeader('季度排队', hasRole('city_admin', 'assessor', 'auditor') ? exportLinks(`/v1/rankings/${year}/${quarter}:export`) : ''), form);
  const body = h('div', {}, loading());
  view.append(body);
  let r: QuarterRanking;
  try {
    r = await get<QuarterRanking>(`/v1/rankings/${year}/${quarter}`);
  } catch (e) {
    clear(body, notice('error', errorText(e)));
    return;
  }
  const county = hasRole('county_staff', 'grassroots_staff') ? myCounty() : '';
  const rows = county ? r.units.filter((u) => u.unit_code === county) : r.units;
  const columns = [
    { title: '名次', cell: (u: RankedUnit) => `第${u.rank}名`, numeric: true },
    { title: '单位', cell: (u: RankedUnit) => u.name },
    { title: '截至季末发卡', cell: (u: RankedUnit) => num(u.issued), numeric: true },
    { title: '年度计划', cell: (u: RankedUnit) => num(u.plan), numeric: true },
    { title: '完成率', cell: (u: RankedUnit) => pct(u.completion), numeric: true },
    { title: '得分', cell: (u: RankedUnit) => h('strong', {}, u.points), numeric: true },
  ];
  const grid = table<RankedUnit>(columns, rows, '没有排队数据');
  grid.id = 'ranking-table';
  const own = rows[0];
  clear(
    body,
    h('p', { class: 'muted' }, `${r.year}年第${r.quarter}季度（截至${r.quarter_end}）· 按年度计划完成率排队，第一名 7 分，每低一名减 0.5 分，并列同分`),
    county && own ? notice('info', `${own.name}本季度排第 ${own.rank} 名，得 ${own.points} 分`) : null,
    grid,
  );
  if (!county && rows.length > 0) {
    const chart = h('div', { class: 'chart chart-ranking', id: 'chart-ranking', 'data-testid': 'chart-ranking' });
    chart.dataset.values = JSON.stringify(rows.map((u) => [u.name, u.points]));
    body.prepend(h('section', { class: 'panel' }, h('h2', {}, '各县得分'), chart));
    const ordered = [...rows].reverse();
    drawChart(chart, {
      grid: { left: 110, right: 40, top: 10, bottom: 24 },
      tooltip: { trigger: 'axis', renderMode: 'richText', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', max: 7 },
      yAxis: { type: 'category', data: ordered.map((u) => u.name), axisLabel: { fontSize: 11 } },
      series: [
        {
          name: '得分',
          type: 'bar',
          barMaxWidth: 12,
          data: ordered.map((u) => Number(u.points)),
          color: '#c0392b',
          label: { show: true, position: 'right', fontSize: 10, color: '#555' },
        },
      ],
    });
  }
}
