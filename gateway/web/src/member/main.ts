// The members' platform (/m/): find the member's session, then draw the
// page the hash names. Same router, DOM and format helpers as the staff
// portal; its own session, frame and pages.
import './member.css';
import { get, setUnauthenticatedHandler } from '../api';
import { h, clear } from '../dom';
import { currentHash, go, match, route } from '../router';
import { notice } from '../ui';
import { memberErrorText } from './common';
import { drawShell } from './shell';
import { setMember, signedInMember } from './state';
import type { MemberSession } from './types';
import { loginPage, rememberPage } from './login';
import { cardPage } from './card';
import { benefitsPage } from './benefits';
import { offersPage } from './offers';
import { ratePage } from './rate';
import { profilePage } from './profile';
import { servicesPage } from './services';

const root = document.getElementById('app') as HTMLElement;

route('/', cardPage);
route('/benefits', benefitsPage);
route('/offers', offersPage);
route('/rate/:merchant_id', ratePage);
route('/profile', profilePage);
route('/services', servicesPage);

let drawing = 0;

async function draw(): Promise<void> {
  const hash = currentHash();
  const path = hash.split('?')[0] ?? '/';
  const mine = ++drawing;
  window.scrollTo(0, 0);
  if (!signedInMember()) {
    if (path !== '/login') {
      rememberPage(hash);
      return go('/login');
    }
    root.className = 'm-app m-app-bare';
    return loginPage(root);
  }
  if (path === '/login') return go('/');
  root.className = 'm-app';
  const view = drawShell(root, path);
  const found = match(hash);
  if (!found) {
    view.append(notice('error', '没有这个页面'));
    return;
  }
  try {
    await found.page({ params: found.params, query: found.query, view });
  } catch (e) {
    if (mine === drawing) view.append(notice('error', memberErrorText(e)));
  }
}

setUnauthenticatedHandler(() => {
  if (!signedInMember()) return;
  setMember(null);
  rememberPage(currentHash());
  go('/login');
});

async function start(): Promise<void> {
  try {
    setMember(await get<MemberSession>('/v1/me/session'));
  } catch {
    setMember(null);
  }
  window.addEventListener('hashchange', () => void draw());
  await draw();
}

clear(root, h('div', { class: 'm-loading' }, '正在加载…'));
void start();
