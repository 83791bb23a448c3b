// Browser test of the leader reports of issue #21 item 9 (seed 001): the
// dashboard's "waiting on the requester" panel, the ticket export dialog
// (column checkboxes, the public timeline option, the progress bar, the
// file with the chosen columns) and the dashboard on paper (print.css:
// no navigation, filters or buttons; a header with the organisation and
// the period; charts and tables inside an A4 page). axe-core at 1280 and
// 375 px. Prints TAP.
import path from 'node:path';
import {setup, finish, expect, axeClean, loginPage, apiAs, pick, OUT} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();
const TAG = 'cetakduasatu';
let number;

await t.case('a ticket waits on its requester once and is answered (API)', async () => {
  const req = await apiAs(base, 'requester@demo.test');
  const agent = await apiAs(base, 'agent@demo.test');
  const svc = (await req.get('/services?per_page=200')).items.find((s) => s.kind === 'ticket').id;
  number = (await req.post('/tickets', {title: 'Data kurang ' + TAG, description: 'uji', service_id: svc})).number;
  await agent.post(`/tickets/${number}/transitions`, {to: 'in_progress'});
  await agent.post(`/tickets/${number}/transitions`, {to: 'waiting'});
  await req.post(`/tickets/${number}/comments`, {body: 'Sudah saya lengkapi'});
  const rep = await agent.get('/reports/waiting?q=' + TAG);
  expect(rep.rounds === 1 && rep.answered === 1, 'one answered round: ' + JSON.stringify(rep));
});

let rejected;
await t.case('staff turning a ticket down pick a rejection reason code (workspace dialog)', async () => {
  const req = await apiAs(base, 'requester@demo.test');
  const svc = (await req.get('/services?per_page=200')).items.find((s) => s.kind === 'ticket').id;
  rejected = (await req.post('/tickets', {title: 'Tiket ganda ' + TAG, description: 'uji', service_id: svc})).number;
  const agent = await loginPage(browser, base, 'agent', errors, {lang: 'id'});
  await agent.goto(base + '/#/tickets/' + rejected);
  await agent.selectOption('#status-to', 'cancelled');
  await agent.click('#status-go');
  const dlg = agent.locator('dialog');
  const box = dlg.locator('.picker:has(> input[type=hidden][name="reason_code"]) [role=combobox]');
  await box.click(); // a searchable picker (web/js/picker.js): its list holds the codes
  const codes = await agent.locator('#' + await box.getAttribute('aria-controls') + ' [role=option]')
    .evaluateAll((os) => os.map((o) => o.dataset.value).filter(Boolean));
  await box.press('Escape'); // closes the list, not the dialog
  expect(codes.join() === 'duplikat,bukan_kewenangan,data_tidak_lengkap,spam', 'the four codes in rank order: ' + codes);
  await axeClean(agent, 'the cancel dialog with reason codes (desktop)');
  await dlg.locator('textarea[name=reason]').fill('Sudah ada tiket yang sama');
  await dlg.locator('button[type=submit]').click();
  expect(await dlg.locator('.field-error:not([hidden])').count() === 1, 'the code is required');
  await pick(dlg, {name: 'reason_code'}, {value: 'duplikat'});
  await agent.screenshot({path: path.join(OUT, '64-reject-dialog-desktop.png')});
  await dlg.locator('button[type=submit]').click();
  await agent.waitForSelector('.ticket-head .badge.st-cancelled');
  await agent.close();
});

const page = await loginPage(browser, base, 'leader', errors, {lang: 'id'});

await t.case('the leader\'s dashboard has the waiting panel: figures, chart, table per unit', async () => {
  await page.goto(base + '/#/dashboard');
  await page.waitForSelector('#waiting-panel #waiting-table');
  const row = await page.textContent('#waiting-table tbody');
  expect(row.includes('Dinas Kesehatan'), 'a row for the requester\'s unit: ' + row);
  expect((await page.textContent('#waiting-stat-rounds .stat-value')).trim() === '1', 'one clarification round');
  await page.waitForSelector('#waiting-chart svg text'); // drawn in the page (issue #20 item 9)
  expect(await page.locator('#exports button[data-report=waiting]').count() === 3, 'CSV, XLSX and PDF exports of it');
  await page.waitForSelector('#rejections-table');
  const rej = await page.textContent('#rejections-table tr[data-code=duplikat]');
  expect(rej.includes('Ditolak petugas') && rej.includes('Duplikat') && rej.includes('1'), 'the rejection by code: ' + rej);
  await axeClean(page, 'dashboard with the waiting panel (desktop)');
  await page.locator('#waiting-panel').screenshot({path: path.join(OUT, '60-waiting-panel-desktop.png')});
});

await t.case('the export dialog: column checkboxes, the timeline turns PDF off, the job shows its progress', async () => {
  await page.click('#ticket-export-open');
  await page.waitForSelector('#ticket-export-dialog[open]');
  expect(await page.locator('#export-columns input[type=checkbox]').count() === 17, '17 column checkboxes');
  expect(await page.locator('#export-columns input:checked').count() === 17, 'all ticked at first');
  await axeClean(page, 'the export dialog (desktop)');
  await page.screenshot({path: path.join(OUT, '61-export-dialog-desktop.png')});
  await page.click('#export-cols-none');
  await page.click('#ticket-export-dialog button[type=submit]');
  expect(await page.isVisible('#export-columns-error'), 'no column: the dialog says so and stays');
  for (const c of ['number', 'title', 'status']) await page.check('#export-col-' + c);
  await page.check('#export-format-pdf');
  await page.check('#export-timeline');
  expect(await page.isDisabled('#export-format-pdf') && await page.isChecked('#export-format-csv'), 'timeline: PDF off, CSV chosen');
  await page.click('#ticket-export-dialog button[type=submit]');
  await page.waitForSelector('#ticket-export-dialog', {state: 'detached'});
  const job = page.locator('#export-list li[data-custom=yes]');
  expect(await job.locator('progress').count() === 1, 'the job has its progress bar');
  await job.locator('a[download]').waitFor();
  const href = await job.locator('a[download]').getAttribute('href');
  const file = await (await page.request.get(base + href)).text();
  const lines = file.replace(/^\uFEFF/, '').split('\r\n');
  expect(lines[0] === 'number,title,status', 'the chosen columns: ' + lines[0]);
  expect(lines.some((l) => l.startsWith(number + ',') && l.includes('Sudah saya lengkapi')), 'the public timeline has the comment');
});

await t.case('on paper: no navigation or controls, a header with the organisation and period, tables inside A4', async () => {
  await page.setViewportSize({width: 794, height: 1123}); // A4 at 96 dpi
  await page.emulateMedia({media: 'print'});
  const shown = (sel) => page.evaluate((s) => { const e = document.querySelector(s); return !!e && getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0; }, sel);
  for (const sel of ['header.top', '#dash-filters', '#exports', '#ticket-export-open']) expect(!(await shown(sel)), sel + ' hidden on paper');
  for (const sel of ['#print-header', '#waiting-table', '#waiting-chart svg', '.chart-grid .rchart svg']) expect(await shown(sel), sel + ' shown on paper');
  const head = await page.textContent('#print-header');
  expect(/Dasbor|Dashboard/i.test(head) && head.trim().length > 10, 'the header names the dashboard and period: ' + head);
  const org = (await (await page.request.get(base + '/api/v1/reports/waiting')).json()).org_name;
  expect(org && head.includes(org), `the organisation ${org} in the header`);
  const over = await page.evaluate(() => [...document.querySelectorAll('table:not(.sr), .rchart svg, .card')]
    .map((e) => e.getBoundingClientRect().right).filter((r) => r > document.documentElement.clientWidth + 1).length);
  expect(over === 0, `${over} tables, charts or cards wider than the page`);
  const pdf = await page.pdf({format: 'A4', path: path.join(OUT, '62-dashboard-print.pdf')});
  expect(pdf.length > 1000 && pdf.subarray(0, 4).toString() === '%PDF', 'page.pdf() prints it');
  await page.screenshot({path: path.join(OUT, '62-dashboard-print.png'), fullPage: true});
  await page.emulateMedia({media: 'screen'});
  expect(!(await shown('#print-header')) && await shown('header.top'), 'back on screen: the header is gone, the navigation back');
});

await t.case('phone (375 px): panel and dialog fit, axe-core finds nothing', async () => {
  await page.setViewportSize({width: 375, height: 740});
  await axeClean(page, 'dashboard with the waiting panel (phone)');
  let over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(over <= 0, `the dashboard overflows a phone screen by ${over}px`);
  await page.locator('#waiting-panel').screenshot({path: path.join(OUT, '63-waiting-panel-phone.png')});
  await page.click('#ticket-export-open');
  await page.waitForSelector('#ticket-export-dialog[open]');
  await axeClean(page, 'the export dialog (phone)');
  over = await page.evaluate(() => { const d = document.querySelector('#ticket-export-dialog'); return d.getBoundingClientRect().right - window.innerWidth; });
  expect(over <= 0, `the dialog overflows a phone screen by ${over}px`);
  await page.screenshot({path: path.join(OUT, '63-export-dialog-phone.png')});
  await page.keyboard.press('Escape');
});

await finish(t, browser, srv, errors);
