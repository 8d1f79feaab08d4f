// 批量导入: a CSV (UTF-8 or Excel's GBK) uploaded as it is; the gateway
// streams progress as NDJSON, then the outcome with the failed rows as a
// file the clerk fixes and uploads again.
import { ApiError, importMembers } from '../api';
import { h, clear } from '../dom';
import { fieldMessage, num } from '../format';
import { unionPicker } from '../orgs';
import type { RouteContext } from '../router';
import type { ImportResult } from '../types';
import { FormErrors, field, notice, pageHeader, progressBar, table } from '../ui';

function failedRowsLink(result: ImportResult, fileName: string): HTMLAnchorElement {
  const bytes = Uint8Array.from(atob(result.failed_csv_base64), (c) => c.charCodeAt(0));
  // The file comes back in the encoding it was sent in (GBK for Excel).
  const url = URL.createObjectURL(new Blob([bytes], { type: 'text/csv' }));
  const base = fileName.replace(/\.csv$/i, '');
  return h('a', { href: url, download: `${base}-未导入行.csv`, class: 'btn', id: 'failed-rows' }, `下载未导入的 ${num(result.failed)} 行（改正后重新上传）`);
}

export async function importPage({ view }: RouteContext): Promise<void> {
  const { countySelect, orgSelect } = await unionPicker();

  const fileInput = h('input', { type: 'file', name: 'body', accept: '.csv,text/csv' });
  const area = h('div', { class: 'form-notices' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '开始导入');
  const progress = h('div', { id: 'import-progress' });
  const outcome = h('div', { id: 'import-result' });
  const form = h(
    'form',
    { class: 'form-grid', id: 'import-form', novalidate: true },
    countySelect ? field('县级工会', countySelect) : null,
    field('导入到基层工会', orgSelect, h('div', { class: 'hint' }, '文件中没有“基层工会代码”列的行，导入到这个工会')),
    field('CSV 文件', fileInput, h('div', { class: 'hint' }, '第一行为列名：姓名,身份证号码,手机号码,工作单位（可选：农民工,入会日期,基层工会代码）；UTF-8 或 Excel 另存的 CSV 均可')),
    h('div', { class: 'form-actions' }, area, submit),
  );
  const errors = new FormErrors(form, area);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    clear(outcome);
    const file = fileInput.files?.[0];
    if (!orgSelect.value) return void errors.set('org_id', '请选择基层工会');
    if (!file) return void errors.set('body', '请选择要导入的文件');
    submit.disabled = true;
    clear(progress, progressBar(0, '正在上传…'));
    try {
      await importMembers(orgSelect.value, file, (line) => {
        if ('progress' in line) {
          const { sent, total } = line.progress;
          clear(progress, progressBar(total > 0 ? sent / total : 0, `已处理 ${num(sent)} / ${num(total)} 行`));
        } else if ('result' in line) {
          const r = line.result;
          clear(progress, progressBar(1, `完成：共 ${num(r.rows)} 行`));
          clear(
            outcome,
            notice(r.failed > 0 ? 'error' : 'ok', `共 ${num(r.rows)} 行（${r.encoding}）：新登记 ${num(r.created)} 人，已登记过 ${num(r.unchanged)} 人，未导入 ${num(r.failed)} 行。`),
            r.failed > 0
              ? h(
                  'div',
                  {},
                  h('div', { class: 'page-tools' }, failedRowsLink(r, file.name)),
                  table(
                    [
                      { title: '行号', cell: (f: { line: number; reason: string }) => String(f.line), numeric: true },
                      { title: '原因', cell: (f: { line: number; reason: string }) => fieldMessage(f.reason) },
                    ],
                    r.failures,
                  ),
                )
              : null,
          );
          outcome.querySelector('table')?.setAttribute('id', 'import-failures');
          // Imported, but a clerk should compare these rows with the papers.
          const warnings = r.warnings ?? [];
          if (warnings.length > 0) {
            const checks = table(
              [
                { title: '行号', cell: (w: { line: number; warning: string }) => String(w.line), numeric: true },
                { title: '请核对', cell: (w: { line: number; warning: string }) => fieldMessage(w.warning) },
              ],
              warnings,
            );
            checks.setAttribute('id', 'import-warnings');
            outcome.append(notice('info', `已导入，但有 ${num(warnings.length)} 行需要核对：`), checks);
          }
        } else if ('error' in line) {
          errors.show(new ApiError(400, line.error.code, line.error.message, line.error.details));
        }
      });
    } catch (err) {
      errors.show(err);
      clear(progress);
    } finally {
      submit.disabled = false;
      fileInput.value = '';
    }
  });
  view.append(pageHeader('批量导入会员'), form, progress, outcome);
}
