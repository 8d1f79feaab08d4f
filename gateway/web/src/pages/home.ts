// 首页: the city at a glance — this month's bulletin (coverage, activation,
// completion against plan per county) and coverage over the last year.
// A county sees its own row and place; a clerk gets the way to their work.
import { ApiError, get, query } from '../api';
import { drawChart, type ChartOption } from '../charts';
import { h, link } from '../dom';
import { cardStateNames, chinaMonth, chinaToday, chineseDate, num, pct, pctNumber, reviewStateNames } from '../format';
import type { RouteContext } from '../router';
import { hasRole, me, myCounty } from '../state';
import type { Bulletin, BulletinRow, Card, Member, ProgressSeries } from '../types';
import { errorText, exportLinks, loading, notice, pageHeader } from '../ui';

function kpi(id: string, label: string, value: string, raw: string, sub = ''): HTMLElement {
  return h(
    'div',
    { class: 'kpi', 'data-testid': `kpi-${id}`, 'data-value': raw },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, value),
    sub ? h('div', { class: 'kpi-sub' }, sub) : null,
  );
}

function figures(row: BulletinRow, scope: string): HTMLElement {
  return h(
    'section',
    { class: 'kpis', 'aria-label': `${scope}主要指标` },
    kpi('members', '实名会员', num(row.members), row.members),
    kpi('issued', '累计发卡', num(row.issued_cumulative), row.issued_cumulative, `本年发卡 ${num(row.issued_this_year)}`),
    kpi('coverage', '覆盖率', pct(row.coverage), row.coverage, `持卡会员 ${num(row.live_cards)}`),
    kpi('activated', '激活数', num(row.activated), row.activated),
    kpi('activation', '激活率', pct(row.activation_rate), row.activation_rate),
    kpi('completion', '年度计划完成率', pct(row.completion), row.completion, `年度计划 ${num(row.plan)}`),
  );
}

function completionChart(el: HTMLElement, b: Bulletin, highlight: string): void {
  // Top of the chart = first in rank.
  const rows = [...b.rows].reverse();
  // What the bars show, in rank order, for the browser test to compare.
  el.dataset.values = JSON.stringify(b.rows.map((r) => [r.name, r.completion]));
  const option: ChartOption = {
    grid: { left: 110, right: 56, top: 20, bottom: 24 },
    tooltip: { trigger: 'axis', renderMode: 'richText', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', axisLabel: { formatter: '{value}%' }, splitLine: { lineStyle: { color: '#eee' } } },
    yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { fontSize: 11 } },
    series: [
      {
        name: '年度计划完成率',
        type: 'bar',
        barMaxWidth: 14,
        data: rows.map((r) => ({
          value: pctNumber(r.completion) ?? 0,
          itemStyle: { color: r.unit_code === highlight ? '#e6a23c' : '#c0392b' },
        })),
        label: { show: true, position: 'right', formatter: (p: { value: number }) => `${p.value.toFixed(1)}%`, fontSize: 10, color: '#555' },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#2e7d32', type: 'dashed' },
          label: { formatter: '100%', color: '#2e7d32' },
          data: [{ xAxis: 100 }],
        },
      },
    ],
  };
  drawChart(el, option);
}

function progressChart(el: HTMLElement, s: ProgressSeries, county: string): void {
  const series = s.counties.find((c) => c.unit_code === county) ?? s.city;
  const months = series.points.map((p) => p.month);
  drawChart(el, {
    grid: { left: 48, right: 20, top: 36, bottom: 28 },
    legend: { top: 0, data: ['覆盖率', '激活率'] },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    xAxis: { type: 'category', data: months, boundaryGap: false },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: '覆盖率', type: 'line', data: series.points.map((p) => pctNumber(p.coverage)), color: '#c0392b', symbolSize: 6 },
      { name: '激活率', type: 'line', data: series.points.map((p) => pctNumber(p.activation_rate)), color: '#2471a3', symbolSize: 6 },
    ],
  });
}

function rankList(title: string, rows: BulletinRow[]): HTMLElement {
  return h(
    'div',
    { class: 'rank-list' },
    h('h3', {}, title),
    h(
      'ol',
      {},
      rows.map((r) =>
        h('li', {}, h('span', { class: 'rank-no' }, `第${r.rank}名`), h('span', { class: 'rank-name' }, r.name), h('span', { class: 'rank-val' }, pct(r.completion))),
      ),
    ),
  );
}

// A clerk's union: its members by review state and its cards by state,
// counted from the lists (a grassroots union may not call CountMembers).
// At most four pages of 500 each; beyond that the counts say "at least".
async function clerkCounts(): Promise<HTMLElement> {
  const count = async <T>(path: string, key: string, by: (x: T) => string) => {
    const counts = new Map<string, number>();
    let token = '';
    let pages = 0;
    do {
      const page = await get<Record<string, unknown>>(`${path}${query({ page_size: 500, page_token: token })}`);
      for (const x of (page[key] as T[] | undefined) ?? []) counts.set(by(x), (counts.get(by(x)) ?? 0) + 1);
      token = String(page.next_page_token ?? '');
      pages++;
    } while (token && pages < 4);
    return { counts, more: token !== '' };
  };
  const [members, cards] = await Promise.all([
    count<Member>('/v1/members', 'members', (m) => (m.membership_status === 'MEMBERSHIP_STATUS_ENDED' ? 'MEMBERSHIP_STATUS_ENDED' : m.review_state)),
    count<Card>('/v1/cards', 'cards', (c) => c.state),
  ]);
  const cell = (label: string, n: number, more: boolean, href: string | null, testid: string) =>
    h('div', { class: 'kpi', 'data-testid': testid, 'data-value': String(n) }, h('div', { class: 'kpi-label' }, label), h('div', { class: 'kpi-value' }, href ? link(href, `${more ? '≥' : ''}${num(n)}`) : `${more ? '≥' : ''}${num(n)}`));
  return h(
    'section',
    { class: 'panel', id: 'clerk-home' },
    h('h2', {}, '本会会员（按审核状态）'),
    h('div', { class: 'kpis' }, Object.entries(reviewStateNames).map(([state, label]) => cell(label, members.counts.get(state) ?? 0, members.more, `#/members?state=${state}`, `clerk-members-${state}`)), cell('已终止会籍', members.counts.get('MEMBERSHIP_STATUS_ENDED') ?? 0, members.more, null, 'clerk-members-ENDED')),
    h('h2', {}, '本会会员卡（按状态）'),
    cards.counts.size === 0
      ? h('p', { class: 'muted' }, '还没有会员卡')
      : h('div', { class: 'kpis' }, [...cards.counts.entries()].map(([state, n]) => cell(cardStateNames[state] ?? state, n, cards.more, null, `clerk-cards-${state}`))),
  );
}

export async function homePage({ view }: RouteContext): Promise<void> {
  const today = chinaToday();
  const county = hasRole('county_staff', 'grassroots_staff') ? myCounty() : '';
  const cityWide = hasRole('city_admin', 'assessor', 'auditor');
  view.append(
    pageHeader(
      `${chineseDate(today)} · ${cityWide ? '全市' : '本县'}概况`,
      cityWide ? exportLinks('/v1/progress-series:export', { from_month: chinaMonth(new Date(), 11), to_month: chinaMonth() }) : '',
      link('#/bulletin', '查看月通报 →', 'btn'),
    ),
  );
  const body = h('div', { class: 'home' }, loading());
  view.append(body);

  const [bulletin, progress] = await Promise.allSettled([
    get<Bulletin>(`/v1/bulletins/${today}`),
    get<ProgressSeries>(`/v1/progress-series${query({ from_month: chinaMonth(new Date(), 11), to_month: chinaMonth() })}`),
  ]);
  body.replaceChildren();

  if (bulletin.status === 'fulfilled') {
    const b = bulletin.value;
    const own = b.rows.find((r) => r.unit_code === county);
    if (own) {
      body.append(
        notice('info', `${own.name} 在全市 ${b.rows.length} 个县级工会中排名第 ${own.rank} 名（按年度计划完成率）`),
        figures(own, own.name),
      );
    } else {
      body.append(figures(b.city, '全市'));
    }
    const completion = h('div', { class: 'chart chart-tall', id: 'chart-completion', 'data-testid': 'chart-completion' });
    const sorted = [...b.rows];
    body.append(
      h(
        'div',
        { class: 'home-grid' },
        h('section', { class: 'panel' }, h('h2', {}, `各县年度计划完成率（截至${chineseDate(b.date)}）`), completion),
        h(
          'div',
          { class: 'home-side' },
          h('section', { class: 'panel' }, h('h2', {}, own ? `${own.name}覆盖率与激活率（近12个月）` : '全市覆盖率与激活率（近12个月）'), h('div', { class: 'chart', id: 'chart-progress', 'data-testid': 'chart-progress' })),
          h('section', { class: 'panel rank-panel' }, rankList('完成率前三', sorted.slice(0, 3)), rankList('完成率后三', sorted.slice(-3).reverse())),
        ),
      ),
    );
    completionChart(completion, b, county);
  } else {
    const e = bulletin.reason;
    const why =
      e instanceof ApiError && e.status === 409
        ? `本月通报暂无法生成：${e.message}（通常是本年度考核计划尚未制定或批准）`
        : errorText(e);
    body.append(notice('error', why));
    body.append(h('section', { class: 'panel' }, h('h2', {}, '覆盖率与激活率（近12个月）'), h('div', { class: 'chart', id: 'chart-progress', 'data-testid': 'chart-progress' })));
  }

  const progressEl = body.querySelector<HTMLElement>('#chart-progress');
  if (progress.status === 'fulfilled' && progressEl) progressChart(progressEl, progress.value, county);
  else if (progressEl) progressEl.replaceWith(notice('error', errorText(progress.status === 'rejected' ? progress.reason : '')));

  if (hasRole('grassroots_staff')) {
    try {
      body.prepend(await clerkCounts());
    } catch (e) {
      body.prepend(notice('error', errorText(e)));
    }
    body.prepend(
      h(
        'section',
        { class: 'panel quick' },
        h('h2', {}, `${me().display_name}，您好`),
        h('p', {}, '常用功能：'),
        h('div', { class: 'quick-links' }, link('#/members', '本会会员', 'btn'), link('#/members/new', '登记会员', 'btn'), link('#/import', '批量导入', 'btn'), link('#/batches', '发卡进度', 'btn')),
      ),
    );
  }
}
