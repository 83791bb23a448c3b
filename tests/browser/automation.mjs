// Browser test of issue #22 item 1: the admins' automation page. The demo's
// example rules are listed (switched off); a rule is written with the
// pickers (a service, an agent found by name), refused with the error
// beside the bad action, saved, and then acts on the next ticket; its dry
// run lists that ticket; it is switched off, moved and deleted after a
// confirmation. The list, the editor and the dialog at 1280 and 375 px,
// axe-core clean. Prints TAP.
import path from 'node:path';
import {setup, expect, OUT, axeClean, finish, loginPage, apiAs, pick} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();
const admin = await apiAs(base, 'admin@demo.test');
const req = await apiAs(base, 'requester@demo.test');

async function both(page, what, shot) {
  await axeClean(page, what + ' (1280 px)');
  await page.screenshot({path: path.join(OUT, shot + '-desktop.png'), fullPage: true});
  await page.setViewportSize({width: 375, height: 740});
  await axeClean(page, what + ' (375 px)');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide <= 375, what + ': nothing wider than the phone, got ' + wide);
  await page.screenshot({path: path.join(OUT, shot + '-phone.png'), fullPage: true});
  await page.setViewportSize({width: 1280, height: 900});
}

const page = await loginPage(browser, base, 'admin', errors);
const NAME = 'Printer ke Siti';

await t.case('automation: the demo rules are listed, switched off', async () => {
  await page.goto(base + '/#/admin/automation');
  await page.waitForSelector('main h2:text("Daftar aturan")');
  await page.waitForSelector('table.auto-table th:text("Balasan otomatis di luar jam layanan")');
  const rows = await page.locator('table.auto-table tbody tr').count();
  expect(rows === 6, 'six example rules, got ' + rows);
  expect(await page.locator('table.auto-table input[type=checkbox]:checked').count() === 0, 'all off');
  await both(page, 'automation list', '70-automation-list');
});

await t.case('automation: a bad action is refused beside its field', async () => {
  await page.click('#auto-new');
  await page.waitForSelector('main h2:text("Aturan baru")');
  await page.fill('input[name=name]', 'Tanpa alasan');
  await page.selectOption('select[name="actions[0].type"]', 'set_status');
  await page.selectOption('select[name="actions[0].status"]', 'cancelled');
  await page.click('form[aria-labelledby=auto-edit-h] button[type=submit]');
  await page.waitForSelector('input[name="actions[0].reason"][aria-invalid=true]');
  expect(await page.isVisible('form[aria-labelledby=auto-edit-h] .field-error:not([hidden])'), 'the message beside it');
  await both(page, 'automation editor with an error', '71-automation-error');
  await page.click('form[aria-labelledby=auto-edit-h] button:text("Batal")');
});

await t.case('automation: a rule written with the pickers acts on the next ticket', async () => {
  await page.click('#auto-new');
  await page.fill('input[name=name]', NAME);
  await pick(page.locator('form[aria-labelledby=auto-edit-h]'), {name: 'conditions.service_ids'}, 'Kerusakan Perangkat Komputer');
  await page.waitForSelector('.auto-chips li:has-text("Kerusakan Perangkat Komputer")');
  await page.fill('input[name="conditions.words"]', 'printer, pencetak');
  await pick(page.locator('form[aria-labelledby=auto-edit-h]'), {name: 'actions[0].user_id'}, 'Siti Rahmawati');
  await page.click('button:text("Tambah tindakan")');
  await page.fill('textarea[name="actions[1].message"]', 'Printer Anda ditangani Siti.');
  await page.selectOption('select[name="actions[1].to"]', 'requester');
  await both(page, 'automation editor', '72-automation-editor');
  await page.click('form[aria-labelledby=auto-edit-h] button[type=submit]');
  await page.waitForSelector('#flash :text("Aturan disimpan.")');
  await page.waitForSelector(`table.auto-table th:text("${NAME}")`);
  const rules = (await admin.get('/automation/rules')).items;
  const r = rules.find((x) => x.name === NAME);
  expect(r && r.enabled && r.actions.length === 2 && r.conditions.words.join() === 'printer,pencetak', 'stored: ' + JSON.stringify(r));
  const svc = (await req.get('/services?per_page=200')).items.find((s) => s.name === 'Kerusakan Perangkat Komputer');
  const tk = await req.post('/tickets', {title: 'Printer ruang rapat macet', description: 'Kertas tersangkut.', service_id: svc.id});
  const got = await admin.get('/tickets/' + tk.number);
  expect(got.assignee && got.assignee.name === 'Siti Rahmawati', 'assigned by the rule: ' + JSON.stringify(got.assignee));
  page.tkNumber = tk.number;
});

await t.case('automation: the dry run lists the ticket; switch off, move, delete', async () => {
  await page.click(`button[aria-label="Uji coba aturan ${NAME}"]`);
  await page.waitForSelector(`.auto-dry-list a:text("${page.tkNumber}")`);
  await page.click(`input[aria-label="Aktifkan aturan ${NAME}"]`);
  await page.waitForSelector('#flash :text("Aturan dinonaktifkan.")');
  let r = (await admin.get('/automation/rules')).items.find((x) => x.name === NAME);
  expect(!r.enabled, 'switched off');
  const before = (await admin.get('/automation/rules')).items.map((x) => x.id);
  await page.click(`button[aria-label="Naik urutan ${NAME}"]`);
  await page.waitForSelector('#flash :text("Urutan disimpan.")');
  const after = (await admin.get('/automation/rules')).items.map((x) => x.id);
  expect(after.indexOf(r.id) === before.indexOf(r.id) - 1, 'moved up one: ' + before + ' -> ' + after);
  await page.click(`button[aria-label="Hapus aturan ${NAME}"]`);
  await page.waitForSelector('dialog[open] h2:text("Hapus aturan?")');
  await both(page, 'automation delete dialog', '73-automation-delete');
  await page.click('dialog[open] button.danger');
  await page.waitForSelector('#flash :text("Aturan dihapus.")');
  r = (await admin.get('/automation/rules')).items.find((x) => x.name === NAME);
  expect(!r, 'deleted');
});

await finish(t, browser, srv, errors);
