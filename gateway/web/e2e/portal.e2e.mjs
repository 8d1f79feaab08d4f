// The portal in Debian's chromium, driven by playwright-core, against the
// gateway and services the C++ harness (gateway/test/web) started and
// seeded. Every step prints one line; the first failure exits 1.
//
// Environment (set by the harness):
//   PORTAL_BASE_URL            http://127.0.0.1:<gateway port>
//   PORTAL_CITY_USER / PORTAL_CITY_ONE_TIME / PORTAL_NEW_PASSWORD
//   PORTAL_COUNTY_USER / PORTAL_COUNTY_PASSWORD / PORTAL_COUNTY
//   PORTAL_COUNTY_UNION        a grassroots union of that county
//   PORTAL_CLERK_USER / PORTAL_CLERK_PASSWORD  that union's grassroots clerk
//   PORTAL_OWN_MEMBER          a member of that county (name)
//   PORTAL_OTHER_MEMBER        a member of another county (name)
//   PORTAL_IMPORT_CSV          a GBK CSV with bad rows ...
//   PORTAL_IMPORT_BAD_LINES    ... on these lines (comma-separated) ...
//   PORTAL_IMPORT_BAD_FIELDS   ... refused for these fields (Chinese names) ...
//   PORTAL_IMPORT_BAD_NAMES    ... of these people
//   PORTAL_IMPORT_FIXED_CSV    the same file, GBK, with the bad rows fixed
//   PORTAL_IMPORT_NAMES        everyone in the fixed file (names)
//   PORTAL_SCREENSHOTS         where the 1366×768 screenshots go
import { readFile } from 'node:fs/promises';
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
  // A well-formed number of a six-year-old passes the local check; member-svc's
  // description (DescribeIdNumber) names the region and says the age rule
  // refuses it before anything is submitted, and submitting is refused.
  const child = `13090220200101001`;
  await page.fill('#register-form input[name=id_number]', child + checkDigit(child));
  await page.waitForFunction(() => (document.querySelector('#id-derived')?.textContent ?? '').includes('6 岁'));
  const derived = await page.textContent('#id-derived');
  expect(derived.includes('河北省沧州市新华区') && derived.includes('2020-01-01') && derived.includes('性别：男'), `derived facts: ${derived}`);
  const early = await page.textContent('.field-error[data-for="id_number"]');
  expect(early.includes('年龄不符合入会条件'), `the age rule before submitting: "${early}"`);
  step(`described by member-svc before submitting: ${derived} / ${early}`);
  // A district merged away in 2010 is still named (the local table knows
  // only provinces and Cangzhou's districts).
  const chongwen = `11010319800101001`;
  await page.fill('#register-form input[name=id_number]', chongwen + checkDigit(chongwen));
  await page.waitForFunction(() => (document.querySelector('#id-derived')?.textContent ?? '').includes('北京市崇文区'));
  expect((await page.textContent('.field-error[data-for="id_number"]')) === '', 'an adult of a retired district shows an error');
  await page.fill('#register-form input[name=id_number]', child + checkDigit(child));
  await page.waitForFunction(() => (document.querySelector('#id-derived')?.textContent ?? '').includes('6 岁'));
  await page.click('#register-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('.field-error[data-for="id_number"]')?.textContent !== '');
  const server = await page.textContent('.field-error[data-for="id_number"]');
  expect(server.includes('年龄不符合入会条件'), `server's field error: ${server}`);
  step(`server's field error beside the ID number: ${server}`);
  await shoot(page, '05-register-error');
  // A number whose county code is in no GB/T 2260 list (old cards keep
  // retired codes) is registered, with a note to compare it with the card.
  const oldCode = '13999919850101001';
  await page.fill('#register-form input[name=name]', '核对人');
  await page.fill('#register-form input[name=id_number]', oldCode + checkDigit(oldCode));
  await page.click('#register-form button[type=submit]');
  await page.waitForSelector('#register-form .notice-info');
  const registered = await page.textContent('#register-form .notice-ok');
  const warned = await page.textContent('#register-form .notice-info');
  expect(registered.includes('已登记：核对人'), `registration with an unknown region code: ${registered}`);
  expect(warned.includes('请核对') && warned.includes('地区代码') && warned.includes('139999'), `registration warning: ${warned}`);
  step(`registered with region code 139999: "${registered}" and "${warned}"`);
  await shoot(page, '05b-register-warning');

  await page.goto(`${base}/#/members`);
  await page.waitForSelector('table.grid tbody tr');
  await shoot(page, '07-members-city');

  // 5. Logout returns to the login page; the session is gone.
  await logoutEndsSession(page);
  step('logout: back at the login page, GET /v1/session answers 401');

  // 6. The union's grassroots clerk uploads a GBK CSV with bad rows: the
  //    progress bar finishes, the error table lists each bad line and why,
  //    the failed rows can be downloaded; the fixed file then goes in whole
  //    (the rows already imported come back as already registered).
  await page.goto(`${base}/#/`);
  await login(page, env('PORTAL_CLERK_USER'), env('PORTAL_CLERK_PASSWORD'));
  await page.waitForSelector('nav.sidebar a[href="#/import"]');
  await page.click('nav.sidebar a[href="#/import"]');
  await page.waitForSelector('#import-form');
  expect((await page.$('#import-form select[name=county]')) === null, 'the clerk is offered a county to pick');
  // The clerk's own union is the only one offered, and is chosen already.
  await page.waitForSelector(`#import-form select[name=org_id] option[value="${env('PORTAL_COUNTY_UNION')}"]`, { state: 'attached' });
  const offered = await page.$$eval('#import-form select[name=org_id] option', (os) => os.map((o) => o.value).filter((v) => v));
  expect(offered.length === 1 && offered[0] === env('PORTAL_COUNTY_UNION'), `the clerk is offered unions ${JSON.stringify(offered)}`);
  expect((await page.inputValue('#import-form select[name=org_id]')) === env('PORTAL_COUNTY_UNION'), 'the clerk\'s union is not chosen');
  const importNames = env('PORTAL_IMPORT_NAMES').split(',');
  const badLines = env('PORTAL_IMPORT_BAD_LINES').split(',');
  const badFields = env('PORTAL_IMPORT_BAD_FIELDS').split(',');
  const badNames = env('PORTAL_IMPORT_BAD_NAMES').split(',');
  const goodCount = importNames.length - badLines.length;
  await page.setInputFiles('#import-form input[type=file]', env('PORTAL_IMPORT_CSV'));
  await page.click('#import-form button[type=submit]');
  await page.waitForSelector('#import-result .notice');
  const progress = await page.getAttribute('#import-progress [role=progressbar]', 'aria-valuenow');
  expect(progress === '100', `import progress bar at ${progress}`);
  const firstNotice = await page.textContent('#import-result .notice');
  expect(firstNotice.includes(`共 ${importNames.length} 行（GBK）`) && firstNotice.includes(`新登记 ${goodCount} 人`) && firstNotice.includes('已登记过 0 人') && firstNotice.includes(`未导入 ${badLines.length} 行`), `first import's notice: ${firstNotice}`);
  const failures = await page.$$eval('#import-failures tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  expect(failures.length === badLines.length, `error table: ${JSON.stringify(failures)}`);
  badLines.forEach((line, i) => {
    expect(failures[i][0] === line && failures[i][1].startsWith(`${badFields[i]}：`) && failures[i][1].length > badFields[i].length + 1, `error table row ${i + 1} is ${JSON.stringify(failures[i])}, not line ${line} for ${badFields[i]}`);
    // The reason reads in Chinese, not only in the service's English.
    expect(/^[\u4e00-\u9fff]/.test(failures[i][1].slice(badFields[i].length + 1)), `error table row ${i + 1}'s reason is not in Chinese: ${failures[i][1]}`);
  });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#failed-rows')]);
  const failedFile = await download.path();
  expect(failedFile !== null, 'the failed rows file did not arrive');
  // It comes back in GBK, as it was sent: the bad rows only, with reasons.
  const failedText = new TextDecoder('gbk').decode(await readFile(failedFile));
  const failedRows = failedText.trim().split(/\r?\n/);
  expect(failedRows.length === 1 + badNames.length && badNames.every((n) => failedText.includes(n)) && importNames.filter((n) => !badNames.includes(n)).every((n) => !failedText.includes(n)) && badLines.every((l) => failedText.includes(`第${l}行`)), `failed rows file: ${failedText}`);
  step(`clerk import: progress 100%, ${failures.map((f) => `line ${f[0]} (${f[1]})`).join(', ')} listed; failed rows downloaded as ${download.suggestedFilename()} (GBK, ${badNames.join(', ')})`);
  await shoot(page, '07a-import-clerk-errors');

  await page.setInputFiles('#import-form input[type=file]', env('PORTAL_IMPORT_FIXED_CSV'));
  await page.click('#import-form button[type=submit]');
  await page.waitForFunction((prev) => {
    const text = document.querySelector('#import-result .notice')?.textContent;
    return !!text && text !== prev;
  }, firstNotice);
  const secondNotice = await page.textContent('#import-result .notice');
  const secondProgress = await page.getAttribute('#import-progress [role=progressbar]', 'aria-valuenow');
  expect(secondProgress === '100', `fixed import's progress bar at ${secondProgress}`);
  expect((await page.getAttribute('#import-result .notice', 'class')).includes('notice-ok'), `fixed import's notice is not a success: ${secondNotice}`);
  expect(secondNotice.includes(`共 ${importNames.length} 行（GBK）`) && secondNotice.includes(`新登记 ${badLines.length} 人`) && secondNotice.includes(`已登记过 ${goodCount} 人`) && secondNotice.includes('未导入 0 行'), `fixed import's notice: ${secondNotice}`);
  expect((await page.$('#import-failures')) === null && (await page.$('#failed-rows')) === null, 'the fixed import still shows an error table');
  step(`clerk re-import of the fixed file: progress 100%, no error table (${secondNotice})`);
  await shoot(page, '07b-import-clerk-fixed');
  await logoutEndsSession(page);
  step('clerk logged out');

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

  // The county's review queue holds the clerk's imported members; it
  // verifies them all after confirming.
  await page.click('nav.sidebar a[href="#/review"]');
  await page.waitForSelector('#review-table tbody input[type=checkbox]');
  const countyQueue = await page.$$eval('#review-table tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent));
  for (const n of importNames) expect(countyQueue.includes(n), `the county's queue lacks ${n}: ${JSON.stringify(countyQueue)}`);
  for (const n of importNames) await page.check(`#review-table tbody input[aria-label="选择 ${n}"]`);
  await page.click('button:has-text("审核通过")');
  await page.waitForSelector('dialog.confirm');
  const countyAsk = await page.textContent('dialog.confirm');
  expect(countyAsk.includes(`选中的 ${importNames.length} 名会员`), `the county's confirmation says: ${countyAsk}`);
  await shoot(page, '10-review-confirm');
  await confirmDialog(page);
  await page.waitForSelector('#review-outcomes .notice');
  const outcome = await page.textContent('#review-outcomes .notice');
  expect(outcome.includes(`成功 ${importNames.length} 人`) && outcome.includes('失败 0 人'), `review outcome: ${outcome}`);
  step(`county review: ${countyQueue.length} waiting; verified the ${importNames.length} imported members after confirming (${outcome})`);
  await shoot(page, '11-review-county');
  await logoutEndsSession(page);
  step('county logged out');

  // 8. The city admin, sent to the review queue while signed out, finds
  //    them there (county-verified), approves them after confirming, and
  //    the API says CITY_APPROVED.
  await page.goto(`${base}/#/review`);
  await login(page, env('PORTAL_CITY_USER'), env('PORTAL_NEW_PASSWORD'));
  await page.waitForSelector('#review-table tbody input[type=checkbox]');
  expect(page.url().endsWith('#/review'), `after login the city is at ${page.url()}`);
  const cityQueue = await page.$$eval('#review-table tbody tr', (trs) => trs.map((tr) => [tr.children[1].textContent, tr.querySelector('input[type=checkbox]').value, tr.children[6].textContent]));
  const imported = importNames.map((n) => cityQueue.find((row) => row[0] === n));
  imported.forEach((row, i) => expect(row !== undefined && row[2] === '县级已审核', `the city's queue lacks ${importNames[i]} as county-verified: ${JSON.stringify(cityQueue)}`));
  const importedIds = imported.map((row) => row[1]);
  for (const id of importedIds) {
    const before = await api(page, `/v1/members/${id}`);
    expect(before.status === 200 && before.body.review_state === 'REVIEW_STATE_COUNTY_VERIFIED', `before the city's approval GET /v1/members/${id}: ${before.status} ${before.body.review_state}`);
  }
  for (const n of importNames) await page.check(`#review-table tbody input[aria-label="选择 ${n}"]`);
  await page.click('button:has-text("备案通过")');
  await page.waitForSelector('dialog.confirm');
  const cityAsk = await page.textContent('dialog.confirm');
  expect(cityAsk.includes(`选中的 ${importNames.length} 名会员`) && cityAsk.includes('备案通过'), `the city's confirmation says: ${cityAsk}`);
  await shoot(page, '12-review-city-confirm');
  await confirmDialog(page);
  await page.waitForSelector('#review-outcomes .notice');
  const cityOutcome = await page.textContent('#review-outcomes .notice');
  expect(cityOutcome.includes(`备案通过：成功 ${importNames.length} 人`) && cityOutcome.includes('失败 0 人'), `city review outcome: ${cityOutcome}`);
  for (const [i, id] of importedIds.entries()) {
    const after = await api(page, `/v1/members/${id}`);
    expect(after.status === 200 && after.body.review_state === 'REVIEW_STATE_CITY_APPROVED' && after.body.name === importNames[i], `after the city's approval GET /v1/members/${id}: ${after.status} ${after.body.name} ${after.body.review_state}`);
  }
  step(`city review: ${cityQueue.length} waiting; approved ${importNames.join(', ')} after confirming (${cityOutcome}); GET /v1/members/{${importedIds.join(',')}} say CITY_APPROVED`);
  await shoot(page, '13-review-city');
  await logoutEndsSession(page);
  step('city logged out');
});
