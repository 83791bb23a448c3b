// Browser test of issue #22 item 3: the admins' webhooks page. Adding an
// endpoint (a URL with credentials refused beside its field; event kinds as
// checkboxes; the generated secret shown once and never again), sending a
// test event and reading the deliveries table, editing, deleting after a
// confirmation; an agent never sees the page. At 1280 and 375 px, axe-core
// clean. Prints TAP.
import {setup, expect, axeBoth, axeClean, finish, loginPage, apiAs} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();
const admin = await apiAs(base, 'admin@demo.test');

const both = axeBoth; // harness.mjs

const page = await loginPage(browser, base, 'admin', errors);
let secret = '';

await t.case('webhooks: the empty page from the admin menu', async () => {
  await page.goto(base + '/#/admin/master/services');
  await page.click('nav.admin-tabs a:text("Webhook")');
  await page.waitForSelector('main h1:text("Webhook")');
  await page.waitForSelector('main :text("Belum ada webhook.")');
  await both(page, 'webhooks, empty', 'webhooks-empty');
});

await t.case('webhooks: credentials in the URL are refused beside the field', async () => {
  await page.click('#hook-add');
  await page.waitForSelector('dialog[open] h2:text("Tambah webhook")');
  await page.fill('dialog[open] input[name=name]', 'Dasbor kantor');
  await page.fill('dialog[open] input[name=url]', 'https://admin:rahasia@127.0.0.1:9/hook');
  await page.check('dialog[open] label:text("Dinilai")');
  await both(page, 'webhooks, the form', 'webhooks-form');
  await page.click('dialog[open] button[type=submit]');
  await page.waitForSelector('dialog[open] .field-error:not([hidden]):text("nama pengguna")');
});

await t.case('webhooks: saved with a generated secret shown once', async () => {
  await page.fill('dialog[open] input[name=url]', 'http://127.0.0.1:9/hook');
  await page.click('dialog[open] button[type=submit]');
  await page.waitForSelector('dialog[open] h2:text("Rahasia webhook")');
  const text = await page.textContent('dialog[open] p');
  secret = (text.match(/whsec_[0-9a-f]{64}/) || [''])[0];
  expect(secret, 'the secret is in the dialog: ' + text);
  await axeClean(page, 'webhooks, the secret once');
  await page.click('dialog[open] button[type=submit]');
  await page.waitForSelector('main td :text("http://127.0.0.1:9/hook")');
  const html = await page.content();
  expect(!html.includes(secret), 'the secret is gone from the page');
  const list = await admin.get('/webhooks');
  expect(list.items.length === 1 && list.items[0].events.join() === 'ticket.created,ticket.status_changed,ticket.rated',
    'saved with the checked kinds: ' + JSON.stringify(list.items));
  expect(!JSON.stringify(list).includes(secret), 'the API does not show it either');
});

await t.case('webhooks: a test event shows in the deliveries table', async () => {
  await page.click('main button:text("Kirim uji")');
  await page.waitForSelector('#flash :text("Peristiwa uji diantrekan.")');
  await page.waitForSelector('main td:text("Uji (ping)")');
  await both(page, 'webhooks, deliveries', 'webhooks-deliveries');
});

await t.case('webhooks: edit the kinds and switch it off', async () => {
  await page.click('main button:text("Ubah")');
  await page.waitForSelector('dialog[open] h2:text("Ubah webhook")');
  await page.uncheck('dialog[open] label:text("Status berubah")');
  await page.uncheck('dialog[open] input[name=enabled]');
  await page.click('dialog[open] button[type=submit]');
  await page.waitForSelector('#flash :text("Tersimpan.")');
  const w = (await admin.get('/webhooks')).items[0];
  expect(w.enabled === false && w.events.join() === 'ticket.created,ticket.rated' && w.secret_set,
    'changed, the secret kept: ' + JSON.stringify(w));
});

await t.case('webhooks: delete after a confirmation', async () => {
  await page.click('main td button.danger');
  await page.waitForSelector('dialog[open] h2:text("Hapus")');
  await axeClean(page, 'webhooks, delete confirmation');
  await page.click('dialog[open] button.danger');
  await page.waitForSelector('#flash :text("Webhook dihapus.")');
  await page.waitForSelector('main :text("Belum ada webhook.")');
  expect((await admin.get('/webhooks')).items.length === 0, 'gone');
});

await t.case('webhooks: an agent has no such page', async () => {
  const agent = await loginPage(browser, base, 'agent', errors);
  await agent.goto(base + '/#/admin/webhooks');
  await agent.waitForSelector('main h1');
  expect(!(await agent.isVisible('main h2:text("Alamat webhook")')), 'no list for an agent');
  expect(!(await agent.isVisible('nav.admin-tabs')), 'no admin menu');
  await agent.context().close();
});

await finish(t, browser, srv, errors);
