// Browser test of issue #21 items 5 and 6 (seed 002: agents close what they
// handled, every ticket filed under a tag; seed 000: a named PIC per
// service): the queue tab "Belum dikategorikan", the "Tutup" button an agent
// gets on a resolved ticket only while the setting agent_close allows it,
// and the PIC field of the admin's service form, shown in the workspace.
// Each page at 1280 and 375 px, axe-core clean. Prints TAP.
import path from 'node:path';
import {setup, apiAs, loginPage, axeClean, expect, finish, pick as choose, OUT} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();
const NET = 'Gangguan Jaringan Internet';   // demo: PIC pic@demo.test (Andi Saputra)
const PC = 'Kerusakan Perangkat Komputer';  // demo: no PIC

async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((h) => location.hash === h, hash);
  await page.waitForLoadState('networkidle');
}

// The admin's live choice, as the settings page (issue #21 item 7) keeps it.
function setting(key, value) {
  srv.sql(`INSERT INTO settings (key, value) VALUES ('${key}', '${value}') ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}

// Desktop then phone: axe-core clean, nothing wider than the phone, a screenshot of each.
async function bothSizes(page, name) {
  await axeClean(page, name + ' (1280 px)');
  await page.screenshot({path: path.join(OUT, `60-${name}-desktop.png`), fullPage: true});
  await page.setViewportSize({width: 375, height: 740});
  await page.waitForTimeout(100);
  await axeClean(page, name + ' (375 px)');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({path: path.join(OUT, `60-${name}-phone.png`), fullPage: true});
  await page.setViewportSize({width: 1280, height: 900});
  expect(wide <= 380, `${name}: nothing wider than the phone (${wide} px)`);
}

const reqApi = await apiAs(base, 'requester@demo.test');
const agentApi = await apiAs(base, 'agent@demo.test');
const services = (await reqApi.get('/services?per_page=200')).items;
const sid = (name) => services.find((s) => s.name === name).id;
const file = async (service, title) => (await reqApi.post('/tickets', {title, description: 'Mohon dibantu.', service_id: sid(service)})).number;
const untagged = await file(PC, 'Printer lantai 2 macet');
const tagged = await file(PC, 'Mouse tidak berfungsi');
const tk = await agentApi.get('/tickets/' + tagged);
await agentApi.patch('/tickets/' + tagged, {tags: ['perangkat'], version: tk.version});

const agent = await loginPage(browser, base, 'agent', errors);

await t.case('queue tab "Belum dikategorikan" lists the untagged tickets only', async () => {
  await go(agent, '#/queue/new');
  const tab = agent.locator('nav.tabs a', {hasText: 'Belum dikategorikan'});
  expect(await tab.count() === 1, 'the tab is there');
  await tab.click();
  await agent.waitForFunction(() => location.hash === '#/queue/untriaged');
  await agent.waitForSelector(`main tbody tr:has-text("${untagged}")`);
  const text = await agent.textContent('main tbody');
  expect(!text.includes(tagged), 'the tagged ticket is not listed');
  expect(await agent.getAttribute('nav.tabs a[href="#/queue/untriaged"]', 'aria-current') === 'page', 'the tab is current');
  const api = await agentApi.get('/tickets?untagged=true');
  const shown = await agent.locator('main tbody tr').count();
  expect(shown === Math.min(api.total, 50), `as many rows as the API has (${shown} vs ${api.total})`);
  await bothSizes(agent, 'queue-untriaged');
});

await t.case('the untriaged tab narrows to tickets without a category too', async () => {
  const sel = agent.locator('main select[name=uncategorised]');
  expect(await sel.count() === 1, 'a category filter on the tab');
  await sel.selectOption('true');
  await agent.waitForLoadState('networkidle');
  const api = await agentApi.get('/tickets?untagged=true&uncategorised=true');
  await agent.waitForFunction((n) => document.querySelectorAll('main tbody tr').length === n || (n === 0 && document.querySelector('main .empty, main p.muted')), api.total);
});

let number = '';
await t.case('setting off: the assigned agent sees no "Tutup" on the resolved ticket', async () => {
  number = await file(PC, 'Layar komputer bergaris');
  await agentApi.post(`/tickets/${number}/assign`, {});
  await agentApi.post(`/tickets/${number}/transitions`, {to: 'resolved', summary: 'Kabel VGA diganti.'});
  await go(agent, '#/tickets/' + number);
  await agent.waitForSelector('#status-to');
  expect(await agent.locator('#close-ticket').count() === 0, 'no close button');
  const opts = await agent.locator('#status-to option').allTextContents();
  expect(!opts.includes('Ditutup'), 'no "Ditutup" status choice: ' + opts.join('|'));
});

await t.case('setting on (live): "Tutup" appears, asks, and closes the ticket', async () => {
  setting('agent_close', 'true');
  await go(agent, '#/queue/new');
  await go(agent, '#/tickets/' + number);
  await agent.waitForSelector('#close-ticket:text("Tutup")');
  await bothSizes(agent, 'workspace-close');
  await agent.click('#close-ticket');
  await agent.waitForSelector('dialog[open]');
  await axeClean(agent, 'close dialog');
  await agent.locator('dialog[open] button[type=submit]').click();
  await agent.waitForSelector('text=Tiket ditutup.');
  expect((await agentApi.get('/tickets/' + number)).status === 'closed', 'closed in the API');
  setting('agent_close', 'false');
});

await t.case('another agent\'s resolved ticket: no "Tutup" even with the setting on', async () => {
  setting('agent_close', 'true');
  const other = await file(PC, 'Speaker mati');
  const pic = await apiAs(base, 'admin@demo.test');
  await pic.post(`/tickets/${other}/assign`, {});
  await pic.post(`/tickets/${other}/transitions`, {to: 'resolved', summary: 'Diganti.'});
  await go(agent, '#/tickets/' + other);
  await agent.waitForSelector('#status-to');
  expect(await agent.locator('#close-ticket').count() === 0, 'not assigned to this agent: no close button');
  setting('agent_close', 'false');
});

const admin = await loginPage(browser, base, 'admin', errors);
await t.case('admin: the service form has the PIC field; the choice is saved', async () => {
  await go(admin, '#/admin/master/services');
  const row = admin.locator('main tbody tr', {hasText: PC});
  await row.locator('button').first().click();
  const dlg = admin.locator('dialog[open]');
  await dlg.locator('.picker:has(> input[type=hidden][name="pic_user_id"]) [role=combobox]').waitFor();
  expect(await dlg.locator('label', {hasText: 'PIC layanan'}).count() >= 1, 'labelled "PIC layanan"');
  await bothSizes(admin, 'service-form-pic');
  await choose(dlg, {name: 'pic_user_id'}, 'Siti Rahmawati');
  await dlg.locator('button[type=submit]').click();
  await admin.waitForSelector('dialog[open]', {state: 'detached'});
  const svc = await agentApi.get('/services/' + sid(PC));
  expect(svc.pic_user_id === agentApi.user.id, 'saved: ' + svc.pic_user_id);
});

await t.case('admin: a requester as PIC is refused on the field', async () => {
  const row = admin.locator('main tbody tr', {hasText: PC});
  await row.locator('button').first().click();
  const dlg = admin.locator('dialog[open]');
  await choose(dlg, {name: 'pic_user_id'}, 'dr. Maya Lestari');
  await dlg.locator('button[type=submit]').click();
  await dlg.locator('text=PIC harus agen yang aktif').waitFor();
  await axeClean(admin, 'service form with the PIC error');
  await dlg.locator('button:text("Batal")').click();
});

await t.case('the workspace names the service\'s PIC', async () => {
  const n = await file(NET, 'Internet ruang rapat putus');
  await go(agent, '#/tickets/' + n);
  await agent.waitForSelector('dl.details dt:text("PIC layanan")');
  const dd = await agent.locator('dl.details div', {hasText: 'PIC layanan'}).locator('dd').textContent();
  expect(dd === 'Andi Saputra', 'the PIC: ' + dd);
  await bothSizes(agent, 'workspace-pic');
});

await finish(t, browser, srv, errors);
