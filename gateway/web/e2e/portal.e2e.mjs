// The portal in Debian's chromium, driven by playwright-core, against the
// gateway and services the C++ harness (gateway/test/web) started and
// seeded. Every step prints one line; the first failure exits 1.
//
// Environment (set by the harness):
//   PORTAL_BASE_URL            http://127.0.0.1:<gateway port>
//   PORTAL_CITY_USER / PORTAL_CITY_ONE_TIME / PORTAL_NEW_PASSWORD
//   PORTAL_COUNTY_USER / PORTAL_COUNTY_PASSWORD / PORTAL_COUNTY
//   PORTAL_COUNTY_UNION        a grassroots union of that county
//   PORTAL_OWN_MEMBER          a member of that county (name)
//   PORTAL_OTHER_MEMBER        a member of another county (name)
//   PORTAL_IMPORT_CSV          a GBK CSV with one bad row ...
//   PORTAL_IMPORT_BAD_LINE     ... on this line
//   PORTAL_SCREENSHOTS         where the 1366×768 screenshots go
import { api, base, chinaToday, confirmDialog, env, expect, inkedPixels, login, logout, openPage, runInBrowser, shoot, step } from './lib.mjs';

function checkDigit(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i];
  return '10X98765432'[sum % 11];
}

// Logging out must end the session on the server too, not just the page.
async function logoutEndsSession(page) {
  await logout(page);
  const after = await api(page, '/v1/session');
  expect(after.status === 401, `after logout GET /v1/session answers ${after.status}, not 401`);
}

await runInBrowser('failure.png', async (browser) => {
  const page = await openPage(browser);

  // 1. The city admin's first login: one-time password, forced change.
  await page.goto(`${base}/`);
  await page.waitForSelector('#login-form');
  await shoot(page, '01-login');
  await login(page, env('PORTAL_CITY_USER'), env('PORTAL_CITY_ONE_TIME'));
  await page.waitForSelector('#change-password-form');
  step('one-time password accepted; the forced password change is shown');
  await shoot(page, '02-change-password');
  // Any other page still leads back to the change.
  await page.goto(`${base}/#/bulletin`);
  await page.waitForSelector('#change-password-form');
  await page.fill('input[name=old_password]', env('PORTAL_CITY_ONE_TIME'));
  await page.fill('input[name=new_password]', 'password123');
  await page.fill('input[name=repeat_password]', 'password123');
  await page.click('#change-password-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('.field-error[data-for="new_password"]')?.textContent !== '');
  step(`a weak password is refused beside its field: ${await page.textContent('.field-error[data-for="new_password"]')}`);
  await page.fill('input[name=new_password]', env('PORTAL_NEW_PASSWORD'));
  await page.fill('input[name=repeat_password]', env('PORTAL_NEW_PASSWORD'));
  await page.click('#change-password-form button[type=submit]');

  // 2. Home: the figures are the API's bulletin; the charts are drawn.
  await page.waitForSelector('[data-testid=chart-completion] canvas');
  await page.waitForSelector('[data-testid=chart-progress] canvas');
  const today = chinaToday();
  const bulletin = await api(page, `/v1/bulletins/${today}`);
  expect(bulletin.status === 200, `GET /v1/bulletins/${today} answered ${bulletin.status}: ${JSON.stringify(bulletin.body)}`);
  const city = bulletin.body.city;
  for (const [id, want] of [['members', city.members], ['issued', city.issued_cumulative], ['coverage', city.coverage], ['activated', city.activated], ['activation', city.activation_rate], ['completion', city.completion]]) {
    const got = await page.getAttribute(`[data-testid=kpi-${id}]`, 'data-value');
    expect(got === want, `home figure ${id} is ${got}, the bulletin says ${want}`);
  }
  const shownMembers = await page.textContent('[data-testid=kpi-members] .kpi-value');
  expect(shownMembers === Number(city.members).toLocaleString('en-US'), `members shown as ${shownMembers}`);
  const bars = JSON.parse((await page.getAttribute('[data-testid=chart-completion]', 'data-values')) ?? '[]');
  const want = bulletin.body.rows.map((r) => [r.name, r.completion]);
  expect(JSON.stringify(bars) === JSON.stringify(want), `bar chart data ${JSON.stringify(bars)} differs from the bulletin ${JSON.stringify(want)}`);
  const barInk = await inkedPixels(page, '[data-testid=chart-completion]');
  const lineInk = await inkedPixels(page, '[data-testid=chart-progress]');
  expect(barInk > 2000, `the bar chart has ${barInk} inked pixels`);
  expect(lineInk > 500, `the line chart has ${lineInk} inked pixels`);
  step(`home: figures equal the bulletin of ${today} (${city.members} members); bar chart ${barInk} inked pixels, line chart ${lineInk}`);
  await shoot(page, '03-home-city');

  // 3. The bulletin page lists every county and the city's sums.
  await page.click('nav.sidebar a[href="#/bulletin"]');
  await page.waitForSelector('#bulletin-table tbody tr');
  const rows = await page.$$eval('#bulletin-table tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent));
  expect(rows.length === bulletin.body.rows.length, `bulletin page shows ${rows.length} rows, the API ${bulletin.body.rows.length}`);
  for (const r of bulletin.body.rows) expect(rows.includes(r.name), `bulletin page lacks ${r.name}`);
  // A number column sorts largest first on the first click.
  await page.click('#bulletin-table th:nth-child(3) button');
  const firstBySize = await page.textContent('#bulletin-table tbody tr:first-child td:nth-child(2)');
  const largest = [...bulletin.body.rows].sort((a, b) => Number(b.members) - Number(a.members))[0];
  expect(Number(bulletin.body.rows.find((r) => r.name === firstBySize).members) === Number(largest.members), `sorted by members, ${firstBySize} comes first`);
  step(`bulletin page: all ${rows.length} counties, sortable`);
  await shoot(page, '04-bulletin');

  // 4. Registering with a bad ID number: the error stands beside the field,
  //    first from the live check, then from the server.
  await page.goto(`${base}/#/members/new`);
  await page.waitForSelector('#register-form');
  await page.selectOption('#register-form select[name=county]', env('PORTAL_COUNTY'));
  await page.waitForSelector(`#register-form select[name=org_id] option[value="${env('PORTAL_COUNTY_UNION')}"]`, { state: 'attached' });
  await page.selectOption('#register-form select[name=org_id]', env('PORTAL_COUNTY_UNION'));
  await page.fill('#register-form input[name=name]', '测试人');
  await page.fill('#register-form input[name=mobile]', '13900000999');
  await page.fill('#register-form input[name=id_number]', '130902198513321234');
  const live = await page.textContent('.field-error[data-for="id_number"]');
  expect(/出生日期/.test(live), `live check of a month-13 number says "${live}"`);
  step(`live ID check: ${live}`);
  // A well-formed number of a six-year-old: only the server refuses it.
  const child = `13090220200101001`;
  await page.fill('#register-form input[name=id_number]', child + checkDigit(child));
  expect((await page.textContent('.field-error[data-for="id_number"]')) === '', 'a well-formed number still shows an error');
  const derived = await page.textContent('#id-derived');
  expect(derived.includes('2020-01-01') && derived.includes('性别：男'), `derived facts: ${derived}`);
  await page.click('#register-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('.field-error[data-for="id_number"]')?.textContent !== '');
  const server = await page.textContent('.field-error[data-for="id_number"]');
  step(`server's field error beside the ID number: ${server}`);
  await shoot(page, '05-register-error');

  // 5. A GBK CSV with a bad row: the progress bar finishes, the error table
  //    lists the bad line, and the failed rows can be downloaded.
  await page.goto(`${base}/#/import`);
  await page.waitForSelector('#import-form');
  await page.selectOption('#import-form select[name=county]', env('PORTAL_COUNTY'));
  await page.waitForSelector(`#import-form select[name=org_id] option[value="${env('PORTAL_COUNTY_UNION')}"]`, { state: 'attached' });
  await page.selectOption('#import-form select[name=org_id]', env('PORTAL_COUNTY_UNION'));
  await page.setInputFiles('#import-form input[type=file]', env('PORTAL_IMPORT_CSV'));
  await page.click('#import-form button[type=submit]');
  await page.waitForSelector('#import-result .notice');
  const progress = await page.getAttribute('#import-progress [role=progressbar]', 'aria-valuenow');
  expect(progress === '100', `import progress bar at ${progress}`);
  const failures = await page.$$eval('#import-failures tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  const badLine = env('PORTAL_IMPORT_BAD_LINE');
  expect(failures.length === 1 && failures[0][0] === badLine, `error table: ${JSON.stringify(failures)}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#failed-rows')]);
  const failedFile = await download.path();
  expect(failedFile !== null, 'the failed rows file did not arrive');
  step(`import: progress 100%, line ${badLine} listed (${failures[0][1]}), failed rows downloaded as ${download.suggestedFilename()}`);
  await shoot(page, '06-import');

  await page.goto(`${base}/#/members`);
  await page.waitForSelector('table.grid tbody tr');
  await shoot(page, '07-members-city');

  // 6. Logout returns to the login page; the session is gone.
  await logoutEndsSession(page);
  step('logout: back at the login page, GET /v1/session answers 401');

  // 7. A county account, coming to a bookmarked page while signed out:
  //    login returns it there; it sees its own county's members only.
  await page.goto(`${base}/#/members`);
  await page.waitForSelector('#login-form');
  await login(page, env('PORTAL_COUNTY_USER'), env('PORTAL_COUNTY_PASSWORD'));
  const listed = [];
  page.on('response', async (res) => {
    if (/\/v1\/members(\?|$)/.test(new URL(res.url()).pathname + new URL(res.url()).search) && res.request().method() === 'GET') {
      try {
        listed.push(...((await res.json()).members ?? []));
      } catch {}
    }
  });
  await page.waitForSelector('#member-search');
  await page.waitForSelector('table.grid tbody tr');
  expect(page.url().endsWith('#/members'), `after login the county is at ${page.url()}`);
  let names = await page.$$eval('table.grid tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
  expect(names.includes(env('PORTAL_OWN_MEMBER')), `county list lacks its member: ${names}`);
  expect(!names.includes(env('PORTAL_OTHER_MEMBER')), `county list shows another county's member: ${names}`);
  await page.fill('#member-search input[name=q]', env('PORTAL_OTHER_MEMBER').slice(0, 1));
  await page.click('#member-search button[type=submit]');
  await page.waitForFunction(() => !document.querySelector('.loading'));
  await page.waitForSelector('table.grid tbody tr');
  names = await page.$$eval('table.grid tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
  expect(!names.includes(env('PORTAL_OTHER_MEMBER')), `a name search shows another county's member: ${names}`);
  const apiCheck = await api(page, '/v1/members?page_size=500');
  const counties = new Set(apiCheck.body.members.map((m) => m.county_id));
  expect(counties.size === 1 && counties.has(env('PORTAL_COUNTY')), `the county's API answer holds counties ${[...counties]}`);
  for (const m of listed) expect(m.county_id === env('PORTAL_COUNTY'), `a list answer held ${m.name} of ${m.county_id}`);
  step(`county: only ${env('PORTAL_COUNTY')} members, in the page (${names.length} rows) and in ${listed.length} listed records`);
  await shoot(page, '08-members-county');

  // The county's home: its own figures and place.
  await page.click('nav.sidebar a[href="#/"]');
  await page.waitForSelector('[data-testid=chart-completion] canvas');
  const countyBulletin = await api(page, `/v1/bulletins/${today}`);
  const ownRow = countyBulletin.body.rows.find((r) => r.unit_code === env('PORTAL_COUNTY'));
  const countyFigure = await page.getAttribute('[data-testid=kpi-members]', 'data-value');
  expect(countyFigure === ownRow.members, `county home shows ${countyFigure} members, its bulletin row ${ownRow.members}`);
  await shoot(page, '09-home-county');

  // The county's review queue holds the imported members; verifying asks first.
  await page.click('nav.sidebar a[href="#/review"]');
  await page.waitForSelector('#review-table tbody input[type=checkbox]');
  const queued = await page.$$eval('#review-table tbody tr', (trs) => trs.length);
  await page.check('#review-table tbody tr:first-child input[type=checkbox]');
  await page.click('button:has-text("审核通过")');
  await page.waitForSelector('dialog.confirm');
  await shoot(page, '10-review-confirm');
  await confirmDialog(page);
  await page.waitForSelector('#review-outcomes .notice');
  const outcome = await page.textContent('#review-outcomes .notice');
  expect(outcome.includes('成功 1 人') && outcome.includes('失败 0 人'), `review outcome: ${outcome}`);
  step(`county review: ${queued} waiting; verified one after confirming (${outcome})`);
  await shoot(page, '11-review-county');
  await logoutEndsSession(page);
  step('county logged out');
});
