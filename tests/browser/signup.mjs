// Browser test of self sign-up (issue #16 item 4): the login page links to
// the sign-up page, the form's errors show beside their fields, a sign-up
// ends on "check your email", the mailed link (read from the outbox) opens
// the verify page, which activates the account; the new requester signs in.
// Both pages axe-clean at 1280 and 375 px. Prints TAP.
import fs from 'node:fs';
import path from 'node:path';
import {startServer, Tap, expect, CHROMIUM_ARGS, OUT, loadChromium, axeClean} from './harness.mjs';

const t = new Tap();
const chromium = await loadChromium();
if (!chromium) { t.ok(false, 'npm ci installs playwright-core'); t.done(); process.exit(1); }
const srv = await startServer();
const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
const errors = [];
const ctx = await browser.newContext({viewport: {width: 1280, height: 900}});
await ctx.addInitScript(() => { if (window === window.top) localStorage.setItem('loket.lang', 'id'); });
ctx.setDefaultTimeout(10000);
const page = await ctx.newPage();
page.on('pageerror', (e) => errors.push(e.message));
const PW = 'sandi-tamu-2026';

async function phoneAndDesktop(what, shot) {
  fs.mkdirSync(OUT, {recursive: true});
  await axeClean(page, what + ' (desktop)');
  await page.screenshot({path: path.join(OUT, shot + '-desktop.png'), fullPage: true});
  await page.setViewportSize({width: 375, height: 740});
  await axeClean(page, what + ' (phone)');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide <= 375, 'nothing wider than the phone: ' + wide);
  await page.screenshot({path: path.join(OUT, shot + '-phone.png'), fullPage: true});
  await page.setViewportSize({width: 1280, height: 900});
}

await t.case('the login page links to sign-up', async () => {
  await page.goto(srv.url + '/');
  await page.waitForSelector('main a[href="#/signup"]:text("Belum punya akun? Daftar")');
  await page.click('main a[href="#/signup"]');
  await page.waitForSelector('main h1:text("Daftar akun")');
});

await t.case('bad input shows the errors beside the fields', async () => {
  await page.fill('input[name=name]', 'Sari Wulandari');
  await page.fill('input[name=email]', 'bukan-email');
  await page.fill('input[name=password]', 'pendek');
  await page.click('form button[type=submit]');
  await page.waitForSelector('input[name=email][aria-invalid=true]');
  await page.waitForSelector('input[name=password][aria-invalid=true]');
  expect(await page.getAttribute('input[name=name]', 'aria-invalid') === null, 'name is fine');
  await phoneAndDesktop('sign-up page with errors', '60-signup');
});

await t.case('a sign-up ends on "check your email"', async () => {
  await page.fill('input[name=email]', 'sari@kantor-daerah.test');
  await page.fill('input[name=password]', PW);
  await page.click('form button[type=submit]');
  await page.waitForSelector('main h1:text("Periksa email Anda")');
  const txt = await page.textContent('main [role=status]');
  expect(txt.includes('sari@kantor-daerah.test'), 'names the address: ' + txt);
});

await t.case('the mailed link verifies the address', async () => {
  const vars = srv.sql("SELECT vars FROM outbox WHERE template = 'signup_verify'").split('\n');
  expect(vars.length === 1, 'one verify mail in the outbox: ' + vars.join(' / '));
  const link = JSON.parse(vars[0]).link;
  const m = link.match(/#\/verify\?token=[0-9a-f]{64}$/);
  expect(m, 'a verify link in the outbox: ' + link);
  await page.goto(srv.url + '/' + m[0]);
  await page.waitForSelector('main [role=status]:text("Alamat email Anda sudah dikonfirmasi")');
  await phoneAndDesktop('verify page', '61-verify');
  await page.reload();
  await page.waitForSelector('main [role=alert]:text("tidak berlaku")');
});

await t.case('the new requester signs in', async () => {
  await page.goto(srv.url + '/#/login');
  await page.fill('input[name=login]', 'sari@kantor-daerah.test');
  await page.fill('input[name=password]', PW);
  await page.click('form button[type=submit]');
  await page.waitForSelector('#logout:not([hidden])');
});

t.ok(errors.length === 0, 'no page errors', errors.join('\n'));
await browser.close();
const code = await srv.stop(t.failed > 0);
t.ok(code === 0, 'server exits cleanly (status 0)', `exit ${code}`);
t.done();
