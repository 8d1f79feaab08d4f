// 会员登记: one member by hand. The ID number is checked as it is typed
// (checksum, birth date, gender), then described by member-svc
// (DescribeIdNumber: the region by GB/T 2260, the age rule) once it is
// complete; the server's field errors appear beside their inputs.
import { post } from '../api';
import { h, clear, link } from '../dom';
import { chinaToday, explain, fieldMessage } from '../format';
import { checkIdNumber } from '../idnumber';
import { unionPicker } from '../orgs';
import type { RouteContext } from '../router';
import type { IdNumberDescription, Member } from '../types';
import { FormErrors, field, notice, pageHeader } from '../ui';

export async function registerPage({ view }: RouteContext): Promise<void> {
  const today = chinaToday();
  const { countySelect, orgSelect } = await unionPicker('请先选择县级工会');

  const name = h('input', { name: 'name', maxlength: 30, autocomplete: 'off' });
  const idNumber = h('input', { name: 'id_number', maxlength: 18, autocomplete: 'off', class: 'mono', placeholder: '18 位，末位可为 X' });
  const derived = h('div', { class: 'derived', id: 'id-derived', 'aria-live': 'polite' });
  const mobile = h('input', { name: 'mobile', maxlength: 11, inputmode: 'numeric', autocomplete: 'off' });
  const employer = h('input', { name: 'employer', maxlength: 60 });
  const joinDate = h('input', { name: 'join_date', type: 'date', max: today, value: today });
  const migrant = h('input', { name: 'migrant_worker', type: 'checkbox' });
  const area = h('div', { class: 'form-notices' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '提交登记');

  const form = h(
    'form',
    { class: 'form-grid', id: 'register-form', novalidate: true },
    countySelect ? field('县级工会', countySelect) : null,
    field('基层工会', orgSelect),
    field('姓名', name),
    field('身份证号码', idNumber, derived),
    field('手机号码', mobile),
    field('工作单位', employer),
    field('入会日期', joinDate),
    h('div', { class: 'field' }, h('label', { class: 'check' }, migrant, ' 农民工会员')),
    h('div', { class: 'form-actions' }, area, submit),
  );
  const errors = new FormErrors(form, area);

  let asked = ''; // the number last sent to DescribeIdNumber
  const showId = () => {
    const r = checkIdNumber(idNumber.value, today);
    const facts = [r.region && `籍贯：${r.region}`, r.birthDate && `出生日期：${r.birthDate}`, r.gender && `性别：${r.gender}`].filter(Boolean).join('　');
    clear(derived, facts ? h('span', {}, facts) : null, r.ok ? h('span', { class: 'ok' }, '　✓ 校验位正确') : null);
    const slot = form.querySelector<HTMLElement>('.field-error[data-for="id_number"]');
    if (slot) slot.textContent = idNumber.value && !r.ok ? r.problem : '';
    idNumber.classList.toggle('invalid', idNumber.value !== '' && !r.ok);
    if (r.ok) void describe(idNumber.value.trim().toUpperCase());
  };
  // The server knows every region code and the federation's age rule; its
  // answer replaces the local guess unless the clerk has typed on since.
  const describe = async (number: string) => {
    asked = number;
    let d: IdNumberDescription;
    try {
      d = await post<IdNumberDescription>('/v1/id-numbers:describe', { id_number: number });
    } catch {
      return; // the local check stands; registering will say the rest
    }
    if (asked !== number || idNumber.value.trim().toUpperCase() !== number) return;
    const region = d.region || `地区代码 ${d.region_code}（未识别，请与证件核对）`;
    const gender = d.gender === 'GENDER_MALE' ? '男' : '女';
    clear(derived, h('span', {}, `籍贯：${region}　出生日期：${d.birth_date}　性别：${gender}　${d.age ?? 0} 岁`), h('span', { class: 'ok' }, '　✓ 校验位正确'));
    const slot = form.querySelector<HTMLElement>('.field-error[data-for="id_number"]');
    if (slot) slot.textContent = d.registration_problem ? explain(d.registration_problem) : '';
    idNumber.classList.toggle('invalid', !!d.registration_problem);
  };
  idNumber.addEventListener('input', showId);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    // The server decides; the live check only explains early.
    submit.disabled = true;
    try {
      const m = await post<Member>('/v1/members', {
        org_id: orgSelect.value,
        name: name.value.trim(),
        id_number: idNumber.value.trim().toUpperCase(),
        mobile: mobile.value.trim(),
        employer: employer.value.trim(),
        migrant_worker: migrant.checked,
        join_date: joinDate.value,
      });
      clear(
        area,
        notice('ok', `已登记：${m.name}（${m.id_number}），待县级工会审核。`),
        ...(m.warnings ?? []).map((w) => notice('info', `请核对：${fieldMessage(w)}`)),
        link(`#/members/${m.id}`, '查看会员'),
      );
      form.reset();
      joinDate.value = today;
      clear(derived);
    } catch (err) {
      errors.show(err);
    } finally {
      submit.disabled = false;
    }
  });
  view.append(pageHeader('会员登记', link('#/import', '批量导入', 'btn')), form);
}
