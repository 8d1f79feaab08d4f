// 登录: ID number and mobile → a six-digit code by SMS → signed in. The
// gateway answers the code request alike whether or not the person is
// registered; too many requests or wrong codes answer 429 with the wait.
import { ApiError, post } from '../api';
import { h, clear } from '../dom';
import { chinaToday, waitText } from '../format';
import { checkIdNumber } from '../idnumber';
import { go } from '../router';
import { FormErrors, field, notice } from '../ui';
import { chineseOnly, memberErrorText } from './common';
import { setMember } from './state';
import type { MemberSession } from './types';

const returnKey = 'unioncard.member.return-to';
const resendSeconds = 60;

export function rememberPage(hash: string): void {
  const path = hash.split('?')[0];
  if (path === '/login' || path === '/' || path === '') return;
  sessionStorage.setItem(returnKey, hash);
}

function takeRememberedPage(): string {
  const hash = sessionStorage.getItem(returnKey) ?? '/';
  sessionStorage.removeItem(returnKey);
  return hash;
}

let countdown = 0;

export function loginPage(root: HTMLElement): void {
  window.clearInterval(countdown);
  const idNumber = h('input', {
    name: 'id_number',
    maxlength: 18,
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    placeholder: '18 位身份证号码',
  });
  const mobile = h('input', { name: 'mobile', type: 'tel', inputmode: 'numeric', maxlength: 11, autocomplete: 'tel', placeholder: '登记时留的手机号码' });
  const code = h('input', { name: 'code', inputmode: 'numeric', maxlength: 6, autocomplete: 'one-time-code', placeholder: '6 位数字' });
  const getCode = h('button', { type: 'button', class: 'btn m-btn-wide', id: 'get-code' }, '获取验证码');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary m-btn-wide', id: 'login-submit' }, '登录');
  const area = h('div', { class: 'form-notices', id: 'login-notices', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'm-login-form', id: 'member-login-form', novalidate: true },
    h('h1', {}, '工会会员服务'),
    h('p', { class: 'm-sub' }, '沧州市总工会 · 会员本人使用'),
    sessionStorage.getItem(returnKey) ? notice('info', '登录已过期或尚未登录，请登录后继续') : null,
    field('身份证号码', idNumber),
    field('手机号码', mobile),
    getCode,
    field('短信验证码', code, h('div', { class: 'hint' }, '验证码 5 分钟内有效。')),
    area,
    submit,
    h('p', { class: 'm-hint' }, '身份证号码和手机号码须与工会登记的信息一致。尚未登记或手机号码有变化，请联系所在工会。'),
  );
  const errors = new FormErrors(form, area, memberErrorText);

  const idOk = (): string | null => {
    const id = idNumber.value.trim().toUpperCase();
    const check = checkIdNumber(id, chinaToday());
    if (!check.ok) {
      errors.set('id_number', check.problem);
      return null;
    }
    return id;
  };

  const startCountdown = () => {
    let left = resendSeconds;
    getCode.disabled = true;
    getCode.textContent = `重新获取（${left} 秒）`;
    window.clearInterval(countdown);
    countdown = window.setInterval(() => {
      left -= 1;
      if (left <= 0 || !getCode.isConnected) {
        window.clearInterval(countdown);
        getCode.disabled = false;
        getCode.textContent = '重新获取验证码';
        return;
      }
      getCode.textContent = `重新获取（${left} 秒）`;
    }, 1000);
  };

  getCode.addEventListener('click', async () => {
    errors.clear();
    const id = idOk();
    if (!id) return;
    const phone = mobile.value.trim();
    if (!/^1\d{10}$/.test(phone)) return void errors.set('mobile', '请输入 11 位手机号码');
    getCode.disabled = true;
    try {
      const r = await post<{ message: string }>('/v1/me/login-code', { id_number: id, mobile: phone });
      clear(area, notice('ok', r.message || '如果身份证号和手机号与登记信息一致，验证码已发送，5分钟内有效'));
      startCountdown();
      code.focus();
    } catch (err) {
      getCode.disabled = false;
      if (err instanceof ApiError && err.status === 429) {
        const wait = waitText(err.retryAfter);
        const said = chineseOnly(err.message);
        clear(area, notice('error', `${said || '获取验证码过于频繁'}${wait ? `（请${wait}后再试）` : ''}`));
        return;
      }
      errors.show(err);
    }
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    const id = idOk();
    if (!id) return;
    const typed = code.value.trim();
    if (!/^\d{6}$/.test(typed)) return void errors.set('code', '请输入短信中的 6 位验证码');
    submit.disabled = true;
    try {
      const s = await post<MemberSession>('/v1/me/login', { id_number: id, code: typed });
      setMember(s);
      window.clearInterval(countdown);
      go(takeRememberedPage());
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        clear(area, notice('error', `${chineseOnly(err.message) || '验证码不正确或已过期'}：请核对短信中的验证码，或重新获取`));
        code.select();
        return;
      }
      if (err instanceof ApiError && err.status === 429) {
        const wait = waitText(err.retryAfter);
        clear(area, notice('error', `验证码错误次数过多，登录已暂时锁定，${wait ? `请${wait}后再试` : '请稍后再试'}。`));
        return;
      }
      errors.show(err);
    } finally {
      submit.disabled = false;
    }
  });

  clear(root, h('div', { class: 'm-login' }, form));
}
