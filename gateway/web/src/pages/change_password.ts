// 修改密码: forced after a one-time password, or by choice.
import { session } from '../api';
import { h, clear } from '../dom';
import { go } from '../router';
import { me, setAccount } from '../state';
import { FormErrors, field, notice } from '../ui';
import { takeRememberedPage } from './login';

export function changePasswordPage(root: HTMLElement): void {
  const forced = me().must_change_password;
  const oldPassword = h('input', { name: 'old_password', type: 'password', autocomplete: 'current-password' });
  const newPassword = h('input', { name: 'new_password', type: 'password', autocomplete: 'new-password' });
  const repeat = h('input', { name: 'repeat_password', type: 'password', autocomplete: 'new-password' });
  const area = h('div', { class: 'form-notices' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, '确认修改');
  const form = h(
    'form',
    { class: 'login-form', id: 'change-password-form', novalidate: true },
    h('h1', {}, '修改密码'),
    forced
      ? notice('info', '您正在使用一次性密码登录，请先设置自己的新密码后再使用系统。')
      : h('p', { class: 'muted' }, `账号：${me().username}`),
    field(forced ? '一次性密码' : '原密码', oldPassword),
    field('新密码', newPassword, h('div', { class: 'hint' }, '至少 10 位，不要包含用户名或常见词语；几个不相关的词语连在一起最好')),
    field('再次输入新密码', repeat),
    area,
    submit,
    forced ? null : h('p', { class: 'center' }, h('a', { href: '#/' }, '返回首页')),
  );
  const errors = new FormErrors(form, area);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    if (!oldPassword.value) return void errors.set('old_password', '请输入原密码');
    if (newPassword.value !== repeat.value) return void errors.set('repeat_password', '两次输入的新密码不一致');
    submit.disabled = true;
    try {
      const s = await session.changePassword(oldPassword.value, newPassword.value);
      setAccount(s.account ?? { ...me(), must_change_password: false });
      go(forced ? takeRememberedPage() : '/');
    } catch (err) {
      errors.show(err);
    } finally {
      submit.disabled = false;
    }
  });
  clear(root, h('div', { class: 'login-screen' }, form));
  oldPassword.focus();
}
