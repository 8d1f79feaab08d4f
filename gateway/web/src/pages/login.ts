// 登录: username and password; an expired session comes back here and
// returns to the page it left.
import { session } from '../api';
import { h, clear } from '../dom';
import { go } from '../router';
import { setAccount } from '../state';
import { FormErrors, field } from '../ui';

const returnKey = 'unioncard.return-to';

export function rememberPage(hash: string): void {
  const path = hash.split('?')[0];
  if (path === '/login' || path === '/change-password') return;
  sessionStorage.setItem(returnKey, hash);
}

// The page to go to after signing in (once).
export function takeRememberedPage(): string {
  const hash = sessionStorage.getItem(returnKey) ?? '/';
  sessionStorage.removeItem(returnKey);
  return hash;
}

export function loginPage(root: HTMLElement): void {
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, maxlength: 64 });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const area = h('div', { class: 'form-notices' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, '登录');
  const form = h(
    'form',
    { class: 'login-form', id: 'login-form', novalidate: true },
    h('h1', {}, '工会会员卡管理平台'),
    h('p', { class: 'muted' }, '沧州市总工会 · 内部工作人员使用'),
    sessionStorage.getItem(returnKey) ? h('div', { class: 'notice notice-info' }, '登录已过期或尚未登录，请登录后继续') : null,
    field('用户名', username),
    field('密码', password),
    area,
    submit,
  );
  const errors = new FormErrors(form, area);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    if (!username.value.trim()) return void errors.set('username', '请输入用户名');
    if (!password.value) return void errors.set('password', '请输入密码');
    submit.disabled = true;
    try {
      const s = await session.login(username.value.trim(), password.value);
      setAccount(s.account);
      go(s.account.must_change_password ? '/change-password' : takeRememberedPage());
    } catch (err) {
      errors.show(err);
    } finally {
      submit.disabled = false;
    }
  });
  clear(root, h('div', { class: 'login-screen' }, form));
  username.focus();
}
