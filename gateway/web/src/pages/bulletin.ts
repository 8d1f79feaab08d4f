// 月通报: every county's progress on a date, in the seed's columns,
// sortable by any column, with the city's sums last.
import { ApiError, get } from '../api';
import { h, clear } from '../dom';
import { chinaToday, chineseDate, num, pct } from '../format';
import { go, type RouteContext } from '../router';
import type { Bulletin, BulletinRow } from '../types';
import { errorText, exportLinks, loading, notice, pageHeader } from '../ui';
import { hasRole } from '../state';

interface Column {
  title: string;
  value: (r: BulletinRow) => number | string;
  show: (r: BulletinRow) => string;
}

const asNumber = (s: string) => (s === '-' || s === '' ? -1 : Number(s));

const columns: Column[] = [
  { title: '排名', value: (r) => r.rank, show: (r) => String(r.rank) },
  { title: '单位', value: (r) => r.name, show: (r) => r.name },
  { title: '实名会员', value: (r) => asNumber(r.members), show: (r) => num(r.members) },
  { title: '年度计划', value: (r) => asNumber(r.plan), show: (r) => num(r.plan) },
  { title: '本年发卡', value: (r) => asNumber(r.issued_this_year), show: (r) => num(r.issued_this_year) },
  { title: '完成率%', value: (r) => asNumber(r.completion), show: (r) => pct(r.completion) },
  { title: '累计发卡', value: (r) => asNumber(r.issued_cumulative), show: (r) => num(r.issued_cumulative) },
  { title: '覆盖率%', value: (r) => asNumber(r.coverage), show: (r) => pct(r.coverage) },
  { title: '激活数', value: (r) => asNumber(r.activated), show: (r) => num(r.activated) },
  { title: '激活率%', value: (r) => asNumber(r.activation_rate), show: (r) => pct(r.activation_rate) },
];

function csvOf(b: Bulletin): string {
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const line = (r: BulletinRow, rank: string) =>
    [rank, r.name, r.members, r.plan, r.issued_this_year, r.completion, r.issued_cumulative, r.coverage, r.activated, r.activation_rate].map(cell).join(',');
  return ['\ufeff' + columns.map((c) => c.title).join(','), ...b.rows.map((r) => line(r, String(r.rank))), line({ ...b.city, name: '合计' }, '')].join('\r\n') + '\r\n';
}

export async function bulletinPage({ view, query }: RouteContext): Promise<void> {
  const date = query.get('date') ?? chinaToday();
  const picker = h('input', { type: 'date', name: 'date', value: date, max: chinaToday(), 'aria-label': '通报日期' });
  picker.addEventListener('change', () => picker.value && go(`/bulletin?date=${picker.value}`));
  const download = h('button', { type: 'button', class: 'btn', disabled: true }, '导出 CSV');
  // The gateway's exports hold every county: offered to city-level roles only.
  const cityWide = hasRole('city_admin', 'assessor', 'auditor');
  // The city downloads the gateway's workbook; others export the rows they see.
  view.append(pageHeader('月通报', h('label', { class: 'inline' }, '截至 ', picker), cityWide ? exportLinks(`/v1/bulletins/${date}:export`) : download));
  const body = h('div', {}, loading());
  view.append(body);

  let b: Bulletin;
  try {
    b = await get<Bulletin>(`/v1/bulletins/${date}`);
  } catch (e) {
    const text = e instanceof ApiError && e.status === 409 ? `${chineseDate(date)}的通报无法生成：${e.message}（该年度尚无批准的考核计划时会出现此提示，请选择其他日期）` : errorText(e);
    clear(body, notice('error', text));
    return;
  }
  download.disabled = false;
  download.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([csvOf(b)], { type: 'text/csv;charset=utf-8' }));
    const a = h('a', { href: url, download: `月通报-${b.date}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });

  let sortBy = 0;
  let ascending = true;
  const tbody = h('tbody', {});
  const headRow = h('tr', {});
  const drawRows = () => {
    const col = columns[sortBy] as Column;
    const rows = [...b.rows].sort((x, y) => {
      const a = col.value(x);
      const c = col.value(y);
      const d = typeof a === 'number' && typeof c === 'number' ? a - c : String(a).localeCompare(String(c), 'zh-CN');
      return ascending ? d : -d;
    });
    clear(tbody, rows.map((r) => h('tr', { 'data-unit': r.unit_code }, columns.map((c, i) => h('td', { class: i >= 2 ? 'num' : undefined }, c.show(r))))));
    clear(
      headRow,
      columns.map((c, i) =>
        h(
          'th',
          { class: `sortable${i >= 2 ? ' num' : ''}`, 'aria-sort': i === sortBy ? (ascending ? 'ascending' : 'descending') : 'none' },
          h(
            'button',
            {
              type: 'button',
              onclick: () => {
                ascending = sortBy === i ? !ascending : i < 2;
                sortBy = i;
                drawRows();
              },
            },
            c.title,
            i === sortBy ? (ascending ? ' ▲' : ' ▼') : '',
          ),
        ),
      ),
    );
  };
  drawRows();
  clear(
    body,
    h('p', { class: 'muted' }, `沧州市工会会员卡工作月通报 · 截至${chineseDate(b.date)} · 共 ${b.rows.length} 个县级工会 · 点击列名排序`),
    h(
      'table',
      { class: 'grid bulletin', id: 'bulletin-table' },
      h('thead', {}, headRow),
      tbody,
      h('tfoot', {}, h('tr', {}, columns.map((c, i) => h('td', { class: i >= 2 ? 'num' : undefined }, i === 0 ? '' : i === 1 ? '合计' : c.show(b.city))))),
    ),
  );
}
