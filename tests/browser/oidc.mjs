// Browser walk of sign-in with the office directory (issue #22 item 5): the
// login page offers "Masuk dengan <label>" when a provider is configured;
// the button goes through the fake OpenID Connect provider
// (tests/api/fake_oidc.py, auto-approving) and lands signed in as the
// directory's agent; a refused sign-in shows its reason on the login page.
// The login page axe-clean at 1280 and 375 px in both states. Prints TAP.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import {spawn} from 'node:child_process';
import {startServer, Tap, expect, CHROMIUM_ARGS, OUT, loadChromium, axeClean} from './harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const t = new Tap();
const chromium = await loadChromium();
if (!chromium) { t.ok(false, 'npm ci installs playwright-core'); t.done(); process.exit(1); }
// the fake provider prints its issuer once it listens
const fake = spawn('python3', [path.join(here, '../api/fake_oidc.py'), 'loket', 'rahasia-klien'],
  {stdio: ['pipe', 'pipe', 'inherit']});
const issuer = await new Promise((resolve) => readline.createInterface({input: fake.stdout}).once('line', resolve));
const srv = await startServer((port) => ({
  LOKET_OIDC_ISSUER: issuer, LOKET_OIDC_CLIENT_ID: 'loket', LOKET_OIDC_CLIENT_SECRET: 'rahasia-klien',
  LOKET_OIDC_ROLE_MAP: 'loket-agent => agent:1@2; * => requester', LOKET_OIDC_BUTTON_LABEL: 'SSO Pemda',
  LOKET_BASE_URL: `http://127.0.0.1:${port}`}));
const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
const errors = [];
const ctx = await browser.newContext({viewport: {width: 1280, height: 900}});
await ctx.addInitScript(() => { if (window === window.top) localStorage.setItem('loket.lang', 'id'); });
ctx.setDefaultTimeout(10000);
const page = await ctx.newPage();
page.on('pageerror', (e) => errors.push(e.message));

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

await t.case('the login page offers the office directory', async () => {
  await page.goto(srv.url + '/#/login');
  await page.waitForSelector('main a.btn:text("Masuk dengan SSO Pemda")');
  await phoneAndDesktop('login page with the directory button', '70-oidc-login');
});

await t.case('the button signs in through the directory as its agent', async () => {
  await page.click('main a.btn:text("Masuk dengan SSO Pemda")');
  await page.waitForSelector('#logout:not([hidden])');
  const me = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).user);
  expect(me.role === 'agent' && me.unit_id === 2 && me.email === 'siti@kantor.test',
    'mapped from the directory: ' + JSON.stringify(me));
  await page.screenshot({path: path.join(OUT, '71-oidc-signed-in.png')});
});

await t.case('a refused sign-in shows its reason', async () => {
  await page.click('#logout');
  await page.waitForSelector('input[name=login]');
  await page.goto(srv.url + '/?x#/login?oidc_error=oidc.no_role');
  await page.waitForSelector('main [role=alert]:text("belum dipetakan")');
  await phoneAndDesktop('login page with a refusal', '72-oidc-refused');
});

t.ok(errors.length === 0, 'no page errors', errors.join('\n'));
await browser.close();
fake.stdin.end();
const code = await srv.stop(t.failed > 0);
t.ok(code === 0, 'server exits cleanly (status 0)', `exit ${code}`);
t.done();
