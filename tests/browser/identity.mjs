// Browser test of "Pemohon belum terverifikasi" (issue #21 item 4, seed
// 002): a stranger mails the desk (`loket mail-in`), an agent finds them in
// the queue with what they sent and their ticket, verifies only after
// confirming, and the ticket page then shows who verified them. At 1280 and
// 375 px with axe-core clean. Prints TAP.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {startServer, Tap, expect, CHROMIUM_ARGS, OUT, BIN, loadChromium, axeClean, finish, signIn, apiAs} from './harness.mjs';

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
page.on('dialog', (d) => { errors.push('native dialog ' + d.message()); d.dismiss(); });

const mail = 'From: Rina Marlina <rina@kampus.test>\nTo: helpdesk@localhost\nSubject: Tidak bisa unggah tugas\n' +
  'Message-ID: <rina-1@kampus.test>\n\nTombol unggah di LMS tidak merespons.\n';
const run = spawnSync(BIN, ['mail-in'], {input: mail, env: srv.env});
const number = (run.stdout.toString().trim().split(' ').pop() || '');
const reply = `From: Rina Marlina <rina@kampus.test>\nTo: helpdesk@localhost\nSubject: Re: [${number}] identitas\n` +
  'Message-ID: <rina-2@kampus.test>\n\nIDENTITAS\nNama: Rina Marlina\nNIP/NIM: 18221077\nEmail: rina@kampus.test\n';
spawnSync(BIN, ['mail-in'], {input: reply, env: srv.env});

await t.case('a stranger who mailed is in the agents\' queue with what they sent and their ticket', async () => {
  expect(/^[A-Z]+-\d{4}-\d{6}$/.test(number), 'mail-in filed a ticket: ' + run.stdout + run.stderr);
  await signIn(page, srv.url, 'agent@demo.test');
  await page.click('#nav-list a[href="#/identity"]');
  await page.waitForSelector('main h1:text("Pemohon belum terverifikasi")');
  const row = page.locator('main table tbody tr:has-text("Rina Marlina")');
  await row.waitFor();
  const text = await row.textContent();
  expect(text.includes('NIP/NIM: 18221077') && text.includes(number) && text.includes('Email'),
    'row shows the identity sent and the ticket: ' + text);
  const demo = await page.locator('main table tbody tr').allTextContents();
  expect(demo.some((r) => r.includes('Dewi Anggraini')) && demo.some((r) => r.includes('Belum mengirim identitas')),
    'the demo\'s unverified requesters are listed: ' + demo.join(' | '));
});

await t.case('before the check the ticket page says so beside the requester, with a link to the queue', async () => {
  await page.goto(`${srv.url}/#/tickets/${number}`);
  await page.waitForSelector('.idv-flag .badge.idv-no');
  const flag = await page.textContent('.idv-flag');
  expect(flag.includes('Identitas belum terverifikasi'), 'flag: ' + flag);
  await page.click('.idv-flag a[href="#/identity"]');
  await page.waitForSelector('main table tbody tr:has-text("Rina Marlina")');
});

await t.case('the queue at desktop and phone size: axe-core finds nothing', async () => {
  fs.mkdirSync(OUT, {recursive: true});
  await axeClean(page, 'identity queue (desktop)');
  await page.screenshot({path: path.join(OUT, '60-identity-desktop.png'), fullPage: true});
  await page.setViewportSize({width: 375, height: 740});
  await axeClean(page, 'identity queue (phone)');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide <= 375, 'nothing wider than the phone: ' + wide);
  await page.screenshot({path: path.join(OUT, '60-identity-phone.png'), fullPage: true});
  await page.setViewportSize({width: 1280, height: 900});
});

await t.case('verifying asks first; cancel changes nothing', async () => {
  await page.click('main table tbody tr:has-text("Rina Marlina") button:text("Verifikasi")');
  await page.waitForSelector('dialog[open] h2:text("Verifikasi identitas?")');
  const say = await page.textContent('dialog[open] p');
  expect(say.includes('Rina Marlina') && say.includes('18221077'), 'the dialog names whom: ' + say);
  await axeClean(page, 'identity confirmation dialog');
  await page.click('dialog[open] button:text("Batal")');
  await page.waitForSelector('dialog', {state: 'detached'});
  const api = await apiAs(srv.url, 'agent@demo.test');
  const q = await api.get('/identity/queue');
  expect(q.items.some((u) => u.name === 'Rina Marlina'), 'still unverified');
});

await t.case('confirming verifies on the server and the row leaves the queue', async () => {
  await page.click('main table tbody tr:has-text("Rina Marlina") button:text("Verifikasi")');
  await page.click('dialog[open] button[type=submit]');
  await page.waitForSelector('main table tbody tr:has-text("Rina Marlina")', {state: 'detached'});
  const api = await apiAs(srv.url, 'admin@demo.test');
  const users = await api.get('/users?q=rina%40kampus.test');
  const u = users.items[0];
  expect(u && u.identity_verified_at && u.identity_verified_by, 'by and when set: ' + JSON.stringify(u));
});

await t.case('the ticket page shows the flag next to the requester', async () => {
  await page.goto(`${srv.url}/#/tickets/${number}`);
  await page.waitForSelector('.idv-flag .badge.idv-ok');
  const flag = await page.textContent('.idv-flag');
  expect(flag.includes('Terverifikasi oleh Siti Rahmawati'), 'flag: ' + flag);
  await axeClean(page, 'ticket page with the flag');
  await page.screenshot({path: path.join(OUT, '61-identity-ticket.png'), fullPage: true});
});

await finish(t, browser, srv, errors);
