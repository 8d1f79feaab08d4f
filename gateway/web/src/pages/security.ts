// 两步验证: enrol a TOTP second factor (RFC 6238) for one's own account —
// the otpauth:// URI as a QR code drawn here (no service outside), the
// secret as text for typing in, then the first code to confirm.
import QRCode from 'qrcode';
import { post, session } from '../api';
import { h, clear, link } from '../dom';
import type { RouteContext } from '../router';
import { me, setAccount } from '../state';
import { FormErrors, confirmAction, errorText, field, notice, pageHeader } from '../ui';

export async function securityPage({ view }: RouteContext): Promise<void> {
  const a = me();
  const area = h('div', { class: 'form-notices', id: 'totp-notices' });
  const body = h('section', { class: 'panel', id: 'totp-panel' });
  view.append(pageHeader('账号安全', link('#/change-password', '修改密码', 'btn')), area, body);

  const start = h('button', { type: 'button', class: 'btn btn-primary', id: 'totp-enroll' }, a.totp_enabled ? '重新绑定验证器' : '启用两步验证');
  clear(
    body,
    h('h2', {}, '两步验证（动态验证码）'),
    a.totp_enabled
      ? notice('ok', '已启用：登录时除密码外还须输入验证器 App 上的 6 位动态码。')
      : h('p', {}, '启用后，登录时除密码外还须输入手机验证器 App（如 Microsoft Authenticator、Google 身份验证器、FreeOTP）上每 30 秒变化的 6 位动态码。'),
    start,
  );
  start.addEventListener('click', async () => {
    if (a.totp_enabled && !(await confirmAction('重新绑定', '重新绑定后，原验证器上的动态码将不能再用于登录。继续吗？', '继续'))) return;
    start.disabled = true;
    clear(area);
    try {
      const e = await post<{ secret_base32: string; otpauth_uri: string }>('/v1/session/totp:enroll', {});
      const qr = await QRCode.toDataURL(e.otpauth_uri, { errorCorrectionLevel: 'M', margin: 2, width: 200 });
      const code = h('input', { name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, class: 'narrow' });
      const notes = h('div', { class: 'form-notices' });
      const form = h(
        'form',
        { id: 'totp-confirm-form', novalidate: true },
        field('验证器上显示的 6 位动态码', code),
        notes,
        h('button', { type: 'submit', class: 'btn btn-primary' }, '确认启用'),
      );
      const errors = new FormErrors(form, notes);
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        errors.clear();
        if (!/^\d{6}$/.test(code.value.trim())) return void errors.set('code', '请输入 6 位数字');
        try {
          await post('/v1/session/totp:confirm', { code: code.value.trim() });
          setAccount((await session.current()).account);
          clear(area, notice('ok', '两步验证已启用：下次登录时须输入动态码。'));
          clear(body, h('h2', {}, '两步验证（动态验证码）'), notice('ok', '已启用：登录时除密码外还须输入验证器 App 上的 6 位动态码。'));
        } catch (err) {
          errors.show(err);
        }
      });
      clear(
        body,
        h('h2', {}, '用验证器 App 扫描二维码'),
        h(
          'div',
          { class: 'totp-enrol' },
          h('img', { src: qr, alt: '两步验证二维码', id: 'totp-qr', width: 200, height: 200 }),
          h(
            'div',
            {},
            h('p', {}, '无法扫码时，在 App 中选择“手动输入密钥”，账号填 ', h('strong', {}, a.username), '，密钥：'),
            h('p', { class: 'mono totp-secret', id: 'totp-secret' }, e.secret_base32.replace(/(.{4})/g, '$1 ').trim()),
            h('p', { class: 'muted' }, '密钥只显示这一次，请勿截图外传。'),
            form,
          ),
        ),
      );
      code.focus();
    } catch (err) {
      clear(area, notice('error', errorText(err)));
      start.disabled = false;
    }
  });
}
