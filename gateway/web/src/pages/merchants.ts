// 商户管理: contracts (list, sign, detail, activate / suspend / resume /
// exit with a reason), offers, service items per county, and the daily
// evaluation's standing (featured / warning / exit proposed) with its
// figures. merchant-svc decides who may do what; the page only hides what
// a role cannot press.
import { get, post, query, requestId } from '../api';
import { h, clear, link } from '../dom';
import {
  categoryNames,
  chinaMonth,
  chinaToday,
  dateTime,
  merchantStateNames,
  num,
  offerKindNames,
  serviceItemKindNames,
  standingNames,
  yuan,
} from '../format';
import { childUnits, unitName, unitSelect } from '../orgs';
import { go, type RouteContext } from '../router';
import { hasRole, me, myCounty } from '../state';
import type { EvaluationReport, Merchant, MerchantEvaluation, MerchantUsage, Offer, OrgUnit, ServiceItemCount } from '../types';
import { FormErrors, askReason, confirmAction, errorText, facts, field, loading, notice, pageHeader, table } from '../ui';

const managers = () => hasRole('city_admin', 'county_staff');

// <option>s of [value, text] pairs, `selected` chosen.
function options(pairs: [string, string][], selected = ''): HTMLOptionElement[] {
  return pairs.map(([v, t]) => h('option', { value: v, selected: v === selected }, t));
}

// Units still open, as [id, name]: a closed county takes no new contracts.
function openUnits(units: OrgUnit[]): [string, string][] {
  return units.filter((u) => !u.closed).map((u) => [u.id, u.name]);
}

function categorySelect(name: string, selected = '', allText = ''): HTMLSelectElement {
  return h('select', { name }, allText ? h('option', { value: '' }, allText) : null, options(Object.entries(categoryNames), selected));
}

// Who a contract or service item belongs to: the city admin picks the city
// (`cityText`) or a county; anyone else only has `own`.
function ownerSelect(name: string, cityText: string, counties: [string, string][], selected: string, own: string): HTMLSelectElement {
  const choices: [string, string][] = hasRole('city_admin') ? [['city', cityText], ...counties] : [[own, unitName(own)]];
  return h('select', { name }, options(choices, selected));
}

// A section filled in once its request answers.
function loadingPanel(id: string, title: string): HTMLElement {
  return h('section', { class: 'panel', id }, h('h2', {}, title), loading());
}

// A figure and its label; data-value keeps the raw number for the tests.
function kpi(testId: string, label: string, value: string | number, cls = 'kpi'): HTMLElement {
  return h('div', { class: cls, 'data-testid': testId, 'data-value': value }, h('div', { class: 'kpi-label' }, label), h('div', { class: 'kpi-value' }, num(value)));
}

// Marks `name`'s field with `text`; false, so a check can return it.
function refuse(errors: FormErrors, name: string, text: string): false {
  errors.set(name, text);
  return false;
}

interface FormSpec {
  id: string;
  fields: HTMLElement[];
  submitText: string;
  area: HTMLElement;
  // Runs before sending: false (a refusal or a cancelled question) stops.
  check: (errors: FormErrors) => boolean | Promise<boolean>;
  send: (form: HTMLFormElement) => Promise<void>;
}

// The page's three forms (sign, offer, service item) work alike: fields in
// a grid, the button, the notices; the server's refusals go beside their
// fields, and the button is off while sending so a double click sends once.
function gridForm({ id, fields, submitText, area, check, send }: FormSpec): HTMLFormElement {
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, submitText);
  const form = h('form', { class: 'form-grid', id, novalidate: true }, fields, h('div', { class: 'form-actions' }, submit), area);
  const errors = new FormErrors(form, area);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    if (!(await check(errors))) return;
    submit.disabled = true;
    try {
      await send(form);
    } catch (err) {
      errors.show(err);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function standingTag(s: string): HTMLElement {
  return h('span', { class: `tag tag-${s}`, 'data-standing': s }, standingNames[s] ?? s);
}

function stateTag(s: string): HTMLElement {
  return h('span', { class: `tag tag-${s}`, 'data-state': s }, merchantStateNames[s] ?? s);
}

// The owners the signed-in account may choose: a county (own county for
// county staff) or the city itself.
async function ownerChoices(): Promise<HTMLSelectElement> {
  const counties = hasRole('city_admin') ? openUnits(await childUnits('city')) : [];
  return ownerSelect('merchant.owner_org_id', '市总工会', counties, '', myCounty());
}

// The county filter of the lists: the city chooses, a county is fixed.
async function scopeFilter(selected: string, onChange: (v: string) => void): Promise<HTMLElement | null> {
  if (!hasRole('city_admin', 'assessor', 'auditor')) return null;
  const counties = await childUnits('city');
  const sel = unitSelect('org_id', counties, selected, '全市（含各县）');
  sel.setAttribute('aria-label', '范围');
  sel.addEventListener('change', () => onChange(sel.value));
  return sel;
}

function signForm(owner: HTMLSelectElement): HTMLElement {
  const name = h('input', { name: 'merchant.name', maxlength: 200 });
  const licence = h('input', { name: 'merchant.licence_number', maxlength: 64, placeholder: '统一社会信用代码' });
  const category = categorySelect('merchant.category', 'CATEGORY_FOOD');
  const locations = h('textarea', { name: 'merchant.locations', rows: 2, placeholder: '每行一个门店地址' });
  const contact = h('input', { name: 'merchant.contact', maxlength: 200, placeholder: '联系人及电话' });
  const bankIds = h('input', { name: 'merchant.bank_merchant_ids', placeholder: '银行商户号，多个用逗号分隔' });
  const from = h('input', { name: 'merchant.contract_from', type: 'date', value: chinaToday() });
  const to = h('input', { name: 'merchant.contract_to', type: 'date' });
  const terms = h('textarea', { name: 'merchant.terms', rows: 2, placeholder: '合作条款（优惠方式、结算等）' });
  return gridForm({
    id: 'merchant-form',
    fields: [
      field('商户名称', name),
      field('营业执照号', licence),
      field('类别', category),
      field('签约单位', owner),
      field('合同开始', from),
      field('合同结束', to),
      field('联系方式', contact),
      field('银行商户号', bankIds),
      field('门店地址', locations),
      field('合作条款', terms),
    ],
    submitText: '签约',
    area: h('div', { class: 'form-notices' }),
    check: async (errors) => {
      if (!name.value.trim()) return refuse(errors, 'merchant.name', '请填写商户名称');
      if (!licence.value.trim()) return refuse(errors, 'merchant.licence_number', '请填写营业执照号');
      if (!to.value) return refuse(errors, 'merchant.contract_to', '请选择合同结束日期');
      return confirmAction('签约商户', `确定与“${name.value.trim()}”签约（${unitName(owner.value)}，${from.value} 至 ${to.value}）吗？`, '签约');
    },
    send: async () => {
      const m = await post<Merchant>('/v1/merchants', {
        request_id: requestId(),
        merchant: {
          owner_org_id: owner.value,
          name: name.value.trim(),
          licence_number: licence.value.trim(),
          category: category.value,
          locations: locations.value.split('\n').map((s) => s.trim()).filter(Boolean),
          contact: contact.value.trim(),
          bank_merchant_ids: bankIds.value.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean),
          contract_from: from.value,
          contract_to: to.value,
          terms: terms.value.trim(),
        },
      });
      go(`/merchants/${m.id}?done=signed`);
    },
  });
}

// merchant-svc states its figures in English ("12 ratings in 90 days, mean
// 2.50; below 3 for 31 days since the warning of 2026-10-01"): shown in
// Chinese, the original kept in the cell's title.
export function reasonText(reason: string): string {
  if (!reason) return '-';
  return reason
    .replace(/(\d+) ratings in (\d+) days, mean (-|[\d.]+)/, (_, n, d, m) => `近 ${d} 天 ${n} 条评价，平均 ${m === '-' ? '-' : `${m} 星`}`)
    .replace(/; below ([\d.]+) for (\d+) days since the warning of (\d{4}-\d{2}-\d{2})/, (_, t, d, s) => `；低于 ${t} 星，自 ${s} 预警起已 ${d} 天`)
    .replace(/; below ([\d.]+)/, (_, t) => `；低于 ${t} 星`)
    .replace('; featured for joint promotions', '；列为联合推广商户');
}

function evaluationTable(report: EvaluationReport): HTMLElement {
  const rows = report.merchants ?? [];
  const count = (s: string) => rows.filter((r) => r.standing === s).length;
  const grid = table<MerchantEvaluation>(
    [
      { title: '商户', cell: (r) => link(`#/merchants/${r.merchant_id}`, r.merchant_name) },
      { title: '签约单位', cell: (r) => unitName(r.owner_org_id) },
      { title: '评价结果', cell: (r) => h('span', {}, standingTag(r.standing), r.changed ? h('span', { class: 'tag' }, '今日变化') : '') },
      { title: '评价数', cell: (r) => num(r.ratings), numeric: true },
      { title: '平均星级', cell: (r) => (r.mean_stars === '-' ? '-' : `${r.mean_stars} ★`), numeric: true },
      { title: '预警起始', cell: (r) => r.warning_since || '-' },
      { title: '依据', cell: (r) => h('span', { class: 'detail', title: r.reason, 'data-reason': r.reason }, reasonText(r.reason)) },
    ],
    rows,
    '尚无评价结果（每日自动评价；市总可立即运行）',
  );
  grid.id = 'evaluation-table';
  for (const [i, r] of rows.entries()) grid.tBodies[0]?.rows[i]?.classList.add(`standing-${r.standing}`);
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'kpis kpis-3' },
      (
        [
          ['STANDING_FEATURED', '推荐（联合推广）'],
          ['STANDING_WARNING', '预警'],
          ['STANDING_EXIT_PROPOSED', '建议退出'],
        ] as const
      ).map(([s, t]) => kpi(`standing-${s}`, t, count(s), `kpi kpi-${s}`)),
    ),
    h('p', { class: 'muted' }, `评价日期：${report.date || '-'} · 依据近期会员评价（星级、条数）按市总规则评定；“建议退出”须由工作人员确认后方退出`),
    grid,
  );
}

export async function merchantsPage({ view, query: q }: RouteContext): Promise<void> {
  const orgId = q.get('org_id') ?? (hasRole('city_admin', 'assessor', 'auditor') ? 'city' : myCounty());
  const state = q.get('state') ?? '';
  const token = q.get('token') ?? '';
  const scope = await scopeFilter(orgId === 'city' ? '' : orgId, (v) => go(`/merchants${query({ org_id: v || 'city', state })}`));
  const stateSel = h(
    'select',
    { name: 'state', 'aria-label': '合同状态' },
    h('option', { value: '' }, '全部状态'),
    options(Object.entries(merchantStateNames), state),
  );
  stateSel.addEventListener('change', () => go(`/merchants${query({ org_id: orgId, state: stateSel.value })}`));
  view.append(pageHeader('商户管理', scope ?? '', stateSel, link('#/offers', '优惠与服务项目 →', 'btn')));

  const evalPanel = loadingPanel('evaluation', '商户评价（推荐 / 预警 / 建议退出）');
  const listPanel = loadingPanel('merchant-list', '签约商户');
  view.append(listPanel, evalPanel);
  if (managers()) {
    const panel = h('section', { class: 'panel' }, h('h2', {}, '签约新商户'));
    view.append(panel);
    panel.append(signForm(await ownerChoices()));
  }

  const [list, report] = await Promise.allSettled([
    get<{ merchants: Merchant[]; next_page_token: string }>(`/v1/merchants${query({ org_id: orgId, state, page_size: 20, page_token: token })}`),
    get<EvaluationReport>(`/v1/merchant-evaluations${query({ org_id: orgId })}`),
  ]);
  if (list.status === 'fulfilled') {
    const ms = list.value.merchants ?? [];
    const grid = table<Merchant>(
      [
        { title: '商户', cell: (m) => link(`#/merchants/${m.id}`, m.name) },
        { title: '类别', cell: (m) => categoryNames[m.category] ?? m.category },
        { title: '签约单位', cell: (m) => (m.owner_org_id === 'city' ? '市总工会' : unitName(m.owner_org_id)) },
        { title: '合同期', cell: (m) => `${m.contract_from} 至 ${m.contract_to}` },
        { title: '状态', cell: (m) => stateTag(m.state) },
        { title: '评价', cell: (m) => standingTag(m.standing) },
      ],
      ms,
      '没有签约商户',
    );
    grid.id = 'merchants-table';
    clear(
      listPanel,
      h('h2', {}, '签约商户'),
      grid,
      h(
        'div',
        { class: 'pager' },
        token ? link(`#/merchants${query({ org_id: orgId, state })}`, '← 第一页', 'btn') : null,
        list.value.next_page_token ? link(`#/merchants${query({ org_id: orgId, state, token: list.value.next_page_token })}`, '下一页 →', 'btn') : null,
      ),
    );
  } else {
    clear(listPanel, h('h2', {}, '签约商户'), notice('error', errorText(list.reason)));
  }
  const runButton = hasRole('city_admin')
    ? h(
        'button',
        {
          type: 'button',
          class: 'btn',
          id: 'run-evaluation',
          onclick: async (e: Event) => {
            const b = e.currentTarget as HTMLButtonElement;
            if (!(await confirmAction('运行评价', `按今天（${chinaToday()}）的会员评价重新评定所有合作商户吗？`, '运行'))) return;
            b.disabled = true;
            try {
              await post<EvaluationReport>('/v1/merchant-evaluations', { date: chinaToday() });
              go(`/merchants${query({ org_id: orgId, state, r: Date.now() % 100000 })}`);
            } catch (err) {
              evalPanel.append(notice('error', errorText(err)));
              b.disabled = false;
            }
          },
        },
        '立即运行评价',
      )
    : null;
  if (report.status === 'fulfilled') {
    clear(evalPanel, h('h2', {}, '商户评价（推荐 / 预警 / 建议退出） ', runButton), evaluationTable(report.value));
  } else {
    clear(evalPanel, h('h2', {}, '商户评价 ', runButton), notice('error', errorText(report.reason)));
  }
}

// ------------------------------------------------------------ one merchant

interface StateAction {
  action: 'CONTRACT_ACTION_ACTIVATE' | 'CONTRACT_ACTION_SUSPEND' | 'CONTRACT_ACTION_RESUME' | 'CONTRACT_ACTION_EXIT';
  text: string;
  from: Merchant['state'][];
  reason: boolean;
}

const stateActions: StateAction[] = [
  { action: 'CONTRACT_ACTION_ACTIVATE', text: '生效', from: ['MERCHANT_STATE_PENDING'], reason: false },
  { action: 'CONTRACT_ACTION_SUSPEND', text: '暂停合作', from: ['MERCHANT_STATE_ACTIVE'], reason: true },
  { action: 'CONTRACT_ACTION_RESUME', text: '恢复合作', from: ['MERCHANT_STATE_SUSPENDED'], reason: false },
  { action: 'CONTRACT_ACTION_EXIT', text: '退出', from: ['MERCHANT_STATE_PENDING', 'MERCHANT_STATE_ACTIVE', 'MERCHANT_STATE_SUSPENDED'], reason: true },
];

async function changeState(m: Merchant, a: StateAction, area: HTMLElement): Promise<void> {
  let reason = '';
  if (a.reason) {
    const extra =
      a.action === 'CONTRACT_ACTION_EXIT'
        ? h('p', { class: 'warn' }, m.standing === 'STANDING_EXIT_PROPOSED' ? '评价结果为“建议退出”。退出后其全部优惠下架，不再计入服务项目。' : '退出后其全部优惠下架，不再计入服务项目，且不能恢复。')
        : undefined;
    const r = await askReason(`${a.text}：${m.name}`, `请说明${a.text}的原因，将记入商户档案和审计日志。`, '原因', a.text, extra);
    if (r === null) return;
    reason = r;
  } else if (!(await confirmAction(a.text, `确定对“${m.name}”执行“${a.text}”吗？`, a.text))) {
    return;
  }
  try {
    await post<Merchant>(`/v1/merchants/${m.id}:change-state`, { request_id: requestId(), merchant_id: m.id, action: a.action, reason });
    go(`/merchants/${m.id}?done=${a.action}&r=${Date.now() % 100000}`);
  } catch (e) {
    clear(area, notice('error', errorText(e)));
  }
}

function offerForm(m: Merchant, area: HTMLElement): HTMLElement {
  const title = h('input', { name: 'offer.title', maxlength: 200 });
  const kind = h('select', { name: 'offer.kind' }, options(Object.entries(offerKindNames)));
  const discount = h('input', { name: 'offer.discount_percent', type: 'number', min: 1, max: 99, value: 10, class: 'narrow' });
  const price = h('input', { name: 'offer.price_fen', inputmode: 'decimal', placeholder: '元', class: 'narrow' });
  const category = categorySelect('offer.category', m.category);
  const from = h('input', { name: 'offer.valid_from', type: 'date', value: chinaToday() });
  const to = h('input', { name: 'offer.valid_to', type: 'date', value: m.contract_to });
  const conditions = h('input', { name: 'offer.conditions', maxlength: 500, placeholder: '如：凭工会会员卡' });
  const fixedPrice = () => kind.value === 'OFFER_KIND_FIXED_PRICE';
  return gridForm({
    id: 'offer-form',
    fields: [
      field('优惠名称', title),
      field('方式', kind),
      field('折扣（减免 %）', discount),
      field('特价（元）', price),
      field('类别', category),
      field('开始日期', from),
      field('结束日期', to),
      field('使用条件', conditions),
    ],
    submitText: '发布优惠',
    area: h('div', { class: 'form-notices' }),
    check: (errors) => {
      if (!title.value.trim()) return refuse(errors, 'offer.title', '请填写优惠名称');
      if (fixedPrice() && !/^\d+(\.\d{1,2})?$/.test(price.value.trim())) return refuse(errors, 'offer.price_fen', '请填写金额，如 9.90');
      return true;
    },
    send: async (form) => {
      const priceFen = fixedPrice() ? String(Math.round(Number(price.value.trim()) * 100)) : '0';
      const o = await post<Offer>('/v1/offers', {
        request_id: requestId(),
        offer: {
          merchant_id: m.id,
          title: title.value.trim(),
          kind: kind.value,
          discount_percent: kind.value === 'OFFER_KIND_DISCOUNT' ? Number(discount.value) : 0,
          price_fen: priceFen,
          category: category.value,
          valid_from: from.value,
          valid_to: to.value,
          conditions: conditions.value.trim(),
        },
      });
      clear(area, notice('ok', `优惠“${o.title}”已发布（编号 ${o.id}，${o.valid_from} 至 ${o.valid_to}）`));
      form.reset();
    },
  });
}

const doneText: Record<string, string> = {
  signed: '已签约：新商户为“待生效”，生效后其优惠方可被会员检索。',
  CONTRACT_ACTION_ACTIVATE: '已生效',
  CONTRACT_ACTION_SUSPEND: '已暂停合作',
  CONTRACT_ACTION_RESUME: '已恢复合作',
  CONTRACT_ACTION_EXIT: '已退出：其优惠已全部下架',
};

export async function merchantPage({ view, params, query: q }: RouteContext): Promise<void> {
  const id = params.id ?? '';
  const m = await get<Merchant>(`/v1/merchants/${encodeURIComponent(id)}`);
  const area = h('div', { class: 'form-notices', id: 'merchant-notices' });
  const done = doneText[q.get('done') ?? ''];
  if (done) area.append(notice('ok', done));
  if (m.owner_org_id !== 'city') await childUnits('city').catch(() => []);
  view.append(pageHeader(`商户：${m.name}`, link('#/merchants', '← 商户管理', 'btn')), area);

  const actions = managers()
    ? h(
        'div',
        { class: 'row-actions', id: 'merchant-actions' },
        stateActions
          .filter((a) => a.from.includes(m.state))
          .map((a) => h('button', { type: 'button', class: `btn${a.reason ? ' btn-danger' : ''}`, 'data-action': a.action, onclick: () => void changeState(m, a, area) }, a.text)),
      )
    : null;
  view.append(
    h(
      'section',
      { class: 'panel', id: 'merchant-facts', 'data-state': m.state, 'data-standing': m.standing },
      h('h2', {}, '合同'),
      facts([
        ['状态', stateTag(m.state)],
        ['评价', standingTag(m.standing)],
        ['类别', categoryNames[m.category] ?? m.category],
        ['签约单位', m.owner_org_id === 'city' ? '市总工会' : unitName(m.owner_org_id)],
        ['营业执照号', h('span', { class: 'mono' }, m.licence_number)],
        ['合同期', `${m.contract_from} 至 ${m.contract_to}`],
        ['联系方式', m.contact || '-'],
        ['银行商户号', (m.bank_merchant_ids ?? []).join('，') || '-'],
        ['签约时间', dateTime(m.create_time)],
        ['门店', (m.locations ?? []).join('；') || '-'],
      ]),
      m.terms ? h('p', {}, h('strong', {}, '合作条款：'), m.terms) : null,
      actions,
    ),
  );

  // The evaluation's figures for this merchant, and this month's card use.
  const figures = loadingPanel('merchant-rating', '会员评价与用卡');
  view.append(figures);
  const [report, usage] = await Promise.allSettled([
    get<EvaluationReport>(`/v1/merchant-evaluations${query({ org_id: m.owner_org_id })}`),
    get<MerchantUsage>(`/v1/merchants/${m.id}/usage${query({ month: chinaMonth() })}`),
  ]);
  const mine = report.status === 'fulfilled' ? (report.value.merchants ?? []).find((r) => r.merchant_id === m.id) : undefined;
  clear(
    figures,
    h('h2', {}, '会员评价与用卡'),
    mine
      ? facts([
          ['评价结果', standingTag(mine.standing)],
          ['评价数', num(mine.ratings)],
          ['平均星级', mine.mean_stars === '-' ? '暂无评价' : `${mine.mean_stars} ★`],
          ['预警起始', mine.warning_since || '-'],
          ['评价日期', report.status === 'fulfilled' ? report.value.date : '-'],
          ['依据', h('span', { title: mine.reason }, reasonText(mine.reason))],
        ])
      : h('p', { class: 'muted' }, report.status === 'rejected' ? errorText(report.reason) : '尚未参加评价（每日评价合作中和已暂停的商户）'),
    usage.status === 'fulfilled'
      ? h('p', { id: 'merchant-usage' }, `${usage.value.month} 用卡：${num(usage.value.transactions)} 笔，${yuan(usage.value.spend_fen)} 元，${num(usage.value.members)} 位会员`)
      : h('p', { class: 'muted' }, `本月用卡：${errorText(usage.reason)}`),
  );

  if (managers() && m.state !== 'MERCHANT_STATE_EXITED') {
    const offerArea = h('div', { class: 'form-notices', id: 'offer-notices' });
    view.append(h('section', { class: 'panel' }, h('h2', {}, '发布持卡会员优惠'), offerArea, offerForm(m, offerArea)));
  }
}

// ------------------------------------------------- offers and service items

export async function offersPage({ view, query: q }: RouteContext): Promise<void> {
  const counties = await childUnits('city');
  const county = q.get('county_id') ?? (myCounty() || counties[0]?.id || '');
  const category = q.get('category') ?? '';
  const date = q.get('date') ?? chinaToday();
  const open = openUnits(counties);
  // The city's roles look at any county; a county only at its own.
  const countyChoices: [string, string][] = hasRole('city_admin', 'assessor', 'auditor') ? open : [[county, unitName(county)]];
  const countySel = h('select', { name: 'county_id', 'aria-label': '县级工会' }, options(countyChoices, county));
  const catSel = categorySelect('category', category, '全部类别');
  const dateInput = h('input', { type: 'date', name: 'date', value: date, 'aria-label': '日期' });
  const form = h('form', { class: 'filters', id: 'offers-filter' }, countySel, catSel, dateInput, h('button', { type: 'submit', class: 'btn btn-primary' }, '查询'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(`/offers${query({ county_id: countySel.value, category: catSel.value, date: dateInput.value })}`);
  });
  view.append(pageHeader('优惠与服务项目', link('#/merchants', '← 商户管理', 'btn')), form);

  const countPanel = loadingPanel('service-item-count', '服务项目数（考核口径）');
  const offerPanel = loadingPanel('offer-list', '在有效期内的优惠');
  view.append(countPanel, offerPanel);
  if (managers()) view.append(serviceItemPanel(open, county));

  const [count, offers] = await Promise.allSettled([
    get<ServiceItemCount>(`/v1/service-item-counts${query({ county_id: county, date })}`),
    get<{ offers: Offer[]; next_page_token: string }>(`/v1/offers${query({ county_id: county, category, date, page_size: 50, page_token: q.get('token') ?? '' })}`),
  ]);
  if (count.status === 'fulfilled') {
    const c = count.value;
    clear(
      countPanel,
      h('h2', {}, `${unitName(county)}服务项目数（${c.date}，考核口径）`),
      h(
        'div',
        { class: 'kpis kpis-3' },
        kpi('items-county', '本县项目', c.county_items),
        kpi('items-city', '市总项目（全市通用）', c.city_items),
        kpi('items-offers', '其中商户优惠', c.merchant_offers),
      ),
    );
  } else {
    clear(countPanel, h('h2', {}, '服务项目数'), notice('error', errorText(count.reason)));
  }
  if (offers.status === 'fulfilled') {
    const grid = table<Offer>(
      [
        { title: '商户', cell: (o) => link(`#/merchants/${o.merchant_id}`, o.merchant_name || o.merchant_id) },
        { title: '优惠', cell: (o) => o.title },
        {
          title: '方式',
          cell: (o) => (o.kind === 'OFFER_KIND_DISCOUNT' ? `减免 ${o.discount_percent}%` : o.kind === 'OFFER_KIND_FIXED_PRICE' ? `特价 ${yuan(o.price_fen)} 元` : offerKindNames[o.kind] ?? o.kind),
        },
        { title: '类别', cell: (o) => categoryNames[o.category] ?? o.category },
        { title: '有效期', cell: (o) => `${o.valid_from} 至 ${o.valid_to}` },
        { title: '使用条件', cell: (o) => o.conditions || '-' },
      ],
      offers.value.offers ?? [],
      '该日没有在有效期内的优惠（只列合作中商户的优惠）',
    );
    grid.id = 'offers-table';
    clear(
      offerPanel,
      h('h2', {}, `在有效期内的优惠（${unitName(county)}及市总商户，${date}）`),
      grid,
      offers.value.next_page_token
        ? h('div', { class: 'pager' }, link(`#/offers${query({ county_id: county, category, date, token: offers.value.next_page_token })}`, '下一页 →', 'btn'))
        : null,
    );
  } else {
    clear(offerPanel, h('h2', {}, '优惠'), notice('error', errorText(offers.reason)));
  }
}

function serviceItemPanel(counties: [string, string][], county: string): HTMLElement {
  const owner = ownerSelect('item.owner_org_id', '市总工会（全市通用）', counties, county, me().org_id);
  const kind = h('select', { name: 'item.kind' }, options(Object.entries(serviceItemKindNames)));
  const title = h('input', { name: 'item.title', maxlength: 200 });
  const category = categorySelect('item.category', 'CATEGORY_OTHER');
  const from = h('input', { name: 'item.active_from', type: 'date', value: chinaToday() });
  const to = h('input', { name: 'item.active_to', type: 'date' });
  const form = gridForm({
    id: 'service-item-form',
    fields: [field('所属单位', owner), field('项目类型', kind), field('项目名称', title), field('类别', category), field('开始日期', from), field('结束日期（可空）', to)],
    submitText: '登记服务项目',
    area: h('div', { class: 'form-notices', id: 'item-notices' }),
    check: (errors) => (title.value.trim() ? true : refuse(errors, 'item.title', '请填写项目名称')),
    send: async () => {
      await post('/v1/service-items', {
        request_id: requestId(),
        item: { owner_org_id: owner.value, kind: kind.value, title: title.value.trim(), category: category.value, active_from: from.value, active_to: to.value },
      });
      go(`/offers${query({ county_id: owner.value === 'city' ? county : owner.value, added: Date.now() % 100000 })}`);
    },
  });
  return h('section', { class: 'panel' }, h('h2', {}, '登记其他服务项目（公共服务、工会阵地、资金发放、保险）'), form);
}
