// Issue 13's merchants, payouts, XLSX downloads, TOTP and "every role" in
// Debian's chromium, driven by playwright-core, against the gateway and
// services the C++ harness (PortalBrowserTest.MerchantsPayoutsTotpAndRoles)
// started and seeded: this year's plan approved, a member of the county
// with an ACTIVATED card, one account per role. Every step prints one
// line; the first failure exits 1.
//
// Environment (set by the harness):
//   PORTAL_BASE_URL, PORTAL_SCREENSHOTS, PORTAL_PASSWORD (every account's)
//   PORTAL_CITY_USER / PORTAL_COUNTY_USER / PORTAL_CLERK_USER /
//   PORTAL_ASSESSOR_USER / PORTAL_AUDITOR_USER
//   PORTAL_COUNTY            the county of the county account and the clerk
//   PORTAL_CARD_MEMBER       member id (the county's) with an ACTIVATED card
//   PORTAL_OWN_MEMBER        that member's name
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { api, base, chinaToday, confirmDialog, env, expect, login, logout, openPage, problems, runInBrowser, seconds, shoot, step } from './lib.mjs';

const password = env('PORTAL_PASSWORD');
const county = env('PORTAL_COUNTY');
const cardMember = env('PORTAL_CARD_MEMBER');
const work = mkdtempSync(path.join(process.env.TMPDIR || tmpdir(), 'portal-roles-'));

// RFC 6238 (SHA-1, 30 s, 6 digits) from the base32 secret the page shows.
function totp(secretBase32, stepOffset = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = secretBase32.replace(/[\s=]/g, '').toUpperCase();
  let bits = '';
  for (const c of clean) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const key = Buffer.alloc(Math.floor(bits.length / 8));
  for (let i = 0; i < key.length; i++) key[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + stepOffset));
  const mac = createHmac('sha1', key).update(counter).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const n = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(n % 1000000).padStart(6, '0');
}

async function rowsOf(page, selector) {
  return page.$$eval(`${selector} tbody tr`, (trs) => trs.filter((tr) => !tr.querySelector('td.empty')).map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
}

// The page last acted on: the one saved if a step fails.
let current = null;

// A new person (own cookie jar) signed in from the home page, acted on next.
async function signedIn(browser, who, username) {
  const page = await openPage(browser, who);
  current = page;
  await page.goto(`${base}/#/`);
  await login(page, username, password);
  return page;
}

await runInBrowser('failure-roles.png', async (browser) => {
  // ---------------------------------------------------------------- city
  const city = await signedIn(browser, 'city', env('PORTAL_CITY_USER'));
  await city.waitForSelector('[data-testid=kpi-members]');
  step('city admin signed in; home shown');

  // Three clicks: the bulletin in one, a member's page in two.
  await city.click('nav.sidebar a[href="#/bulletin"]');
  await city.waitForSelector('#bulletin-table tbody tr');
  step('three clicks: home → 月通报 (1 click) shows the bulletin table');
  await city.click('nav.sidebar a[href="#/"]');
  await city.waitForSelector('[data-testid=kpi-members]');
  await city.click('nav.sidebar a[href="#/members"]');
  await city.click(`a[href="#/members/${cardMember}"]`);
  await city.waitForSelector(`text=会员：${env('PORTAL_OWN_MEMBER')}`);
  step('three clicks: home → 会员查询 → the member (2 clicks) shows the member page');

  // XLSX download of the bulletin (a plain same-origin link).
  await city.click('nav.sidebar a[href="#/bulletin"]');
  await city.waitForSelector('#bulletin-table tbody tr');
  const [download] = await Promise.all([city.waitForEvent('download'), city.click('a[data-export=xlsx]')]);
  const xlsx = readFileSync(await download.path());
  expect(xlsx.length > 1000, `the bulletin's XLSX has ${xlsx.length} bytes`);
  expect(xlsx.subarray(0, 2).toString('latin1') === 'PK', 'the XLSX starts with PK (a zip)');
  step(`bulletin XLSX downloaded: ${download.suggestedFilename()}, ${xlsx.length} bytes, starts with PK`);
  await shoot(city, '30-bulletin-exports');
  // The other pages carry their download links; each answers a workbook.
  const year = chinaToday().slice(0, 4);
  for (const [hash, prefix] of [
    ['#/', '/v1/progress-series:export'],
    ['#/ranking', '/v1/rankings/'],
    [`#/plans?year=${year}`, `/v1/plans/${year}:export`],
    ['#/assessment', '/v1/assessments/'],
  ]) {
    await city.goto(`${base}/${hash}`);
    const href = await city.getAttribute('a[data-export=xlsx]', 'href');
    expect(href && href.startsWith(prefix), `${hash} offers an XLSX link (${href})`);
    if (hash === '#/' || hash.startsWith('#/plans')) {
      const got = await city.evaluate(async (u) => {
        const r = await fetch(u, { credentials: 'same-origin' });
        const b = new Uint8Array(await r.arrayBuffer());
        return { status: r.status, size: b.length, pk: b[0] === 0x50 && b[1] === 0x4b, disposition: r.headers.get('Content-Disposition') };
      }, href);
      expect(got.status === 200 && got.pk && got.size > 1000 && /attachment/.test(got.disposition ?? ''), `${href}: ${JSON.stringify(got)}`);
    }
  }
  step('home, ranking, plan and assessment pages offer XLSX links; the progress and plan workbooks arrive');

  // ------------------------------------------------------------ merchants
  await city.click('nav.sidebar a[href="#/merchants"]');
  await city.waitForSelector('#merchant-form');
  const merchantName = `运河便民超市${Date.now() % 10000}`;
  await city.fill('#merchant-form [name="merchant.name"]', merchantName);
  await city.selectOption('#merchant-form [name="merchant.owner_org_id"]', county);
  await city.fill('#merchant-form [name="merchant.contract_to"]', `${Number(year) + 2}-12-31`);
  // The licence is required: the form says so beside the input.
  await city.click('#merchant-form button[type=submit]');
  const licenceError = await city.textContent('.field-error[data-for="merchant.licence_number"]');
  expect(licenceError.includes('营业执照'), `missing licence flagged beside its input (${licenceError})`);
  await city.fill('#merchant-form [name="merchant.licence_number"]', `91130900MA0${Date.now() % 10000000}`);
  await city.fill('#merchant-form [name="merchant.bank_merchant_ids"]', `BM${Date.now() % 1000000}`);
  await city.fill('#merchant-form [name="merchant.locations"]', '沧州市运河区解放路 1 号');
  await city.click('#merchant-form button[type=submit]');
  await confirmDialog(city);
  await city.waitForSelector('#merchant-facts[data-state=MERCHANT_STATE_PENDING]');
  const merchantId = (await city.evaluate(() => location.hash)).match(/#\/merchants\/(\d+)/)[1];
  step(`merchant signed (#${merchantId}, PENDING)`);
  await city.click('#merchant-actions [data-action=CONTRACT_ACTION_ACTIVATE]');
  await confirmDialog(city);
  await city.waitForSelector('#merchant-facts[data-state=MERCHANT_STATE_ACTIVE]');
  await city.fill('#offer-form [name="offer.title"]', '持卡会员九折');
  await city.click('#offer-form button[type=submit]');
  await city.waitForSelector('#offer-notices .notice-ok');
  step('merchant activated; an offer published');
  await shoot(city, '31-merchant');

  await city.goto(`${base}/#/offers?county_id=${county}`);
  await city.waitForSelector('#offers-table');
  const offers = await rowsOf(city, '#offers-table');
  expect(offers.some((r) => r[0] === merchantName && r[1] === '持卡会员九折' && r[2].includes('10%')), `the offer is listed: ${JSON.stringify(offers)}`);
  const before = Number(await city.getAttribute('[data-testid=items-county]', 'data-value'));
  await city.fill('#service-item-form [name="item.title"]', '职工书屋');
  await city.selectOption('#service-item-form [name="item.kind"]', 'SERVICE_ITEM_KIND_UNION_FACILITY');
  await city.selectOption('#service-item-form [name="item.owner_org_id"]', county);
  await city.click('#service-item-form button[type=submit]');
  await city.waitForFunction((n) => Number(document.querySelector('[data-testid=items-county]')?.dataset.value) === n + 1, before);
  const counted = await api(city, `/v1/service-item-counts?county_id=${county}&date=${chinaToday()}`);
  expect(String(before + 1) === counted.body.county_items, `service items: page ${before + 1}, API ${JSON.stringify(counted.body)}`);
  step(`offers page lists the offer; a service item registered (county items ${before} → ${before + 1}, as the API counts)`);
  await shoot(city, '32-offers');

  await city.goto(`${base}/#/merchants`);
  await city.click('#run-evaluation');
  await confirmDialog(city);
  await city.waitForFunction((name) => [...document.querySelectorAll('#evaluation-table tbody tr')].some((tr) => tr.textContent.includes(name)), merchantName);
  const evaluated = await rowsOf(city, '#evaluation-table');
  const reasons = await city.$$eval('#evaluation-table [data-reason]', (els) => els.map((e) => e.dataset.reason));
  const report = await api(city, '/v1/merchant-evaluations?org_id=city');
  const ours = report.body.merchants.find((m) => m.merchant_name === merchantName);
  const row = evaluated.find((r) => r[0] === merchantName);
  expect(ours && row && row[3] === String(ours.ratings) && reasons.includes(ours.reason) && row[6].includes(`${ours.ratings} 条评价`), `evaluation row ${JSON.stringify(row)} equals the API ${JSON.stringify(ours)}`);
  for (const s of ['STANDING_FEATURED', 'STANDING_WARNING', 'STANDING_EXIT_PROPOSED']) {
    const shown = Number(await city.getAttribute(`[data-testid=standing-${s}]`, 'data-value'));
    expect(shown === report.body.merchants.filter((m) => m.standing === s).length, `${s} count ${shown}`);
  }
  step(`evaluation run: ${merchantName} ${ours.standing} (${ours.reason}); standing counts equal the API's`);
  await shoot(city, '33-merchants-evaluation');

  // Exit with a reason, confirmed; the reason is required.
  await city.click(`#merchants-table a[href="#/merchants/${merchantId}"]`);
  await city.click('#merchant-actions [data-action=CONTRACT_ACTION_EXIT]');
  await city.waitForSelector('dialog[data-dialog=reason]');
  await city.click('dialog[data-dialog=reason] [data-confirm=ok]');
  expect((await city.textContent('dialog[data-dialog=reason] .field-error')).includes('原因'), 'an exit without a reason is refused');
  await city.fill('#dialog-reason', '合同约定期内多次拒收会员卡，协商退出');
  await shoot(city, '34-merchant-exit-reason');
  await city.click('dialog[data-dialog=reason] [data-confirm=ok]');
  await city.waitForSelector('#merchant-facts[data-state=MERCHANT_STATE_EXITED]');
  const exited = await api(city, `/v1/merchants/${merchantId}`);
  expect(exited.body.state === 'MERCHANT_STATE_EXITED', `API says ${exited.body.state}`);
  await city.goto(`${base}/#/offers?county_id=${county}`);
  await city.waitForSelector('#offers-table');
  expect(!(await rowsOf(city, '#offers-table')).some((r) => r[0] === merchantName), 'the exited merchant\'s offer is gone');
  step('merchant exited with a reason (API: EXITED); its offer no longer listed');

  // -------------------------------------------------------------- payouts
  const countyPage = await signedIn(browser, 'county', env('PORTAL_COUNTY_USER'));
  await countyPage.waitForSelector('nav.sidebar');
  await countyPage.click('nav.sidebar a[href="#/payouts"]');
  await countyPage.waitForSelector('#payout-form');
  const bad = path.join(work, 'payout-bad.csv');
  const good = path.join(work, 'payout.csv');
  writeFileSync(bad, `会员编号,金额,事由\n${cardMember},abc,金秋助学\n`);
  writeFileSync(good, `会员编号,金额,事由\n${cardMember},1500.00,金秋助学\n`);
  await countyPage.setInputFiles('#payout-form input[type=file]', bad);
  await countyPage.waitForSelector('#payout-summary[data-bad="1"]');
  expect(await countyPage.isDisabled('#payout-submit'), 'a file with a bad amount cannot be sent');
  await shoot(countyPage, '35-payout-preview-bad');
  await countyPage.setInputFiles('#payout-form input[type=file]', good);
  await countyPage.waitForSelector('#payout-summary[data-bad="0"][data-total-fen="150000"]');
  await countyPage.fill('#payout-form [name=title]', '金秋助学第一批');
  await shoot(countyPage, '36-payout-preview');
  await countyPage.click('#payout-submit');
  await confirmDialog(countyPage);
  await countyPage.waitForSelector('#batch-facts[data-state=PAYOUT_BATCH_STATE_AWAITING_APPROVAL]');
  const batchId = (await countyPage.evaluate(() => location.hash)).match(/#\/payouts\/(\d+)/)[1];
  expect((await countyPage.$('#approve-batch')) === null, 'the maker is offered no approval');
  step(`county created payout batch #${batchId} from the CSV after the preview; awaiting a second person`);

  current = city;
  await city.goto(`${base}/#/payouts/${batchId}`);
  await city.waitForSelector('#approve-batch');
  await city.fill('#decision-note', '名单与审批表一致');
  await city.click('#approve-batch');
  await confirmDialog(city);
  await city.waitForSelector('#batch-facts[data-state=PAYOUT_BATCH_STATE_APPROVED]');
  const batch = await api(city, `/v1/payout-batches/${batchId}`);
  expect(batch.body.state === 'PAYOUT_BATCH_STATE_APPROVED' && batch.body.approved_by === env('PORTAL_CITY_USER'), `API: ${batch.body.state} by ${batch.body.approved_by}`);
  await city.waitForSelector('#batch-facts[data-outstanding="0"]', { timeout: 30000 }).catch(() => {});
  const after = await api(city, `/v1/payout-batches/${batchId}`);
  step(`city approved batch #${batchId} (API: PAYOUT_BATCH_STATE_APPROVED by ${batch.body.approved_by}; now paid ${after.body.paid}, failed ${after.body.failed}, outstanding ${after.body.outstanding})`);
  await shoot(city, '37-payout-approved');

  // A second batch, declined by the city with a note (confirmed).
  current = countyPage;
  await countyPage.click('nav.sidebar a[href="#/payouts"]');
  await countyPage.waitForSelector('#payout-form');
  await countyPage.setInputFiles('#payout-form input[type=file]', good);
  await countyPage.waitForSelector('#payout-summary[data-bad="0"]');
  await countyPage.fill('#payout-form [name=title]', '金秋助学第二批');
  await countyPage.click('#payout-submit');
  await confirmDialog(countyPage);
  await countyPage.waitForSelector('#batch-facts[data-state=PAYOUT_BATCH_STATE_AWAITING_APPROVAL]');
  const secondId = (await countyPage.evaluate(() => location.hash)).match(/#\/payouts\/(\d+)/)[1];
  current = city;
  await city.goto(`${base}/#/payouts/${secondId}`);
  await city.click('#decline-batch');
  await city.waitForSelector('dialog[data-dialog=reason]');
  await city.click('dialog[data-dialog=reason] [data-confirm=ok]');
  expect((await city.textContent('dialog[data-dialog=reason] .field-error')).includes('拒绝原因'), 'a decline without a note is refused');
  await city.fill('#dialog-reason', '与第一批重复');
  await city.click('dialog[data-dialog=reason] [data-confirm=ok]');
  await city.waitForSelector('#batch-facts[data-state=PAYOUT_BATCH_STATE_DECLINED]');
  const declined = await api(city, `/v1/payout-batches/${secondId}`);
  expect(declined.body.state === 'PAYOUT_BATCH_STATE_DECLINED' && declined.body.items.every((i) => i.state === 'PAYOUT_ITEM_STATE_WITHDRAWN'), `API: ${declined.body.state}`);
  step(`county's second batch #${secondId} declined by the city with a note (API: DECLINED, items withdrawn)`);

  // -------------------------------------------------------------- auditor
  const auditor = await signedIn(browser, 'auditor', env('PORTAL_AUDITOR_USER'));
  await auditor.waitForSelector('nav.sidebar a[href="#/audit"]');
  await auditor.click('nav.sidebar a[href="#/reconciliation"]');
  await auditor.click('#reconcile-form button[type=submit]');
  await auditor.waitForSelector('#reconciliation-figures');
  const figures = await auditor.$eval('#reconciliation-figures', (el) => ({ ...el.dataset }));
  const diffRows = (await rowsOf(auditor, '#differences-table')).length;
  expect(Number(figures.differences) === diffRows, `differences ${figures.differences} = rows ${diffRows}`);
  step(`auditor reconciled today: ledger ${figures.ledger} fen, bank ${figures.bank} fen, matched ${figures.matched}, ${diffRows} differences listed`);
  await shoot(auditor, '38-reconciliation');
  // How differences are shown: the same page with the answer replaced by a
  // made-up day (the harness's bank never disagrees), this request only.
  await auditor.route('**/v1/reconciliations/**', (r) =>
    r.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        date: chinaToday(),
        ledger_total_fen: '300000',
        bank_total_fen: '250000',
        matched: 1,
        differences: [
          { kind: 'KIND_MISSING_AT_BANK', idempotency_key: 'pay-stub-1', ledger_fen: '50000', bank_fen: '0' },
          { kind: 'KIND_AMOUNT_MISMATCH', idempotency_key: 'pay-stub-2', ledger_fen: '100000', bank_fen: '100000' },
        ],
      }),
    }),
  );
  await auditor.click('#reconcile-form button[type=submit]');
  await auditor.waitForSelector('#reconciliation-figures[data-differences="2"]');
  const marked = await auditor.$$eval('#differences-table tbody tr.row-bad', (trs) => trs.map((tr) => tr.cells[0].textContent));
  const bankKpiBad = await auditor.$eval('#reconciliation-figures .kpi-bad', (el) => el.textContent).catch(() => '');
  expect(marked.length === 2 && marked[0].includes('银行流水缺少') && bankKpiBad.includes('2,500.00'), `differences highlighted: ${JSON.stringify(marked)} ${bankKpiBad}`);
  expect((await auditor.textContent('#reconciliation .notice-error')).includes('2 处差异'), 'the differences are announced');
  await shoot(auditor, '38b-reconciliation-differences-stubbed');
  await auditor.unroute('**/v1/reconciliations/**');
  step('reconciliation differences (stubbed answer): both rows highlighted, bank total marked, count announced');
  await auditor.click('nav.sidebar a[href="#/audit"]');
  await auditor.waitForSelector('#audit-table');
  const gatewayRows = await rowsOf(auditor, '#audit-table');
  expect(gatewayRows.length > 0, 'the gateway audit log has entries');
  await shoot(auditor, '39-audit-gateway');
  const trails = {};
  for (const s of ['member', 'card', 'merchant', 'assessment']) {
    await auditor.click(`nav.tabs a[href="#/audit?service=${s}"]`);
    await auditor.waitForSelector(`#trail-${s}`);
    trails[s] = (await rowsOf(auditor, `#trail-${s}`)).length;
    expect(trails[s] > 0, `the ${s} service's trail has entries`);
  }
  expect((await rowsOf(auditor, '#trail-assessment')).length > 0, 'assessment trail');
  step(`auditor: gateway log ${gatewayRows.length} rows; service trails ${JSON.stringify(trails)}`);
  await auditor.click('nav.tabs a[href="#/audit?service=merchant"]');
  await auditor.waitForSelector('#trail-merchant');
  await shoot(auditor, '40-audit-merchant-trail');

  // ---------------------------------------------------------------- clerk
  const clerk = await signedIn(browser, 'clerk', env('PORTAL_CLERK_USER'));
  await clerk.waitForSelector('#clerk-home');
  const approved = Number(await clerk.getAttribute('[data-testid=clerk-members-REVIEW_STATE_CITY_APPROVED]', 'data-value'));
  const listed = await api(clerk, '/v1/members?page_size=500');
  const apiApproved = listed.body.members.filter((m) => m.review_state === 'REVIEW_STATE_CITY_APPROVED' && m.membership_status !== 'MEMBERSHIP_STATUS_ENDED').length;
  expect(approved === apiApproved && approved >= 1, `clerk home: ${approved} approved members, API ${apiApproved}`);
  const activated = Number(await clerk.getAttribute('[data-testid=clerk-cards-CARD_STATE_ACTIVATED]', 'data-value'));
  expect(activated >= 1, `clerk home shows ${activated} activated cards`);
  const menuText = await clerk.textContent('nav.sidebar');
  expect(!menuText.includes('资金发放') && !menuText.includes('审计日志'), 'no payouts or audit log in the clerk menu');
  step(`grassroots clerk home: ${approved} approved members (= API), ${activated} activated card(s)`);
  await shoot(clerk, '41-home-clerk');

  // ------------------------------------------- assessor with a second factor
  const assessor = await signedIn(browser, 'assessor', env('PORTAL_ASSESSOR_USER'));
  await assessor.waitForSelector('nav.sidebar');
  await assessor.click('#security-link');
  await assessor.click('#totp-enroll');
  await assessor.waitForSelector('#totp-qr');
  const qrSrc = await assessor.getAttribute('#totp-qr', 'src');
  expect(qrSrc.startsWith('data:image/png;base64,') && qrSrc.length > 500, 'the QR code is a PNG drawn in the page');
  const qrDrawn = await assessor.$eval('#totp-qr', (img) => img.complete && img.naturalWidth > 0);
  expect(qrDrawn, 'the QR image decoded');
  const secret = (await assessor.textContent('#totp-secret')).replace(/\s/g, '');
  await shoot(assessor, '42-totp-enrol');
  await assessor.fill('#totp-confirm-form [name=code]', '000000' === totp(secret) ? '111111' : '000000');
  await assessor.click('#totp-confirm-form button[type=submit]');
  await assessor.waitForSelector('#totp-confirm-form .field-error:not(:empty), #totp-confirm-form .notice-error');
  await assessor.fill('#totp-confirm-form [name=code]', totp(secret));
  await assessor.click('#totp-confirm-form button[type=submit]');
  await assessor.waitForSelector('#totp-notices .notice-ok');
  step('assessor enrolled TOTP: QR drawn, secret read from the page, a wrong code refused, the right one confirmed');
  await logout(assessor);
  await login(assessor, env('PORTAL_ASSESSOR_USER'), password);
  await assessor.waitForSelector('#totp-field:not([hidden])');
  await shoot(assessor, '43-login-totp');
  // The next step's code: the current one was spent on the confirmation.
  await assessor.fill('#login-form input[name=totp_code]', totp(secret, 1));
  await assessor.click('#login-form button[type=submit]');
  await assessor.waitForSelector('[data-testid=kpi-members]');
  const who = await api(assessor, '/v1/session');
  expect(who.status === 200 && who.body.account.totp_enabled === true, `signed in with the code; totp_enabled ${who.body.account?.totp_enabled}`);
  step('assessor logged out and back in with password + code; home shown');
  const assessorMenu = await assessor.textContent('nav.sidebar');
  expect(assessorMenu.includes('年度考核') && !assessorMenu.includes('资金发放'), 'assessor menu');
  await shoot(assessor, '44-home-assessor');

  if (problems.length) throw new Error(`${problems.length} problem(s) in the pages, listed below`);
  step(`all checks passed in ${seconds()}s`);
}, () => (current ? [current] : []));
