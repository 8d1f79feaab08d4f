// What the browser scripts (portal, assessment, roles, member) share: the
// harness's environment, one printed line per step, Debian's chromium with
// one page per person that collects CSP refusals and page errors, signing
// in and out, screenshots, and the API seen through the page's session.
// The C++ harness (gateway/test/web) only looks at a script's exit code.
import { chromium } from 'playwright-core';
import path from 'node:path';

export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

export const base = env('PORTAL_BASE_URL');
const shots = env('PORTAL_SCREENSHOTS');
const started = Date.now();
// What the pages report (CSP refusals, uncaught errors): any fails the run.
export const problems = [];

export function seconds() {
  return ((Date.now() - started) / 1000).toFixed(1);
}

export function step(text) {
  console.log(`[${seconds()}s] ${text}`);
}

export function expect(ok, text) {
  if (!ok) throw new Error(`expectation failed: ${text}`);
}

export const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// China's date, as the portal computes it.
export function chinaToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

export async function shoot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
  step(`screenshot ${name}.png`);
}

// A GET with the page's own cookie, as the portal would send it.
export async function api(page, route) {
  return page.evaluate(async (r) => {
    const res = await fetch(r, { credentials: 'same-origin' });
    return { status: res.status, body: await res.json() };
  }, route);
}

// Non-blank pixels of the first canvas inside `selector` (-1: no canvas).
export async function inkedPixels(page, selector) {
  return page.evaluate((sel) => {
    const canvas = document.querySelector(`${sel} canvas`);
    if (!canvas) return -1;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      const blank = data[i + 3] === 0 || (data[i] > 245 && data[i + 1] > 245 && data[i + 2] > 245);
      if (!blank) inked++;
    }
    return inked;
  }, selector);
}

// Fills and sends the login form of the page as it stands.
export async function login(page, username, password) {
  await page.waitForSelector('#login-form');
  await page.fill('#login-form input[name=username]', username);
  await page.fill('#login-form input[name=password]', password);
  await page.click('#login-form button[type=submit]');
}

export async function confirmDialog(page) {
  await page.waitForSelector('dialog.confirm [data-confirm=ok]');
  await page.click('dialog.confirm [data-confirm=ok]');
}

export async function logout(page) {
  await page.click('#logout');
  await confirmDialog(page);
  await page.waitForSelector('#login-form');
}

// One context (one cookie jar) per person; `who` labels its problems.
// `device` overrides the office PC (e.g. a phone's viewport for /m/).
export async function openPage(browser, who = '', device = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true, ...device });
  const page = await context.newPage();
  page.setDefaultTimeout(20000);
  const label = who ? ` (${who})` : '';
  // A script or style the CSP refuses is a bug of the portal.
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`CSP${label}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error${label}: ${e.message}`));
  return page;
}

const allPages = (browser) => browser.contexts().flatMap((c) => c.pages());

// Runs `body(browser)` in a fresh chromium and exits the process: 0 only
// when it finished and no page reported a problem. On the first failure
// the pages `failurePages` picks (all by default) are saved as `failureShot`.
export async function runInBrowser(failureShot, body, failurePages = allPages) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--lang=zh-CN', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let failed = false;
  try {
    await body(browser);
  } catch (e) {
    failed = true;
    console.log(`FAILED: ${e.stack || e}`);
    for (const p of failurePages(browser)) {
      await p.screenshot({ path: path.join(shots, failureShot) }).catch(() => {});
      console.log(`  at ${p.url()}; see ${failureShot}`);
    }
  } finally {
    await browser.close();
  }
  for (const p of problems) console.log(`PROBLEM: ${p}`);
  const ok = !failed && problems.length === 0;
  console.log(`${ok ? 'PASS' : 'FAIL'} in ${seconds()}s`);
  process.exit(ok ? 0 : 1);
}
