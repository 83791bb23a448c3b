// Browser test of the API tokens page (issue #15 item 7): create a token
// (its secret shown once), revoke it only after confirming, and the server
// agrees. Prints TAP.
import fs from 'node:fs';
import path from 'node:path';
import {startServer, Tap, expect, CHROMIUM_ARGS, OUT, loadChromium, axeClean, finish, signIn} from './harness.mjs';

const t = new Tap();
const chromium = await loadChromium();
if (!chromium) { t.ok(false, 'npm ci installs playwright-core'); t.done(); process.exit(1); }
const srv = await startServer();
const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
const errors = [];
const ctx = await browser.newContext({viewport: {width: 1280, height: 900}});
await ctx.addInitScript(() => { if (window === window.top) localStorage.setItem('loket.lang', 'en'); });
ctx.setDefaultTimeout(10000);
const page = await ctx.newPage();
page.on('pageerror', (e) => errors.push(e.message));
page.on('dialog', (d) => { errors.push('native dialog ' + d.message()); d.dismiss(); });
let secret = '';

await t.case('a requester reaches the tokens page from the menu', async () => {
  await signIn(page, srv.url, 'requester@demo.test');
  await page.click('#nav-list a[href="#/tokens"]');
  await page.waitForSelector('main h1:text("API Tokens")');
  await page.waitForSelector('main p.muted:text("You have no API tokens.")');
});

await t.case('creating a token shows its secret once and lists it', async () => {
  await page.fill('input[name=name]', 'skrip-laporan');
  await page.fill('input[name=expires_in_days]', '7');
  await page.click('form button[type=submit]');
  secret = await page.textContent('code.token-secret');
  expect(/^[0-9a-f]{64}$/.test(secret), 'a 64-hex secret, got ' + secret);
  await page.waitForSelector('main table tbody tr:has-text("skrip-laporan")');
  const row = await page.textContent('main table tbody tr');
  expect(row.includes('Active') && !row.includes(secret), 'row without the secret: ' + row);
  const r = await fetch(srv.url + '/api/v1/me', {headers: {Authorization: 'Bearer ' + secret}});
  expect(r.status === 200, 'the token works: ' + r.status);
});

await t.case('the page at desktop and phone size: axe-core finds nothing', async () => {
  fs.mkdirSync(OUT, {recursive: true});
  await axeClean(page, 'tokens page (desktop)');
  await page.screenshot({path: path.join(OUT, '40-tokens-desktop.png'), fullPage: true});
  await page.setViewportSize({width: 375, height: 740});
  await axeClean(page, 'tokens page (phone)');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide <= 375, 'nothing wider than the phone (the 64-hex secret wraps): ' + wide);
  await page.screenshot({path: path.join(OUT, '40-tokens-phone.png'), fullPage: true});
  await page.setViewportSize({width: 1280, height: 900});
});

await t.case('revoking asks first; cancel keeps the token', async () => {
  await page.click('main table button:text("Revoke")');
  await page.waitForSelector('dialog[open] h2:text("Revoke this token?")');
  await page.click('dialog[open] button:text("Cancel")');
  await page.waitForSelector('dialog', {state: 'detached'});
  expect(await page.locator('main table tbody tr').count() === 1, 'still listed');
  const r = await fetch(srv.url + '/api/v1/me', {headers: {Authorization: 'Bearer ' + secret}});
  expect(r.status === 200, 'still works: ' + r.status);
});

await t.case('confirming revokes it on the server', async () => {
  await page.click('main table button:text("Revoke")');
  await page.click('dialog[open] button.danger');
  await page.waitForSelector('main p.muted:text("You have no API tokens.")');
  const r = await fetch(srv.url + '/api/v1/me', {headers: {Authorization: 'Bearer ' + secret}});
  expect(r.status === 401, 'revoked: ' + r.status);
});

await finish(t, browser, srv, errors);
