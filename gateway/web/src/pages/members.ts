// 会员查询: members of the caller's units, by name, unit and review
// state, a page at a time from the server. ID numbers and mobiles come
// masked from the API and are shown as they come.
import { get, query } from '../api';
import { h, clear, link } from '../dom';
import { genderNames, reviewStateNames } from '../format';
import { childUnits, resolveNames, unitName, unitSelect } from '../orgs';
import { go, type RouteContext } from '../router';
import { hasRole, me } from '../state';
import type { Member } from '../types';
import { loading, pageHeader, table } from '../ui';

const pageSize = 20;

export async function membersPage({ view, query: q }: RouteContext): Promise<void> {
  const county = q.get('county') ?? '';
  const union = q.get('union') ?? '';
  const name = q.get('q') ?? '';
  const state = q.get('state') ?? '';
  const token = q.get('token') ?? '';
  const back = q.get('back') ?? ''; // earlier pages' tokens ("-" = the first), comma separated

  const nameInput = h('input', { name: 'q', value: name, placeholder: '姓名（开头几个字）', maxlength: 20 });
  const stateSelect = h(
    'select',
    { name: 'state' },
    h('option', { value: '' }, '全部审核状态'),
    Object.entries(reviewStateNames).map(([v, t]) => h('option', { value: v, selected: v === state }, t)),
  );
  const filters = h('form', { class: 'filters', id: 'member-search' });
  let countySelect: HTMLSelectElement | null = null;
  let unionSelect: HTMLSelectElement | null = null;
  if (hasRole('city_admin')) {
    countySelect = unitSelect('county', await childUnits('city'), county, '全部县级工会');
    countySelect.addEventListener('change', () => search({ county: countySelect?.value ?? '', union: '' }));
    filters.append(countySelect);
  }
  const unionParent = hasRole('county_staff') ? me().org_id : county;
  if (unionParent) {
    unionSelect = unitSelect('union', await childUnits(unionParent), union, '全部基层工会');
    unionSelect.addEventListener('change', () => search({ union: unionSelect?.value ?? '' }));
    filters.append(unionSelect);
  }
  filters.append(nameInput, stateSelect, h('button', { type: 'submit', class: 'btn btn-primary' }, '查询'));
  stateSelect.addEventListener('change', () => search({}));

  function search(change: Record<string, string>, paging: { token?: string; back?: string } = {}): void {
    const params = {
      county: countySelect?.value ?? '',
      union: unionSelect?.value ?? '',
      q: nameInput.value.trim(),
      state: stateSelect.value,
      ...change,
      token: paging.token ?? '',
      back: paging.back ?? '',
    };
    go(`/members${query(params)}`);
  }
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    search({});
  });

  view.append(pageHeader('会员查询', link('#/members/new', '登记会员', 'btn'), link('#/import', '批量导入', 'btn')), filters);
  const body = h('div', {}, loading());
  view.append(body);

  const orgId = union || county || '';
  const page = await get<{ members: Member[]; next_page_token: string }>(
    `/v1/members${query({ org_id: orgId, name_prefix: name, review_state: state, page_size: pageSize, page_token: token })}`,
  );
  const members = page.members ?? [];
  await resolveNames(members.map((m) => m.org_id));
  const backs = back ? back.split(',') : [];
  const pageNo = backs.length + 1;
  clear(
    body,
    table<Member>(
      [
        { title: '姓名', cell: (m) => link(`#/members/${m.id}`, m.name) },
        { title: '身份证号码', cell: (m) => h('span', { class: 'mono' }, m.id_number) },
        { title: '性别', cell: (m) => genderNames[m.gender] ?? '-' },
        { title: '出生日期', cell: (m) => m.birth_date },
        { title: '手机号码', cell: (m) => h('span', { class: 'mono' }, m.mobile) },
        { title: '基层工会', cell: (m) => unitName(m.org_id) },
        { title: '工作单位', cell: (m) => m.employer || '-' },
        { title: '审核状态', cell: (m) => h('span', { class: `tag tag-${m.review_state}` }, reviewStateNames[m.review_state] ?? m.review_state) },
        { title: '会籍', cell: (m) => (m.membership_status === 'MEMBERSHIP_STATUS_ENDED' ? '已终止' : '在会') },
      ],
      members,
      '没有符合条件的会员',
    ),
    h(
      'div',
      { class: 'pager' },
      h(
        'button',
        { type: 'button', class: 'btn', disabled: backs.length === 0, onclick: () => search({}, { token: (backs[backs.length - 1] ?? '-').replace(/^-$/, ''), back: backs.slice(0, -1).join(',') }) },
        '上一页',
      ),
      h('span', { class: 'pager-info' }, `第 ${pageNo} 页 · 本页 ${members.length} 人`),
      h(
        'button',
        { type: 'button', class: 'btn', id: 'next-page', disabled: !page.next_page_token, onclick: () => search({}, { token: page.next_page_token, back: [...backs, token || '-'].join(',') }) },
        '下一页',
      ),
    ),
  );
}
