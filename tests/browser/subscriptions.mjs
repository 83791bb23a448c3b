// Browser test of the "Langganan laporan" page (issue #22 item 2) and the
// receipt link (item 7): a leader reaches it from the dashboard, subscribes
// (the weekday appears only for weekly schedules), sees a refused address
// named at its field, edits, sends one now, deletes only after confirming;
// axe-core clean at 1280 and 375 px. A requester finds the receipt in the
// ticket's "Documents (PDF)" box. Prints TAP.
import path from 'node:path';
import {setup, expect, OUT, axeClean, finish, apiAs, loginPage, walkSizes} from './harness.mjs';

const {t, srv, browser, errors} = await setup();
const page = await loginPage(browser, srv.url, 'leader', errors, {lang: 'en'});
const leaderApi = await apiAs(srv.url, 'leader@demo.test');
const mine = async () => (await leaderApi.get('/report-subscriptions')).items;

await t.case('a leader reaches the page from the dashboard', async () => {
  await page.goto(srv.url + '/#/dashboard');
  await page.click('#dash-subscriptions');
  await page.waitForSelector('main h1:text("Report subscriptions")');
  await page.waitForSelector('#sub-list p.muted:text("No report subscriptions yet.")');
  expect(await page.isHidden('#sub-form select[name=weekday]'), 'no weekday for a monthly schedule');
});

await t.case('subscribing to a weekly SLA report in XLSX lists it and the server has it', async () => {
  await page.selectOption('#sub-form select[name=report]', 'sla');
  await page.selectOption('#sub-form select[name=format]', 'xlsx');
  await page.selectOption('#sub-form select[name=cadence]', 'weekly');
  await page.waitForSelector('#sub-form select[name=weekday]', {state: 'visible'});
  await page.selectOption('#sub-form select[name=weekday]', '5');
  await page.fill('#sub-form input[name=time]', '06:30');
  await page.fill('#sub-form input[name=extra_recipients]', 'kabid@pemda.test');
  await page.click('#sub-save');
  await page.waitForSelector('#sub-table tbody tr:has-text("SLA compliance")');
  const row = await page.textContent('#sub-table tbody tr');
  expect(row.includes('Weekly, Friday, 06:30 WIB') && row.includes('kabid@pemda.test') && row.includes('Not sent yet'), 'row: ' + row);
  const s = await mine();
  expect(s.length === 1 && s[0].format === 'xlsx' && s[0].weekday === 5 && s[0].time === '06:30', JSON.stringify(s));
});

await t.case('a bad extra address is named at its field and nothing is saved', async () => {
  await page.fill('#sub-form input[name=extra_recipients]', 'bukan alamat');
  await page.click('#sub-save');
  await page.waitForSelector('#sub-form .field-error:not([hidden])');
  const msg = await page.textContent('#sub-form .field-error:not([hidden])');
  expect(/comma/i.test(msg), 'the error: ' + msg);
  expect((await mine()).length === 1, 'still one');
  await page.fill('#sub-form input[name=extra_recipients]', '');
});

await t.case('editing changes the format; send now reports the recipients', async () => {
  await page.click('#sub-table button[data-act=edit]');
  await page.waitForSelector('#sub-form-title:text("Edit subscription")');
  expect(await page.inputValue('#sub-form input[name=extra_recipients]') === 'kabid@pemda.test', 'the form holds the row');
  await page.selectOption('#sub-form select[name=format]', 'pdf');
  await page.click('#sub-save');
  await page.waitForSelector('#sub-table tbody tr:has-text("SLA compliance · PDF")');
  expect((await mine())[0].format === 'pdf', 'saved as pdf');
  await page.click('#sub-table button[data-act=send]');
  await page.waitForSelector('#flash p:has-text("2 recipient")');
});

await t.case('the page at desktop and phone size: axe-core finds nothing', async () => {
  await walkSizes(page, 'subscriptions', '60-subscriptions');
});

await t.case('deleting asks first; cancel keeps it, confirming removes it', async () => {
  await page.click('#sub-table button[data-act=delete]');
  await page.waitForSelector('dialog[open] h2:text("Delete the subscription?")');
  await page.click('dialog[open] button:text("Cancel")');
  await page.waitForSelector('dialog', {state: 'detached'});
  expect((await mine()).length === 1, 'kept');
  await page.click('#sub-table button[data-act=delete]');
  await page.click('dialog[open] button.danger');
  await page.waitForSelector('#sub-list p.muted:text("No report subscriptions yet.")');
  expect((await mine()).length === 0, 'deleted on the server');
});

await t.case("a requester finds the receipt in the ticket's documents", async () => {
  const req = await apiAs(srv.url, 'requester@demo.test');
  const svc = (await req.get('/services?per_page=200')).items.find((s) => s.kind === 'ticket');
  const tk = await req.post('/tickets', {title: 'Tanda terima', description: 'x', service_id: svc.id});
  const rp = await loginPage(browser, srv.url, 'requester', errors, {lang: 'en', viewport: {width: 375, height: 740}});
  await rp.goto(srv.url + '/#/tickets/' + tk.number);
  await rp.waitForSelector('#ticket-docs #pdf-receipt');
  const href = await rp.getAttribute('#pdf-receipt', 'href');
  expect(href === `/api/v1/tickets/${tk.number}/receipt.pdf`, 'href ' + href);
  expect((await rp.textContent('#pdf-receipt')).includes('Receipt'), 'labelled');
  await axeClean(rp, 'ticket with the receipt link (phone)');
  await rp.screenshot({path: path.join(OUT, '60-receipt-link-phone.png'), fullPage: true});
  const r = await rp.evaluate(async (u) => { const x = await fetch(u); return [x.status, x.headers.get('content-type')]; }, href);
  expect(r[0] === 200 && r[1] === 'application/pdf', 'the PDF: ' + r);
  await rp.context().close();
});

await finish(t, browser, srv, errors);
