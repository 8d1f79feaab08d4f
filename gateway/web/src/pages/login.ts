// 登录: username and password; an expired session comes back here and
// returns to the page it left.
import { ApiError, session } from '../api';
import { h, clear } from '../dom';
import { go } from '../router';
import { setAccount } from '../state';
import { FormErrors, field, notice } from '../ui';

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
  const code = h('input', { name: 'totp_code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6 });
  // Shown once the gateway asks for it (an account with a second factor).
  const codeField = field('动态验证码（验证器 App 上的 6 位数字）', code);
  codeField.hidden = true;
  codeField.id = 'totp-field';
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
    codeField,
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
      const s = await session.login(username.value.trim(), password.value, codeField.hidden ? '' : code.value.trim());
      setAccount(s.account);
      go(s.account.must_change_password ? '/change-password' : takeRememberedPage());
    } catch (err) {
      if (err instanceof ApiError && err.details.some((d) => d.field === 'totp_code')) {
        const first = codeField.hidden;
        codeField.hidden = false;
        errors.show(err);
        if (first && !code.value) errors.set('totp_code', '此账号已启用两步验证：请输入验证器 App 上的 6 位动态码');
        code.focus();
        return;
      }
      if (err instanceof ApiError && err.status === 401) {
        errors.clear();
        area.append(notice('error', '用户名或密码错误，或账号已停用'));
        return;
      }
      errors.show(err);
    } finally {
      submit.disabled = false;
    }
  });
  clear(root, h('div', { class: 'login-screen' }, form));
  username.focus();
}
