// Issue 13's assessment pages, card actions and county scope in Debian's
// chromium, driven by playwright-core, against the gateway and services
// the C++ harness (PortalBrowserTest.AssessmentWorkflowCardsAndCountyScope)
// started and seeded: last year's assessment computed in DRAFT, a member
// with an activated card. Every step prints one line; the first failure
// exits 1.
//
// Environment (set by the harness):
//   PORTAL_BASE_URL, PORTAL_SCREENSHOTS
//   PORTAL_CITY_USER / PORTAL_ASSESSOR_USER / PORTAL_COUNTY_USER, PORTAL_PASSWORD
//   PORTAL_COUNTY            the county account's county code
//   PORTAL_OTHER_COUNTIES    names of every other county (comma separated)
//   PORTAL_YEAR              the year whose assessment is in DRAFT
//   PORTAL_CARD_MEMBER       a member id of that county with an ACTIVATED card
//   PORTAL_BATCH_UNION       a grassroots union of that county whose only
//                            approved member has no card yet ...
//   PORTAL_BATCH_MEMBER      ... that member's id
import { api, base, confirmDialog, env, expect, inkedPixels, login, logout, openPage, runInBrowser, same, shoot, step } from './lib.mjs';

const year = env('PORTAL_YEAR');
const others = env('PORTAL_OTHER_COUNTIES').split(',').filter(Boolean);

// The workflow buttons the page shows, by step.
async function steps(page) {
  await page.waitForSelector('#workflow');
  return page.$$eval('#workflow [data-step]', (bs) => bs.map((b) => b.dataset.step));
}

async function press(page, stepName, want) {
  await page.click(`#workflow [data-step=${stepName}]`);
  await confirmDialog(page);
  await page.waitForSelector(`#assessment-state[data-state=${want}]`);
}

await runInBrowser('failure-assessment.png', async (browser) => {
  const page = await openPage(browser);
  const password = env('PORTAL_PASSWORD');

  // 1. The assessor (leading group, chairman meeting): review and approve
  //    only; never compute or publish.
  await page.goto(`${base}/#/assessment?year=${year}`);
  await login(page, env('PORTAL_ASSESSOR_USER'), password);
  await page.waitForSelector('#assessment-state[data-state=ASSESSMENT_STATE_DRAFT]');
  let shown = await steps(page);
  expect(same(shown, ['ASSESSMENT_STEP_REVIEW']), `assessor on a DRAFT sees ${JSON.stringify(shown)}`);
  await shoot(page, '20-assessment-assessor-draft');
  await press(page, 'ASSESSMENT_STEP_REVIEW', 'ASSESSMENT_STATE_REVIEWED');
  shown = await steps(page);
  expect(same(shown, ['ASSESSMENT_STEP_APPROVE', 'ASSESSMENT_STEP_SEND_BACK']), `assessor on ASSESSMENT_STATE_REVIEWED sees ${JSON.stringify(shown)}`);
  await press(page, 'ASSESSMENT_STEP_APPROVE', 'ASSESSMENT_STATE_APPROVED');
  shown = await steps(page);
  expect(same(shown, ['ASSESSMENT_STEP_SEND_BACK']), `assessor on ASSESSMENT_STATE_APPROVED sees ${JSON.stringify(shown)}`);
  const apiState = await api(page, `/v1/assessments/${year}`);
  expect(apiState.body.state === 'ASSESSMENT_STATE_APPROVED', `the API says ${apiState.body.state}`);
  step('assessor: REVIEW on DRAFT, then ASSESSMENT_STEP_APPROVE + SEND_BACK on ASSESSMENT_STATE_REVIEWED, SEND_BACK on ASSESSMENT_STATE_APPROVED; never COMPUTE or PUBLISH');
  await logout(page);

  // 2. The city admin (promotion office): publish, then correct; never review.
  await page.goto(`${base}/#/assessment?year=${year}`);
  await login(page, env('PORTAL_CITY_USER'), password);
  await page.waitForSelector('#assessment-state[data-state=ASSESSMENT_STATE_APPROVED]');
  shown = await steps(page);
  expect(same(shown, ['ASSESSMENT_STEP_PUBLISH']), `city admin on ASSESSMENT_STATE_APPROVED sees ${JSON.stringify(shown)}`);
  await press(page, 'ASSESSMENT_STEP_PUBLISH', 'ASSESSMENT_STATE_PUBLISHED');
  shown = await steps(page);
  expect(same(shown, ['ASSESSMENT_STEP_CORRECT']), `city admin on PUBLISHED sees ${JSON.stringify(shown)}`);
  const rows = await page.$$eval('#assessment-table tbody tr', (trs) => trs.length);
  const published = await api(page, `/v1/assessments/${year}`);
  expect(rows === published.body.result.units.length, `score table has ${rows} rows, the API ${published.body.result.units.length}`);
  step(`city admin: PUBLISH on ASSESSMENT_STATE_APPROVED, CORRECT on PUBLISHED; ${rows} units scored`);
  // What if: the stored inputs, scored again, equal the stored result.
  await page.click('#what-if-run');
  await page.waitForSelector('#what-if-result #compare');
  const verdict = await page.textContent('#what-if-result #compare p');
  expect(verdict.includes('相同'), `what-if on unchanged inputs says ${verdict}`);
  // One unit's service items up by 50: something changes and is marked.
  const firstServiceItems = page.locator('#what-if tbody tr:first-child input[name=service_items]');
  await firstServiceItems.fill(String(Number(await firstServiceItems.inputValue()) + 50));
  await page.click('#what-if-run');
  await page.waitForFunction(() => !document.querySelector('#what-if-result .loading') && document.querySelector('#what-if-result #compare'));
  const verdict2 = await page.textContent('#what-if-result #compare p');
  step(`what-if: unchanged inputs give the same result; 50 more service items for one unit: ${verdict2}`);
  await shoot(page, '21-assessment-city-published');

  // 3. The quarterly ranking draws, with the API's points.
  await page.goto(`${base}/#/ranking?year=${year}&quarter=4`);
  await page.waitForSelector('[data-testid=chart-ranking] canvas');
  const ranking = await api(page, `/v1/rankings/${year}/4`);
  expect(ranking.status === 200, `GET /v1/rankings/${year}/4 answered ${ranking.status}`);
  const drawn = JSON.parse((await page.getAttribute('[data-testid=chart-ranking]', 'data-values')) ?? '[]');
  expect(same(drawn, ranking.body.units.map((u) => [u.name, u.points])), `ranking chart ${JSON.stringify(drawn)} differs from the API`);
  const rankRows = await page.$$eval('#ranking-table tbody tr', (trs) => trs.length);
  expect(rankRows === ranking.body.units.length, `ranking table has ${rankRows} rows`);
  const ink = await inkedPixels(page, '[data-testid=chart-ranking]');
  expect(ink > 1000, `the ranking chart has ${ink} inked pixels`);
  step(`ranking ${year} Q4: ${rankRows} units, chart data equal to the API, ${ink} inked pixels`);
  await shoot(page, '22-ranking');

  // 4. A card reported lost from the member page, after a stated reason.
  const member = env('PORTAL_CARD_MEMBER');
  await page.goto(`${base}/#/members/${member}`);
  await page.waitForSelector('[data-card][data-state=CARD_STATE_ACTIVATED] [data-action=report-lost]');
  await page.click('[data-card][data-state=CARD_STATE_ACTIVATED] [data-action=report-lost]');
  await page.waitForSelector('dialog[data-dialog=reason]');
  await page.click('dialog[data-dialog=reason] [data-confirm=ok]');
  const refused = await page.textContent('dialog[data-dialog=reason] .field-error');
  expect(refused.includes('请填写'), `an empty reason was not refused: "${refused}"`);
  await shoot(page, '23-card-report-lost-confirm');
  await page.fill('dialog[data-dialog=reason] textarea', '会员来电称卡丢失');
  await page.click('dialog[data-dialog=reason] [data-confirm=ok]');
  await page.waitForSelector('[data-card][data-state=CARD_STATE_LOST]');
  await page.waitForSelector('[data-card][data-state=CARD_STATE_LOST] [data-action=replace]');
  const cards = await api(page, `/v1/members/${member}/cards`);
  expect(cards.body.cards.some((c) => c.card.state === 'CARD_STATE_LOST'), `the API shows ${JSON.stringify(cards.body.cards.map((c) => c.card.state))}`);
  step('member page: report lost asks for a reason, then the card is LOST (page and API) and 补卡 is offered');
  // Reveal with a stated reason; the notice says it was audited.
  const masked = await page.textContent('[data-field=id_number]');
  await page.click('#reveal');
  await page.fill('dialog[data-dialog=reason] textarea', '核对补卡身份');
  await page.click('dialog[data-dialog=reason] [data-confirm=ok]');
  await page.waitForFunction(() => /审计日志/.test(document.querySelector('#member-notices')?.textContent ?? ''));
  const clearId = await page.textContent('[data-field=id_number]');
  expect(clearId !== masked && !clearId.includes('*'), `revealed ID ${clearId} (masked ${masked})`);
  const auditNote = await page.textContent('#member-notices');
  expect(/#\d+/.test(auditNote), `the reveal notice names no audit entry: ${auditNote}`);
  step(`reveal: ${auditNote}`);
  await shoot(page, '24-member-card-lost');
  await logout(page);

  // 5. The county: no workflow buttons, and no other county on any new page.
  await page.goto(`${base}/#/assessment?year=${year}`);
  await login(page, env('PORTAL_COUNTY_USER'), password);
  await page.waitForSelector('#assessment-table tbody tr');
  shown = await steps(page);
  expect(shown.length === 0, `county staff sees workflow buttons ${JSON.stringify(shown)}`);
  expect((await page.$$('#what-if')).length === 0, 'county staff sees the what-if panel');
  const countyRows = await page.$$eval('#assessment-table tbody tr', (trs) => trs.length);
  expect(countyRows === 1, `county sees ${countyRows} units in the assessment`);
  await shoot(page, '25-assessment-county');
  for (const [hash, ready] of [
    [`/assessment?year=${year}`, '#assessment-table'],
    [`/ranking?year=${year}&quarter=4`, '#ranking-table'],
    [`/plans?year=${year}`, 'table.grid'],
    [`/regular?year=${year}`, '#incidents table'],
    ['/followup', '#followup-total'],
  ]) {
    await page.goto(`${base}/#${hash}`);
    await page.waitForSelector(ready);
    const text = await page.evaluate(() => document.body.innerText);
    const seen = others.filter((n) => text.includes(n));
    expect(seen.length === 0, `county page #${hash} shows ${seen.join('、')}`);
    expect(!/<|undefined|NaN/.test(text), `county page #${hash} shows a broken value`);
  }
  expect((await page.$$('#regular-items input')).length === 0, 'county staff can edit regular items');
  step(`county: no workflow buttons, one unit scored, none of ${others.length} other counties on 5 new pages`);
  await shoot(page, '26-ranking-county');

  // 6. The county issues a card through a batch: bank-sim issues and
  //    activates it while the batch page refreshes on its own, and the
  //    member's page shows the card the API answers.
  const batchUnion = env('PORTAL_BATCH_UNION');
  const batchMember = env('PORTAL_BATCH_MEMBER');
  const before = await api(page, `/v1/members/${batchMember}/cards`);
  expect(before.status === 200 && (before.body.cards ?? []).length === 0, `member ${batchMember} has cards before the batch: ${JSON.stringify(before.body)}`);
  await page.click('nav.sidebar a[href="#/batches"]');
  await page.waitForSelector('#batch-list table.grid');
  await page.waitForSelector(`#batch-form select[name=org_id] option[value="${batchUnion}"]`, { state: 'attached' });
  await page.selectOption('#batch-form select[name=org_id]', batchUnion);
  const unionName = (await page.textContent(`#batch-form select[name=org_id] option[value="${batchUnion}"]`)).trim();
  await page.click('#batch-form button[type=submit]');
  await page.waitForSelector('dialog.confirm');
  const asked = await page.textContent('dialog.confirm p');
  expect(asked.includes(unionName), `the batch confirmation does not name ${unionName}: ${asked}`);
  // Every listing the page asks for from here on (after the batch is made).
  const batchListings = [];
  page.on('request', (r) => {
    if (r.method() === 'GET' && new URL(r.url()).pathname === '/v1/issuance-batches') batchListings.push(r.url());
  });
  await confirmDialog(page);
  await page.waitForSelector('#batch-form .notice-ok');
  const created = await page.textContent('#batch-form .notice-ok');
  const madeBatch = /已创建批次 #(\d+)：1 人/.exec(created);
  expect(madeBatch, `batch creation notice: ${created}`);
  const batchId = madeBatch[1];
  const batchUrl = page.url();
  // The batch's row as the page shows it: [state, members, issued, activated, without card].
  const batchRow = (id) =>
    page.$$eval('#batch-list tbody tr', (trs, want) => {
      const tr = trs.find((t) => t.cells[0]?.textContent === `#${want}`);
      return tr ? { union: tr.cells[1].textContent, cells: [3, 4, 5, 6, 7].map((i) => tr.cells[i].textContent.trim()), bars: [...tr.querySelectorAll('[role=progressbar]')].map((b) => b.getAttribute('aria-valuenow')) } : null;
    }, id);
  await page.waitForFunction((id) => [...document.querySelectorAll('#batch-list tbody tr')].some((t) => t.cells[0]?.textContent === `#${id}`), batchId);
  const first = await batchRow(batchId);
  // The bank issues and activates; the page follows without a reload (30 s at most).
  await page.waitForFunction((id) => {
    const tr = [...document.querySelectorAll('#batch-list tbody tr')].find((t) => t.cells[0]?.textContent === `#${id}`);
    return tr && tr.cells[3].textContent === '已完成' && tr.cells[5].textContent.trim() === '1 / 1' && tr.cells[6].textContent.trim() === '1 / 1';
  }, batchId, { timeout: 30000, polling: 250 });
  const last = await batchRow(batchId);
  expect(page.url() === batchUrl, `the batch page moved to ${page.url()}`);
  expect(last.union === unionName, `batch #${batchId} is shown for ${last.union}, not ${unionName}`);
  expect(JSON.stringify(last.cells) === JSON.stringify(['已完成', '1', '1 / 1', '1 / 1', '0']), `batch #${batchId} row: ${JSON.stringify(last.cells)}`);
  expect(JSON.stringify(last.bars) === JSON.stringify(['100', '100']), `batch #${batchId} progress bars at ${JSON.stringify(last.bars)}`);
  const batch = await api(page, `/v1/issuance-batches/${batchId}`);
  const item = (batch.body.items ?? [])[0];
  expect(batch.status === 200 && batch.body.state === 'BATCH_STATE_COMPLETE' && batch.body.org_id === batchUnion && batch.body.members === 1 && batch.body.issued === 1 && batch.body.activated === 1 && batch.body.items.length === 1 && item.member_id === batchMember && item.state === 'CARD_STATE_ACTIVATED', `GET /v1/issuance-batches/${batchId}: ${JSON.stringify(batch.body)}`);
  step(`batch #${batchId} for ${unionName}: first shown ${JSON.stringify(first.cells)}, then ${JSON.stringify(last.cells)}, listed ${batchListings.length} times by the page itself; the API agrees (card ${item.card_id} ACTIVATED)`);
  await shoot(page, '27-batch-issued');

  // The member's page: the card, activated, with the API's last four digits.
  await page.goto(`${base}/#/members/${batchMember}`);
  await page.waitForSelector('[data-card][data-state=CARD_STATE_ACTIVATED]');
  const issued = await api(page, `/v1/members/${batchMember}/cards`);
  expect(issued.status === 200 && issued.body.cards.length === 1, `GET /v1/members/${batchMember}/cards: ${JSON.stringify(issued.body)}`);
  const card = issued.body.cards[0].card;
  expect(card.state === 'CARD_STATE_ACTIVATED' && /^\d{4}$/.test(card.last4) && card.id === item.card_id && issued.body.live_card_id === card.id, `the API's card: ${JSON.stringify(card)} (batch item card ${item.card_id})`);
  const blocks = await page.$$eval('[data-card]', (bs) => bs.map((b) => ({ id: b.dataset.card, state: b.dataset.state, title: b.querySelector('h3').textContent, tag: b.querySelector('h3 .tag').textContent })));
  expect(blocks.length === 1 && blocks[0].id === card.id && blocks[0].state === 'CARD_STATE_ACTIVATED' && blocks[0].tag === '已激活', `member page cards: ${JSON.stringify(blocks)}`);
  expect(blocks[0].title.includes(`卡号尾号 ${card.last4}`), `member page shows "${blocks[0].title}", the API's last four digits are ${card.last4}`);
  step(`member ${batchMember}'s page: one card "${blocks[0].title}", state 已激活 (ACTIVATED), last four ${card.last4} as GET /v1/members/${batchMember}/cards answers`);
  await shoot(page, '28-member-card-issued');
  await logout(page);
});
