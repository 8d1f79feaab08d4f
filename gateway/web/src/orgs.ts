// The union directory (names of counties and grassroots unions), fetched
// once per parent and kept for the session: it changes rarely.
import { get, query } from './api';
import { clear, h } from './dom';
import { hasRole, me } from './state';
import type { OrgUnit } from './types';

const children = new Map<string, Promise<OrgUnit[]>>();
const names = new Map<string, string>();

// Direct child units of `parentId` ("" = the caller's own unit).
export function childUnits(parentId: string): Promise<OrgUnit[]> {
  let p = children.get(parentId);
  if (!p) {
    p = (async () => {
      const units: OrgUnit[] = [];
      let token = '';
      do {
        const page = await get<{ org_units: OrgUnit[]; next_page_token: string }>(
          `/v1/orgs${query({ parent_id: parentId, page_size: 1000, page_token: token })}`,
        );
        units.push(...(page.org_units ?? []));
        token = page.next_page_token ?? '';
      } while (token);
      for (const u of units) names.set(u.id, u.name);
      return units;
    })();
    p.catch(() => children.delete(parentId));
    children.set(parentId, p);
  }
  return p;
}

export function unitName(id: string): string {
  return names.get(id) ?? id;
}

export function forgetUnits(): void {
  children.clear();
}

// A <select> of units with a first "all" option.
export function unitSelect(name: string, units: OrgUnit[], selected: string, allText: string): HTMLSelectElement {
  return h(
    'select',
    { name },
    h('option', { value: '' }, allText),
    units.filter((u) => !u.closed).map((u) => h('option', { value: u.id, selected: u.id === selected }, u.name)),
  );
}

// The grassroots unions the signed-in account may register into, grouped
// by county for the city.
export async function grassrootsUnions(county: string): Promise<OrgUnit[]> {
  const a = me();
  if (a.role === 'grassroots_staff') {
    const own = await get<OrgUnit>(`/v1/orgs/${encodeURIComponent(a.org_id)}`);
    names.set(own.id, own.name);
    return [own];
  }
  return childUnits(a.role === 'county_staff' ? a.org_id : county);
}

// Names of units met in a list (a member's union), fetched once each.
export async function resolveNames(ids: string[]): Promise<void> {
  const unknown = [...new Set(ids)].filter((id) => id && !names.has(id));
  await Promise.all(
    unknown.map(async (id) => {
      try {
        const u = await get<OrgUnit>(`/v1/orgs/${encodeURIComponent(id)}`);
        names.set(u.id, u.name);
      } catch {
        names.set(id, id); // shown as its code; asked no more
      }
    }),
  );
}

// The county and grassroots-union <select>s of a form that acts on one
// union (register, import, issuance batches). Only the city admin picks a
// county first; others get their own unions at once, and a lone union is
// chosen for them. `noneText` heads the union list while it is empty.
export async function unionPicker(noneText = '请选择基层工会'): Promise<{ countySelect: HTMLSelectElement | null; orgSelect: HTMLSelectElement }> {
  const countySelect = hasRole('city_admin') ? unitSelect('county', await childUnits('city'), '', '请选择县级工会') : null;
  const orgSelect = h('select', { name: 'org_id' });
  const fill = async (county: string) => {
    const units = county || !countySelect ? await grassrootsUnions(county) : [];
    clear(orgSelect, h('option', { value: '' }, units.length ? '请选择基层工会' : noneText), units.filter((u) => !u.closed).map((u) => h('option', { value: u.id }, u.name)));
    if (units.length === 1 && units[0]) orgSelect.value = units[0].id;
  };
  countySelect?.addEventListener('change', () => void fill(countySelect.value));
  await fill('');
  return { countySelect, orgSelect };
}
