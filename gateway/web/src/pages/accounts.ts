// 账号管理: staff accounts in one's scope; a new account gets a one-time
// password shown once, to be handed over in person.
import { get, post } from '../api';
import { h, clear } from '../dom';
import { dateTime, roleNames } from '../format';
import type { RouteContext } from '../router';
import { hasRole } from '../state';
import type { Account } from '../types';
import { FormErrors, confirmAction, errorText, field, loading, notice, pageHeader, table } from '../ui';

export async function accountsPage({ view }: RouteContext): Promise<void> {
  const username = h('input', { name: 'username', maxlength: 64, autocomplete: 'off' });
  const displayName = h('input', { name: 'display_name', maxlength: 30 });
  const roles = hasRole('city_admin') ? ['city_admin', 'county_staff', 'grassroots_staff', 'assessor', 'auditor'] : ['grassroots_staff'];
  const role = h('select', { name: 'role' }, roles.map((r) => h('option', { value: r }, roleNames[r] ?? r)));
  const orgId = h('input', { name: 'org_id', maxlength: 64, placeholder: '如 city、xinhua、xinhua-g0001' });
  const area = h('div', { class: 'form-notices' });
  const form = h(
    'form',
    { class: 'form-grid', id: 'account-form', novalidate: true },
    field('用户名', username),
    field('姓名', displayName),
    field('角色', role),
    field('所属单位代码', orgId),
    h('div', { class: 'form-actions' }, area, h('button', { type: 'submit', class: 'btn btn-primary' }, '创建账号')),
  );
  const errors = new FormErrors(form, area);
  const list = h('div', {}, loading());

  const act = async (a: Account, path: string, title: string, text: string) => {
    if (!(await confirmAction(title, text, title))) return;
    try {
      const r = await post<{ temporary_password?: string }>(`/v1/accounts/${a.id}:${path}`, {});
      clear(area, notice('ok', r.temporary_password ? `${a.username} 的新一次性密码：${r.temporary_password}（只显示这一次）` : `${title}：已完成`));
      await refresh();
    } catch (e) {
      clear(area, notice('error', errorText(e)));
    }
  };

  const refresh = async () => {
    const page = await get<{ accounts: Account[] }>('/v1/accounts?page_size=200');
    clear(
      list,
      table<Account>(
        [
          { title: '用户名', cell: (a) => a.username },
          { title: '姓名', cell: (a) => a.display_name },
          { title: '角色', cell: (a) => roleNames[a.role] ?? a.role },
          { title: '单位', cell: (a) => a.org_id },
          { title: '状态', cell: (a) => (a.disabled ? '已停用' : a.must_change_password ? '待首次登录' : '正常') },
          { title: '创建', cell: (a) => `${dateTime(a.created_at)} ${a.created_by}` },
          {
            title: '操作',
            cell: (a) =>
              h(
                'span',
                { class: 'row-actions' },
                h('button', { type: 'button', class: 'btn btn-small', onclick: () => act(a, 'reset-password', '重置密码', `确定为 ${a.username} 重置密码吗？其所有登录会话将结束。`) }, '重置密码'),
                a.disabled
                  ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => act(a, 'enable', '启用', `确定启用 ${a.username} 吗？`) }, '启用')
                  : h('button', { type: 'button', class: 'btn btn-small btn-danger', onclick: () => act(a, 'disable', '停用', `确定停用 ${a.username} 吗？其所有登录会话将立即结束。`) }, '停用'),
              ),
          },
        ],
        page.accounts ?? [],
      ),
    );
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    try {
      const r = await post<{ account: Account; temporary_password: string }>('/v1/accounts', {
        username: username.value.trim(),
        display_name: displayName.value.trim(),
        role: role.value,
        org_id: orgId.value.trim(),
      });
      clear(area, notice('ok', `已创建 ${r.account.username}，一次性密码：${r.temporary_password}（只显示这一次，请当面交给本人，首次登录须修改）`));
      form.reset();
      await refresh();
    } catch (err) {
      errors.show(err);
    }
  });
  view.append(pageHeader('账号管理'), h('section', { class: 'panel' }, h('h2', {}, '新建账号'), form), list);
  await refresh();
}
