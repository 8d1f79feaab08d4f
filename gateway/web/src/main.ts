// The portal's entry: find the session, then draw the page the hash names.
import './styles.css';
import { session, setUnauthenticatedHandler } from './api';
import { h, clear } from './dom';
import { currentHash, go, match, route } from './router';
import { canSee, drawShell } from './shell';
import { setAccount, signedIn } from './state';
import { errorText, notice } from './ui';
import { disposeCharts } from './charts';
import { loginPage, rememberPage } from './pages/login';
import { changePasswordPage } from './pages/change_password';
import { homePage } from './pages/home';
import { bulletinPage } from './pages/bulletin';
import { membersPage } from './pages/members';
import { memberPage } from './pages/member';
import { registerPage } from './pages/register';
import { importPage } from './pages/import';
import { reviewPage } from './pages/review';
import { batchesPage } from './pages/batches';
import { accountsPage } from './pages/accounts';
import { auditPage } from './pages/audit';
import { rankingPage } from './pages/ranking';
import { generatedPlanPage, plansPage } from './pages/plans';
import { regularPage } from './pages/regular';
import { assessmentPage } from './pages/assessment';
import { followupPage, insurancePage } from './pages/cards';
import { merchantPage, merchantsPage, offersPage } from './pages/merchants';
import { payoutBatchPage, payoutsPage, reconciliationPage } from './pages/payouts';
import { securityPage } from './pages/security';
import { helpRequestsPage } from './pages/help';
import { noticesPage } from './pages/notices';
import { memberQrPage } from './pages/member_qr';

const root = document.getElementById('app') as HTMLElement;

route('/', homePage);
route('/bulletin', bulletinPage);
route('/members', membersPage);
route('/members/new', registerPage);
route('/members/:id', memberPage);
route('/import', importPage);
route('/review', reviewPage);
route('/batches', batchesPage);
route('/accounts', accountsPage);
route('/audit', auditPage);
route('/ranking', rankingPage);
route('/plans', plansPage);
route('/plans/generated/:id', generatedPlanPage);
route('/regular', regularPage);
route('/assessment', assessmentPage);
route('/followup', followupPage);
route('/insurance', insurancePage);
route('/merchants', merchantsPage);
route('/merchants/:id', merchantPage);
route('/offers', offersPage);
route('/payouts', payoutsPage);
route('/payouts/:id', payoutBatchPage);
route('/reconciliation', reconciliationPage);
route('/security', securityPage);
route('/help-requests', helpRequestsPage);
route('/notices', noticesPage);
route('/member-qr', memberQrPage);

// Pages drawn without the frame.
const bare: Record<string, (root: HTMLElement) => void> = {
  '/login': loginPage,
  '/change-password': changePasswordPage,
};

let drawing = 0;

async function draw(): Promise<void> {
  const hash = currentHash();
  const path = hash.split('?')[0] ?? '/';
  const mine = ++drawing;
  disposeCharts();
  const account = signedIn();
  if (!account && path !== '/login') {
    rememberPage(hash);
    return go('/login');
  }
  if (account?.must_change_password && path !== '/change-password' && path !== '/login') {
    return go('/change-password');
  }
  const bareDraw = bare[path];
  if (bareDraw) {
    root.className = 'app app-bare';
    return bareDraw(root);
  }
  root.className = 'app';
  const view = drawShell(root, hash);
  const found = match(hash);
  if (!found) {
    view.append(notice('error', '没有这个页面'));
    return;
  }
  if (!canSee(path)) {
    view.append(notice('error', '您的角色不能使用此页面'));
    return;
  }
  try {
    await found.page({ params: found.params, query: found.query, view });
  } catch (e) {
    if (mine === drawing) view.append(notice('error', errorText(e)));
  }
}

setUnauthenticatedHandler(() => {
  if (!signedIn()) return;
  setAccount(null);
  rememberPage(currentHash());
  go('/login');
});

async function start(): Promise<void> {
  try {
    setAccount((await session.current()).account);
  } catch {
    setAccount(null);
  }
  window.addEventListener('hashchange', () => void draw());
  await draw();
}

clear(root, h('div', { class: 'loading' }, '正在加载…'));
void start();
