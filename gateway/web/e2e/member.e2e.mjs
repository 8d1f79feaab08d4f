// The members' platform (/m/) on a phone (375×667) in Debian's chromium,
// driven by playwright-core, against the gateway and services a C++
// harness started and seeded, with the county staff answering in the
// portal beside it. Every step prints one line; the first failure exits 1.
//
// Environment (set by the harness):
//   PORTAL_BASE_URL, PORTAL_SCREENSHOTS
//   PORTAL_SMS_OUTBOX            the SMS outbox file: one JSON object a line,
//                                {"time","to","text","code","purpose"}
//   PORTAL_MEMBER_ID_NUMBER      a member with an ACTIVATED card, insurance
//   PORTAL_MEMBER_MOBILE         cover, a payout and an offer in reach ...
//   PORTAL_PAYOUT_PROGRAMME      ... the payout's programme name
//   PORTAL_OFFER_MERCHANT        ... a merchant (name) with an offer in force
//                                for the member's county (or the city's)
//   PORTAL_HELP_SUBJECT          the subject of the help request to submit
//   PORTAL_COUNTY_USER           a county_staff account of the member's county
//   PORTAL_OTHER_COUNTY_USER     a county_staff account of another county
//   PORTAL_PASSWORD              both staff accounts' password
//   PORTAL_CARDLESS_ID_NUMBER    a CITY_APPROVED member without a card ...
//   PORTAL_CARDLESS_MOBILE       ... and that member's mobile (its login is
//                                locked by wrong codes at the end)
import { readFileSync } from 'node:fs';
import { api, base, confirmDialog, env, expect, login, openPage, runInBrowser, shoot, step } from './lib.mjs';

const outbox = env('PORTAL_SMS_OUTBOX');
const memberId = env('PORTAL_MEMBER_ID_NUMBER');
const memberMobile = env('PORTAL_MEMBER_MOBILE');
const programme = env('PORTAL_PAYOUT_PROGRAMME');
const merchant = env('PORTAL_OFFER_MERCHANT');
const subject = env('PORTAL_HELP_SUBJECT');
const password = env('PORTAL_PASSWORD');
const cardlessId = env('PORTAL_CARDLESS_ID_NUMBER');
const cardlessMobile = env('PORTAL_CARDLESS_MOBILE');
const answer = `您好，关于“${subject}”：请携带劳动合同和工资记录到县总工会职工服务中心，律师每周二、四现场接待。`;

const phone = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s ?? '');
// The China civil date of an RFC 3339 time, as the page shows it.
const chinaDate = (iso) => new Date(Date.parse(iso) + 8 * 3600 * 1000).toISOString().slice(0, 10);

// The messages the outbox holds for `mobile`, oldest first.
function smsTo(mobile) {
  let text = '';
  try {
    text = readFileSync(outbox, 'utf8');
  } catch {
    return []; // not written yet
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return null; // a line being written
      }
    })
    .filter((m) => m && m.to === mobile);
}

// Nothing wider than the phone: no sideways scrolling on any page.
async function fitsPhone(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width <= 375, `${what}: the page is ${width} px wide at 375 px (horizontal scroll)`);
}

// Asks for a code on the login page as it stands and returns the code the
// outbox then holds for `mobile` (its last message).
async function requestCode(page, idNumber, mobile) {
  await page.waitForSelector('#member-login-form');
  const before = smsTo(mobile).length;
  await page.fill('#member-login-form input[name=id_number]', idNumber);
  await page.fill('#member-login-form input[name=mobile]', mobile);
  await page.click('#get-code');
  await page.waitForSelector('#login-notices .notice-ok');
  for (let i = 0; i < 100; i++) {
    const sent = smsTo(mobile);
    if (sent.length > before) {
      const code = sent[sent.length - 1].code;
      expect(/^\d{6}$/.test(code ?? ''), `the outbox's code for ${mobile} is ${JSON.stringify(code)}`);
      return code;
    }
    await sleep(100);
  }
  throw new Error(`no SMS to ${mobile} in ${outbox} within 10 s`);
}

// Sends the code typed and returns the HTTP status of POST /v1/me/login.
async function sendCode(page, code) {
  await page.fill('#member-login-form input[name=code]', code);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/v1/me/login') && r.request().method() === 'POST'),
    page.click('#login-submit'),
  ]);
  return res.status();
}

async function memberLogin(page, idNumber, mobile) {
  await page.goto(`${base}/m/`);
  const code = await requestCode(page, idNumber, mobile);
  const status = await sendCode(page, code);
  expect(status === 200, `login with the outbox's code answered ${status}`);
  await page.waitForSelector('nav.m-tabs');
}

async function tab(page, hash) {
  await page.click(`nav.m-tabs a[href="#${hash}"]`);
}

await runInBrowser('failure-member.png', async (browser) => {
  // 1. A member signs in on a phone: ID number + mobile → SMS code.
  const m = await openPage(browser, 'member', phone);
  await m.goto(`${base}/m/`);
  await m.waitForSelector('#member-login-form');
  await fitsPhone(m, 'login');
  await shoot(m, '50-member-login');
  const code = await requestCode(m, memberId, memberMobile);
  step(`code ${code} read from the outbox for ${memberMobile}`);
  const status = await sendCode(m, code);
  expect(status === 200, `login answered ${status}`);

  // 2. 我的卡: ACTIVATED, with its activation date (the API's, in China).
  await m.waitForSelector('#card-state');
  const cardState = await m.getAttribute('#card-state', 'data-state');
  const stateText = await m.textContent('#card-state');
  expect(cardState === 'CARD_STATE_ACTIVATED' && stateText === '已激活', `card state ${cardState} shown as ${stateText}`);
  const activated = (await m.textContent('#card-activation-date')).trim();
  const cards = await api(m, '/v1/me/cards');
  expect(cards.status === 200, `GET /v1/me/cards answered ${cards.status}`);
  const live = (cards.body.cards ?? []).find((c) => c.card.id === cards.body.live_card_id)?.card;
  expect(live && live.activation_time && activated === chinaDate(live.activation_time), `activation date shown ${activated}, the API ${live?.activation_time}`);
  expect((await m.textContent('#card-number')).includes(live.last4), 'the masked number lacks the last four digits');
  expect((await m.$('#report-lost')) !== null, 'no 挂失 button on an activated card');
  await fitsPhone(m, 'my card');
  step(`my card: 已激活 on ${activated}, number ${await m.textContent('#card-number')}`);
  await shoot(m, '51-member-card');

  // 3. 我的权益: cover today (from the API's date) and the payout.
  await tab(m, '/benefits');
  await m.waitForSelector('#cover-status');
  const cover = await api(m, '/v1/me/cover');
  expect(cover.status === 200 && cover.body.covered === true, `GET /v1/me/cover: ${JSON.stringify(cover.body)}`);
  expect((await m.getAttribute('#cover-status', 'data-covered')) === 'true', 'the page says not covered');
  const from = (await m.textContent('#cover-from')).trim();
  expect(isDate(from) && cover.body.spans.some((s) => s.from_date === from), `cover from ${from}; spans ${JSON.stringify(cover.body.spans)}`);
  const coverText = await m.textContent('#cover-status');
  expect(coverText.includes('意外伤害保险') && coverText.includes('家庭财产火灾保险'), `cover text: ${coverText}`);
  const payout = m.locator('[data-testid=payout]', { hasText: programme }).first();
  await payout.waitFor();
  const payoutText = await payout.textContent();
  expect(/[\d,]+\.\d\d 元/.test(payoutText) && /\d{4}-\d{2}-\d{2}/.test(payoutText), `payout shown as ${payoutText}`);
  await fitsPhone(m, 'benefits');
  step(`benefits: covered from ${from}; payout ${payoutText.replace(/\s+/g, ' ')}`);
  await shoot(m, '52-member-benefits');

  // 4. 优惠商户: the merchant found by name; rated 5 stars, then again.
  await tab(m, '/offers');
  await m.waitForSelector('#offer-filter');
  await m.fill('#offer-filter input[name=merchant_name]', merchant);
  await m.click('#offer-search');
  const offer = m.locator(`[data-testid=offer][data-merchant-name="${merchant}"]`).first();
  await offer.waitFor();
  const merchantId = await offer.getAttribute('data-merchant-id');
  expect((await m.locator('[data-testid=offer]').count()) >= 1 && (await offer.locator('.offer-text').textContent()).length > 0, 'the offer has no text');
  await fitsPhone(m, 'offers');
  step(`offers: ${merchant} (#${merchantId}) found by name: ${(await offer.textContent()).replace(/\s+/g, ' ').slice(0, 80)}`);
  await shoot(m, '53-member-offers');
  await offer.locator('[data-testid=rate-link]').click();
  await m.waitForSelector('#rate-form');
  expect((await m.textContent('#rate-merchant')) === merchant, 'the rating page names another merchant');
  await m.click('.m-star[data-stars="5"]');
  await m.fill('#rate-form textarea[name=comment]', '服务热情，优惠实在');
  await m.click('#rate-submit');
  await m.waitForSelector('#rate-notices .notice-ok');
  const first = await m.textContent('#rate-notices .notice-ok');
  expect(!first.includes('本月已评价'), `the first rating this month says ${first}`);
  await m.click('.m-star[data-stars="5"]');
  await m.click('#rate-submit');
  // A second rating this month is refused; the member may change the first.
  await m.waitForFunction(() => document.querySelector('#rate-notices .notice-error')?.textContent.includes('本月已评价过'));
  step(`a second rating is refused: "${(await m.textContent('#rate-notices .notice-error')).trim()}"`);
  expect((await m.textContent('#rate-submit')).includes('修改本月评价'), 'no way to change this month\'s rating');
  await m.click('#rate-submit');
  await m.waitForFunction(() => document.querySelector('#rate-notices .notice-ok')?.textContent.includes('本月已评价，已更新'));
  await fitsPhone(m, 'rate');
  step(`rated 5 stars: "${first}", then again: "${await m.textContent('#rate-notices .notice-ok')}"`);
  await shoot(m, '54-member-rated-again');

  // 5. 服务: items and notices readable; 求助 → a HELP_KIND_LEGAL_ADVICE request.
  await tab(m, '/services');
  await m.waitForSelector('#services-items h2');
  await fitsPhone(m, 'service items');
  await m.click('#services-tabs a[data-tab=notices]');
  await m.waitForSelector('#services-notices h2');
  await fitsPhone(m, 'notices');
  await m.click('#services-tabs a[data-tab=help]');
  await m.waitForSelector('#help-form');
  await m.selectOption('#help-form select[name=kind]', 'HELP_KIND_LEGAL_ADVICE');
  await m.fill('#help-form input[name=subject]', subject);
  await m.fill('#help-form textarea[name=body]', '公司拖欠三个月工资，想咨询如何维权。');
  await m.click('#help-submit');
  const mine = m.locator('[data-testid=help-request]', { has: m.locator('.help-subject', { hasText: subject }) }).first();
  await mine.waitFor();
  const helpId = await mine.getAttribute('data-id');
  expect((await mine.getAttribute('data-state')) === 'HELP_REQUEST_STATE_SUBMITTED', `the new request is ${await mine.getAttribute('data-state')}`);
  await fitsPhone(m, 'help');
  step(`help request #${helpId} submitted (HELP_KIND_LEGAL_ADVICE, ${subject})`);
  await shoot(m, '55-member-help-submitted');

  await tab(m, '/profile');
  await m.waitForSelector('#profile [data-field=review_state]');
  const review = await m.getAttribute('#profile [data-field=review_state]', 'data-state');
  const shownMobile = (await m.textContent('#profile [data-field=mobile]')).trim();
  expect(review === 'REVIEW_STATE_CITY_APPROVED', `profile review state ${review}`);
  expect(shownMobile !== memberMobile && shownMobile.endsWith(memberMobile.slice(-4)), `profile mobile shown as ${shownMobile}`);
  await fitsPhone(m, 'profile');
  step(`profile: ${await m.textContent('#profile [data-field=org]')}, joined ${await m.textContent('#profile [data-field=join_date]')}, mobile ${shownMobile}`);
  await shoot(m, '56-member-profile');

  // 6. The county staff accept and answer it in the portal.
  const staff = await openPage(browser, 'county staff');
  await staff.goto(`${base}/#/help-requests`);
  await login(staff, env('PORTAL_COUNTY_USER'), password);
  const ticket = `.ticket[data-id="${helpId}"]`;
  await staff.waitForSelector(ticket);
  expect((await staff.textContent(`${ticket} .ticket-subject`)) === subject, 'the ticket shows another subject');
  await staff.click(`${ticket} [data-action=HELP_ACTION_ACCEPT]`);
  await staff.waitForSelector(`${ticket}[data-state=HELP_REQUEST_STATE_ACCEPTED]`);
  await staff.fill(`${ticket} textarea[name=answer]`, answer);
  await staff.click(`${ticket} [data-action=HELP_ACTION_ANSWER]`);
  await staff.waitForSelector(`${ticket}[data-state=HELP_REQUEST_STATE_ANSWERED]`);
  step(`county staff: #${helpId} accepted and answered`);
  await shoot(staff, '57-staff-help-answered');

  // 7. The member reads the answer (a reload: the session is restored).
  await m.goto(`${base}/m/#/services?tab=help`);
  await m.reload();
  await m.waitForSelector(`[data-testid=help-request][data-id="${helpId}"][data-state=HELP_REQUEST_STATE_ANSWERED] .help-answer`);
  const shownAnswer = await m.textContent(`[data-testid=help-request][data-id="${helpId}"] .help-answer`);
  expect(shownAnswer.includes(answer), `the member sees the answer as ${shownAnswer}`);
  await fitsPhone(m, 'help answered');
  step('member: the answer is shown after a reload');
  await shoot(m, '58-member-help-answered');

  // 7b. The member changes their mobile: the code goes to the new number.
  const newMobile = `137${memberMobile.slice(-8)}`;
  await tab(m, '/profile');
  await m.waitForSelector('#mobile-form');
  await m.fill('#mobile-form input[name=mobile]', newMobile);
  await m.click('#mobile-get-code');
  await m.waitForSelector('#mobile-notices .notice-ok');
  const sentToNew = smsTo(newMobile);
  expect(sentToNew.length === 1 && /^\d{6}$/.test(sentToNew[0].code), `SMS to the new number: ${JSON.stringify(sentToNew)}`);
  await m.fill('#mobile-form input[name=code]', sentToNew[0].code);
  await m.click('#mobile-submit');
  await m.waitForFunction(() => document.querySelector('#mobile-notices .notice-ok')?.textContent.includes('已更换'));
  const masked = (await m.textContent('#profile [data-field=mobile]')).trim();
  expect(masked.startsWith('137') && masked.endsWith(newMobile.slice(-4)), `profile mobile after the change: ${masked}`);
  await fitsPhone(m, 'mobile change');
  step(`mobile changed to ${masked} with the code sent to the new number`);
  await shoot(m, '58b-member-mobile-changed');

  // 8. Another county's staff do not see it (page and API).
  const other = await openPage(browser, 'other county staff');
  await other.goto(`${base}/#/help-requests`);
  await login(other, env('PORTAL_OTHER_COUNTY_USER'), password);
  await other.waitForSelector('#help-list .ticket, #help-list p.muted');
  expect((await other.$(ticket)) === null && !(await other.textContent('#help-list')).includes(subject), 'another county sees the request');
  const seen = await api(other, '/v1/help-requests');
  expect(seen.status === 200 && !(seen.body.requests ?? []).some((r) => r.id === helpId), `GET /v1/help-requests for another county: ${seen.status} ${JSON.stringify(seen.body).slice(0, 200)}`);
  step('another county: the request is neither listed nor answered by the API');
  await shoot(other, '59-other-county-help');

  // 9. A member without a card signs in and may not rate.
  const c = await openPage(browser, 'cardless member', phone);
  await memberLogin(c, cardlessId, cardlessMobile);
  await c.waitForSelector('#no-card');
  await fitsPhone(c, 'no card');
  await c.goto(`${base}/m/#/rate/${merchantId}?name=${encodeURIComponent(merchant)}`);
  await c.waitForSelector('#rate-form');
  await c.click('.m-star[data-stars="5"]');
  const [refused] = await Promise.all([
    c.waitForResponse((r) => r.url().endsWith('/v1/me/ratings') && r.request().method() === 'POST'),
    c.click('#rate-submit'),
  ]);
  expect([403, 409, 412].includes(refused.status()), `a cardless member's rating answered ${refused.status()}`);
  await c.waitForSelector('#rate-notices .notice-error');
  const why = (await c.textContent('#rate-notices .notice-error')).trim();
  expect(why.includes('只有已领取工会会员卡的会员才能评价商户'), `the refusal does not say why in Chinese: ${why}`);
  step(`cardless member: rating refused (${refused.status()}): ${why}`);
  await shoot(c, '60-cardless-rating-refused');

  // 10. Five wrong codes lock the number's login (429, with the wait).
  await c.click('#m-logout');
  await confirmDialog(c);
  await c.waitForSelector('#member-login-form');
  const right = await requestCode(c, cardlessId, cardlessMobile);
  const wrong = (i) => String((Number(right) + 1 + i * 7919) % 1000000).padStart(6, '0');
  const statuses = [];
  for (let i = 0; i < 6; i++) {
    statuses.push(await sendCode(c, wrong(i)));
    if (statuses[i] === 429) break;
    await c.waitForSelector('#login-notices .notice-error');
  }
  expect(statuses.slice(0, 4).every((s) => s === 401) && statuses[statuses.length - 1] === 429 && statuses.length >= 5, `wrong codes answered ${statuses.join(', ')}`);
  await c.waitForFunction(() => document.querySelector('#login-notices .notice-error')?.textContent.includes('锁定'));
  const locked = await c.textContent('#login-notices .notice-error');
  expect(locked.includes('锁定') && /分钟|秒/.test(locked), `lock message: ${locked}`);
  // Locked: the right code is refused too.
  const after = await sendCode(c, right);
  expect(after === 429, `the right code while locked answered ${after}`);
  await fitsPhone(c, 'locked login');
  step(`wrong codes answered ${statuses.join(', ')}; then the right one ${after}: ${locked}`);
  await shoot(c, '61-member-login-locked');
});
