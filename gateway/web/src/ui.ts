// Shared pieces of every page: notices, field errors beside inputs, the
// confirm dialog, progress bars and tables.
import { ApiError } from './api';
import { h, clear } from './dom';
import { explain, fieldNames } from './format';

export function notice(kind: 'error' | 'ok' | 'info', text: string): HTMLElement {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

// One sentence a clerk can act on, for any failure.
export function errorText(e: unknown): string {
  if (!(e instanceof ApiError)) return `页面出错：${String(e)}`;
  switch (e.status) {
    case 0:
      return e.message;
    case 401:
      return '登录已过期，请重新登录';
    case 403:
      return `没有权限：${explain(e.message)}`;
    case 404:
      return `未找到：${explain(e.message)}`;
    case 409:
      return `当前状态不允许此操作：${explain(e.message)}`;
    case 429:
      return e.retryAfter > 0
        ? `操作过于频繁，请 ${e.retryAfter} 秒后再试（${e.message}）`
        : `操作过于频繁，请稍后再试（${e.message}）`;
    default:
      if (e.status === 400) return `填写有误：${explain(e.message)}`;
      return `服务器错误（${e.status}）：${explain(e.message)}`;
  }
}

// A form whose inputs carry name="<proto field>": server violations go
// beside their input; the rest into the form's notice area.
export class FormErrors {
  // `describe` words a failure that belongs to no field (the members'
  // pages pass their own).
  constructor(
    private readonly form: HTMLElement,
    private readonly area: HTMLElement,
    private readonly describe: (e: unknown) => string = errorText,
  ) {}

  clear(): void {
    for (const el of this.form.querySelectorAll('.field-error')) el.textContent = '';
    for (const el of this.form.querySelectorAll('.invalid')) el.classList.remove('invalid');
    clear(this.area);
  }

  set(field: string, text: string): boolean {
    const slot = this.form.querySelector<HTMLElement>(`.field-error[data-for="${field}"]`);
    if (!slot) return false;
    slot.textContent = text;
    this.form.querySelector(`[name="${field}"]`)?.classList.add('invalid');
    return true;
  }

  show(e: unknown): void {
    this.clear();
    const unplaced: string[] = [];
    if (e instanceof ApiError) {
      for (const d of e.details) {
        const top = d.field.split('.')[0] ?? d.field;
        if (!this.set(d.field, explain(d.description)) && !this.set(top, explain(d.description))) {
          unplaced.push(`${fieldNames[d.field] ?? d.field}：${explain(d.description)}`);
        }
      }
      if (e.details.length > 0 && unplaced.length === 0) {
        this.area.append(notice('error', '请按提示修改标红的项目'));
        return;
      }
    }
    this.area.append(notice('error', [this.describe(e), ...unplaced].join('；')));
  }
}

// A labelled input with its error slot.
export function field(
  label: string,
  input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: HTMLElement,
): HTMLElement {
  const name = input.getAttribute('name') ?? '';
  if (!input.id) input.id = `f-${name}`;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: input.id }, label),
    input,
    hint ?? null,
    h('div', { class: 'field-error', 'data-for': name, 'aria-live': 'polite' }),
  );
}

// Every destructive action asks first; resolves true on 确定.
export function confirmAction(title: string, body: string, okText = '确定'): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm' });
    const done = (ok: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(ok);
    };
    dialog.append(
      h('h3', {}, title),
      h('p', {}, body),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'btn', onclick: () => done(false) }, '取消'),
        h('button', { type: 'button', class: 'btn btn-danger', 'data-confirm': 'ok', onclick: () => done(true) }, okText),
      ),
    );
    dialog.addEventListener('cancel', () => done(false));
    document.body.append(dialog);
    dialog.showModal();
  });
}

export function progressBar(fraction: number, label: string): HTMLElement {
  const bar = h('div', { class: 'progress-fill' });
  const p = Math.max(0, Math.min(1, fraction));
  bar.style.width = `${(p * 100).toFixed(1)}%`;
  return h(
    'div',
    { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(p * 100) },
    bar,
    h('span', { class: 'progress-label' }, label),
  );
}

export interface Column<T> {
  title: string;
  cell: (row: T) => Node | string;
  numeric?: boolean;
}

export function table<T>(columns: Column<T>[], rows: T[], empty = '暂无数据'): HTMLTableElement {
  return h(
    'table',
    { class: 'grid' },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { class: c.numeric ? 'num' : undefined }, c.title)))),
    h(
      'tbody',
      {},
      rows.length === 0
        ? h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, empty))
        : rows.map((r) => h('tr', {}, columns.map((c) => h('td', { class: c.numeric ? 'num' : undefined }, c.cell(r))))),
    ),
  );
}

export function pageHeader(title: string, ...extra: (Node | string)[]): HTMLElement {
  return h('div', { class: 'page-header' }, h('h1', {}, title), h('div', { class: 'page-tools' }, ...extra));
}

export function loading(): HTMLElement {
  return h('div', { class: 'loading' }, '正在加载…');
}

// A destructive action that needs a stated reason: the dialog will not
// close on 确定 until the reason is written. Resolves the reason, or null
// on 取消.
export function askReason(title: string, body: string, label: string, okText = '确定', extra?: HTMLElement): Promise<string | null> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'data-dialog': 'reason' });
    const input = h('textarea', { name: 'reason', rows: 3, maxlength: 500, id: 'dialog-reason' });
    const error = h('div', { class: 'field-error', 'data-for': 'reason', 'aria-live': 'polite' });
    const done = (value: string | null) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.append(
      h('h3', {}, title),
      h('p', {}, body),
      extra ?? '',
      h('div', { class: 'field' }, h('label', { for: 'dialog-reason' }, label), input, error),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'btn', onclick: () => done(null) }, '取消'),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-danger',
            'data-confirm': 'ok',
            onclick: () => {
              const v = input.value.trim();
              if (!v) {
                error.textContent = `请填写${label}`;
                input.classList.add('invalid');
                return;
              }
              done(v);
            },
          },
          okText,
        ),
      ),
    );
    dialog.addEventListener('cancel', () => done(null));
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}

// Download links of a gateway export (`…:export`): plain same-origin links,
// the session cookie goes along and the gateway names the file.
export function exportLinks(path: string, params: Record<string, string | number> = {}): HTMLElement {
  const href = (format: string) => {
    const q = new URLSearchParams({ ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])), format });
    return `${path}?${q.toString()}`;
  };
  return h(
    'span',
    { class: 'exports' },
    h('a', { href: href('xlsx'), class: 'btn', download: '', 'data-export': 'xlsx' }, '下载 Excel'),
    h('a', { href: href('csv'), class: 'btn', download: '', 'data-export': 'csv' }, '下载 CSV'),
  );
}

// A definition list of label/value pairs.
export function facts(pairs: [string, Node | string][]): HTMLElement {
  return h('dl', { class: 'facts' }, pairs.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]).flat());
}
