// Browser test of the leaders' dashboard panel for appointments (issue #16
// item 8): with bookings served, missed and cancelled, the panel shows the
// report's figures, the server's chart and a table with the same numbers,
// never a name; axe-core finds nothing at 1280 and 375 px. Prints TAP.
import fs from 'node:fs';
import path from 'node:path';
import {startServer, Tap, expect, CHROMIUM_ARGS, PASSWORD, OUT, loadChromium, axeClean, apiAs} from './harness.mjs';

const t = new Tap();
const chromium = await loadChromium();
if (!chromium) { t.ok(false, 'npm ci installs playwright-core'); t.done(); process.exit(1); }
const srv = await startServer();
const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
const errors = [];
const PATIENT = 'Pasien Panel';

await t.case('bookings made, called, served, missed and cancelled through the API', async () => {
  const admin = await apiAs(srv.url, 'admin@demo.test');
  const svc = (await admin.get('/services?per_page=200')).items.find((s) => s.name === 'Klinik Pratama - Poli Umum');
  const sch = await admin.get(`/services/${svc.id}/schedule`);
  const from = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10);
  const av = await admin.get(`/services/${svc.id}/availability?from=${from}&to=${to}`);
  const day = av.days.find((d) => d.remaining >= 4).date;
  const made = [];
  for (let i = 0; i < 4; i++) {
    const u = await admin.post('/users', {name: `${PATIENT} ${i}`, email: `panel${i}@example.test`, role: 'requester', password: 'sandi-panel-' + i});
    const answers = Object.fromEntries(sch.form_fields.map((f) => [f.key, f.type === 'date' ? '1990-01-01' : f.type === 'number' ? 30 : 'Rahasia ' + i]));
    made.push((await admin.post('/bookings', {service_id: svc.id, date: day, requester_id: u.id, channel: 'walk_in', answers})).booking);
  }
  await admin.post(`/bookings/${made[3].id}/cancel`, {reason: 'berhalangan'});
  for (let i = 0; i < 2; i++) await admin.post(`/services/${svc.id}/queue/next`, {date: day});
  await admin.post(`/bookings/${made[0].id}/served`);
  await admin.post(`/bookings/${made[1].id}/no_show`);
});

const ctx = await browser.newContext({viewport: {width: 1280, height: 900}});
await ctx.addInitScript(() => { if (window === window.top) localStorage.setItem('loket.lang', 'en'); });
ctx.setDefaultTimeout(10000);
const page = await ctx.newPage();
page.on('pageerror', (e) => errors.push(e.message));

await t.case('the leader sees the panel: figures, the chart and the table agree with the report', async () => {
  await page.goto(srv.url + '/');
  await page.fill('input[name=login]', 'leader@demo.test');
  await page.fill('input[name=password]', PASSWORD);
  await page.click('form button[type=submit]');
  await page.waitForSelector('#logout:not([hidden])');
  await page.goto(srv.url + '/#/dashboard');
  await page.waitForSelector('#appt-panel #appt-table');
  const lead = await apiAs(srv.url, 'leader@demo.test');
  const rep = await lead.get('/reports/appointments');
  expect(rep.bookings === 4 && rep.served === 1 && rep.no_show === 1 && rep.cancelled === 1, 'report totals ' + JSON.stringify(rep));
  const stat = async (id) => (await page.textContent(`#${id} .stat-value`)).trim();
  expect(await stat('appt-stat-bookings') === '4' && await stat('appt-stat-served') === '1' &&
         await stat('appt-stat-no-show') === '1' && await stat('appt-stat-cancelled') === '1', 'the panel shows the totals');
  const row = await page.textContent('#appt-table tbody tr');
  expect(row.includes('Klinik Pratama - Poli Umum') && row.includes('50.0%'), 'the table row: service, attendance 1 of 2: ' + row);
  // the chart is drawn in the page (issue #20 item 9): a bar per service, its table beside it
  await page.waitForSelector('#appt-chart svg rect');
  const cap = await page.textContent('#appt-chart table caption');
  const cells = await page.locator('#appt-chart table tbody tr').first().locator('td').allTextContents();
  const first = rep.by_service[0];
  expect(cap.trim().length > 0 && cells.join() === `${first.bookings},${first.served}`,
    'the chart\'s table: bookings and served of the service: ' + cells);
  const panel = await page.textContent('#appt-panel');
  expect(!panel.includes(PATIENT) && !panel.includes('Rahasia'), 'no names and no answers in the panel');
  expect(await page.locator('#exports button[data-report=appointments]').count() === 3, 'CSV, XLSX and PDF exports of the report');
});

await t.case('desktop and phone: axe-core finds nothing, nothing wider than the phone', async () => {
  fs.mkdirSync(OUT, {recursive: true});
  await axeClean(page, 'dashboard with the appointments panel (desktop)');
  await page.locator('#appt-panel').screenshot({path: path.join(OUT, '50-appt-panel-desktop.png')});
  await page.setViewportSize({width: 375, height: 740});
  await axeClean(page, 'dashboard with the appointments panel (phone)');
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(over <= 0, `the dashboard overflows a phone screen by ${over}px`);
  await page.locator('#appt-panel').screenshot({path: path.join(OUT, '50-appt-panel-phone.png')});
});

t.ok(errors.length === 0, 'no page errors', errors.join('\n'));
await browser.close();
const code = await srv.stop(t.failed > 0);
t.ok(code === 0, 'server exits cleanly (status 0)', `exit ${code}`);
t.done();
