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
  await page.waitForSelector('#assessment-state[data-state=DRAFT]');
  let shown = await steps(page);
  expect(same(shown, ['REVIEW']), `assessor on a DRAFT sees ${JSON.stringify(shown)}`);
  await shoot(page, '20-assessment-assessor-draft');
  await press(page, 'REVIEW', 'REVIEWED');
  shown = await steps(page);
  expect(same(shown, ['APPROVE', 'SEND_BACK']), `assessor on REVIEWED sees ${JSON.stringify(shown)}`);
  await press(page, 'APPROVE', 'APPROVED');
  shown = await steps(page);
  expect(same(shown, ['SEND_BACK']), `assessor on APPROVED sees ${JSON.stringify(shown)}`);
  const apiState = await api(page, `/v1/assessments/${year}`);
  expect(apiState.body.state === 'APPROVED', `the API says ${apiState.body.state}`);
  step('assessor: REVIEW on DRAFT, then APPROVE + SEND_BACK on REVIEWED, SEND_BACK on APPROVED; never COMPUTE or PUBLISH');
  await logout(page);

  // 2. The city admin (promotion office): publish, then correct; never review.
  await page.goto(`${base}/#/assessment?year=${year}`);
  await login(page, env('PORTAL_CITY_USER'), password);
  await page.waitForSelector('#assessment-state[data-state=APPROVED]');
  shown = await steps(page);
  expect(same(shown, ['PUBLISH']), `city admin on APPROVED sees ${JSON.stringify(shown)}`);
  await press(page, 'PUBLISH', 'PUBLISHED');
  shown = await steps(page);
  expect(same(shown, ['CORRECT']), `city admin on PUBLISHED sees ${JSON.stringify(shown)}`);
  const rows = await page.$$eval('#assessment-table tbody tr', (trs) => trs.length);
  const published = await api(page, `/v1/assessments/${year}`);
  expect(rows === published.body.result.units.length, `score table has ${rows} rows, the API ${published.body.result.units.length}`);
  step(`city admin: PUBLISH on APPROVED, CORRECT on PUBLISHED; ${rows} units scored`);
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
  await page.waitForSelector('[data-card][data-state=ACTIVATED] [data-action=report-lost]');
  await page.click('[data-card][data-state=ACTIVATED] [data-action=report-lost]');
  await page.waitForSelector('dialog[data-dialog=reason]');
  await page.click('dialog[data-dialog=reason] [data-confirm=ok]');
  const refused = await page.textContent('dialog[data-dialog=reason] .field-error');
  expect(refused.includes('请填写'), `an empty reason was not refused: "${refused}"`);
  await shoot(page, '23-card-report-lost-confirm');
  await page.fill('dialog[data-dialog=reason] textarea', '会员来电称卡丢失');
  await page.click('dialog[data-dialog=reason] [data-confirm=ok]');
  await page.waitForSelector('[data-card][data-state=LOST]');
  await page.waitForSelector('[data-card][data-state=LOST] [data-action=replace]');
  const cards = await api(page, `/v1/members/${member}/cards`);
  expect(cards.body.cards.some((c) => c.card.state === 'LOST'), `the API shows ${JSON.stringify(cards.body.cards.map((c) => c.card.state))}`);
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
  await logout(page);
});
