// Browser test of issue #20's agent tools: macros, canned responses while
// typing, keyboard shortcuts. Admin › Macros lists the demo's macros, an
// invalid macro is refused beside its field, a macro is added, edited and
// deleted after a confirmation; on the ticket page an agent applies a macro
// in one click (status, assignment, tags, the reply with the variables
// filled in, each on the timeline); in the reply box "/" and "::" list the
// canned responses (listbox, arrows, Enter inserts, Escape closes); "?"
// lists the shortcuts, j/k/Enter walk the queue, r/n/m reach the reply,
// the note and the macros, never while typing, "g q" goes to the queue and
// "/" to its search box; a macro applied to a bulk selection. Each page and
// dialog at 1280 and 375 px, axe-core clean. Prints TAP.
import {setup, expect, finish, loginPage, apiAs, pick, walkSizes} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();
const admin = await apiAs(base, 'admin@demo.test');
const req = await apiAs(base, 'requester@demo.test');
const agentApi = await apiAs(base, 'agent@demo.test');
const svc = (await req.get('/services?per_page=200')).items.find((s) => s.name === 'Gangguan Jaringan Internet');
const newTicket = (title) => req.post('/tickets', {title, description: 'Sejak pagi tidak tersambung.', service_id: svc.id});
const macros = async () => (await admin.get('/macros?per_page=200')).items;

const page = await loginPage(browser, base, 'admin', errors);
const dlg = 'dialog[open]';

await t.case('macros: the admin page lists the demo macros', async () => {
  await page.goto(base + '/#/admin/macros');
  await page.waitForSelector('main h1:text("Makro")');
  for (const name of ['Tangani gangguan jaringan', 'Minta data tambahan', 'Selesai: gangguan pulih', 'Catatan serah terima']) {
    await page.waitForSelector(`main table tbody tr:has-text("${name}")`);
  }
  const row = page.locator('main table tbody tr', {hasText: 'Tangani gangguan jaringan'});
  const does = await row.locator('td').nth(1).innerText();
  expect(does === 'Balas pemohon · Status: Diproses · Label: jaringan · Tugaskan ke yang menjalankan', 'what it does: ' + does);
  await page.fill('#macro-search', 'serah');
  await page.waitForFunction(() => document.querySelectorAll('main table tbody tr').length === 1);
  await page.fill('#macro-search', '');
  await page.waitForFunction(() => document.querySelectorAll('main table tbody tr').length === 4);
  await walkSizes(page, 'admin macros', '90-macros-admin');
});

await t.case('macros: an invalid macro is refused beside its field, then saved', async () => {
  await page.click('#macro-add');
  await page.waitForSelector(`${dlg} h2:text("Tambah makro")`);
  await page.fill(`${dlg} input[name=name]`, 'Reset kata sandi');
  await page.fill(`${dlg} textarea[name=body]`, 'Kata sandi Anda kami atur ulang. {{requester_name}}, silakan cek email.');
  await page.check(`${dlg} input[name=internal]`);
  await page.selectOption(`${dlg} select[name=status]`, 'resolved');
  await page.click(`${dlg} button[type=submit]`);
  await page.waitForSelector(`${dlg} select[name=status][aria-invalid=true]`);
  const msg = await page.locator(`${dlg} .field-error:not([hidden])`).first().innerText();
  expect(msg.includes('balasan publik'), 'the reason beside status: ' + msg);
  await walkSizes(page, 'macro form with an error', '91-macros-error');
  await page.uncheck(`${dlg} input[name=internal]`);
  await page.selectOption(`${dlg} select[name=status]`, 'waiting');
  await page.check(`${dlg} label:text-is("akun")`);
  await page.selectOption(`${dlg} select[name=assign]`, 'user');
  await pick(page.locator(dlg), {name: 'assignee_id'}, 'Siti Rahmawati');
  await page.click(`${dlg} button[type=submit]`);
  await page.waitForSelector('#flash :text("Makro disimpan.")');
  await page.waitForSelector('main table tbody tr:has-text("Reset kata sandi")');
  const m = (await macros()).find((x) => x.name === 'Reset kata sandi');
  expect(m && m.status === 'waiting' && m.tags === 'akun' && m.assign === 'user' && m.assignee_id === agentApi.user.id &&
    !m.internal && m.body.startsWith('Kata sandi'), 'stored: ' + JSON.stringify(m));
});

await t.case('macros: edit, and delete only after a confirmation', async () => {
  await page.click('main tr:has-text("Reset kata sandi") button:has-text("Ubah")');
  await page.waitForSelector(`${dlg} h2:text("Ubah makro")`);
  await page.fill(`${dlg} input[name=name]`, 'Reset sandi');
  await page.click(`${dlg} button[type=submit]`);
  await page.waitForSelector('main table tbody tr:has-text("Reset sandi")');
  await page.click('main tr:has-text("Reset sandi") button:has-text("Hapus")');
  await page.waitForSelector(`${dlg} :text("Hapus makro “Reset sandi”?")`);
  await walkSizes(page, 'macro delete confirmation', '92-macros-delete');
  await page.click(`${dlg} button:text("Batal")`);
  expect((await macros()).some((x) => x.name === 'Reset sandi'), 'still there after Batal');
  await page.click('main tr:has-text("Reset sandi") button:has-text("Hapus")');
  await page.click(`${dlg} button.danger`);
  await page.waitForSelector('#flash :text("Makro dihapus.")');
  expect(!(await macros()).some((x) => x.name === 'Reset sandi'), 'gone after confirming');
});
await page.context().close();

const agent = await loginPage(browser, base, 'agent', errors);
const tk = await newTicket('Wi-Fi ruang rapat putus');

await t.case('macros: an agent applies a macro in one click on the ticket page', async () => {
  await agent.goto(base + '/#/tickets/' + tk.number);
  await agent.waitForSelector('#macro-card h2:text("Makro")');
  await pick(agent, 'Pilih makro', 'Tangani gangguan jaringan');
  await agent.waitForSelector('#macro-what:text("Balas pemohon · Status: Diproses")');
  await walkSizes(agent, 'ticket page with macros', '93-macros-ticket');
  await agent.click('#macro-apply');
  await agent.waitForSelector('#flash :text("Makro “Tangani gangguan jaringan” dijalankan.")');
  await agent.waitForSelector('.ticket-head .badge.st-in_progress');
  await agent.waitForSelector('.timeline :text("menjalankan makro “Tangani gangguan jaringan”")');
  const reply = `Yth. dr. Maya Lestari, laporan ${tk.number} tentang "Wi-Fi ruang rapat putus" sudah kami terima`;
  await agent.waitForSelector(`.timeline .ev-body:has-text('${reply}')`);
  const got = await admin.get('/tickets/' + tk.number);
  expect(got.status === 'in_progress' && got.assignee && got.assignee.name === 'Siti Rahmawati' && got.tags.includes('jaringan'),
    'applied: ' + JSON.stringify({status: got.status, assignee: got.assignee, tags: got.tags}));
  const seen = (await req.get(`/tickets/${tk.number}/events`)).items;
  expect(seen.some((e) => e.kind === 'comment' && e.body.startsWith(reply)) && !seen.some((e) => e.kind === 'macro'),
    'the requester reads the reply, not the macro event');
});

await t.case('canned responses while typing: "/" and "::" list them, arrows and Enter insert, Escape closes', async () => {
  const box = agent.locator('#reply-form textarea[name=body]');
  await box.click();
  await box.type('Halo. /pulih');
  const list = agent.locator('#' + await box.getAttribute('aria-controls'));
  expect(await list.getAttribute('role') === 'listbox', 'a listbox');
  await list.locator('[role=option]:has-text("Gangguan sudah pulih")').waitFor();
  expect(await box.getAttribute('aria-activedescendant') === await list.locator('[role=option]').first().getAttribute('id'),
    'the first option is the active one');
  await walkSizes(agent, 'canned responses open', '94-canned-open');
  await box.press('ArrowDown');
  await box.press('ArrowUp');
  await box.press('Enter');
  await agent.waitForFunction(() => document.querySelector('.canned-pop').hidden);
  const v1 = await box.inputValue();
  expect(v1 === 'Halo. Gangguan jaringan telah pulih. Silakan dicoba kembali; jika masih bermasalah, balas tiket ini.', 'inserted: ' + v1);
  await box.type(' ::salam');
  await list.locator('[role=option]:has-text("Salam pembuka")').waitFor();
  await box.press('Escape');
  await agent.waitForFunction(() => document.querySelector('.canned-pop').hidden);
  expect(await box.inputValue() === v1 + ' ::salam', 'Escape leaves the text');
  await box.type(' ');
  expect(await agent.evaluate(() => document.querySelector('.canned-pop').hidden), 'stays closed after Escape');
  await box.fill('');
  await box.type('::salam');
  await list.locator('[role=option]:has-text("Salam pembuka")').waitFor();
  await box.press('Enter');
  const v2 = await box.inputValue();
  expect(v2 === `Yth. Bapak/Ibu dr. Maya Lestari, terima kasih telah menghubungi Helpdesk. Tiket ${tk.number} sedang kami tangani.`,
    'variables filled in: ' + v2);
  await box.fill('');
});

await t.case('shortcuts: never while typing; r, n and m on the ticket page', async () => {
  const box = agent.locator('#reply-form textarea[name=body]');
  await box.click();
  await agent.keyboard.type('rnm?');
  expect(await box.inputValue() === 'rnm?', 'typed into the reply box: ' + await box.inputValue());
  expect(!(await agent.isChecked('#reply-internal')) && !(await agent.locator('#kbd-help').count()), 'no shortcut fired while typing');
  await box.fill('');
  await agent.evaluate(() => document.activeElement.blur());
  await agent.keyboard.press('n');
  expect(await agent.isChecked('#reply-internal'), 'n ticks internal note');
  expect(await agent.evaluate(() => document.activeElement.matches('#reply-form textarea')), 'n focuses the reply box');
  await agent.waitForSelector('#reply-form button[type=submit]:text("Simpan catatan")');
  await agent.evaluate(() => document.activeElement.blur());
  await agent.keyboard.press('r');
  expect(!(await agent.isChecked('#reply-internal')), 'r is a reply to the requester');
  await agent.evaluate(() => document.activeElement.blur());
  await agent.keyboard.press('m');
  expect(await agent.evaluate(() => document.activeElement.id === 'macro-pick'), 'm focuses the macro picker');
  await agent.evaluate(() => document.activeElement.blur());
  await agent.keyboard.press('g');
  await agent.keyboard.press('q');
  await agent.waitForFunction(() => location.hash === '#/queue/new');
});

await t.case('shortcuts: "?" lists them; j/k move in the queue, Enter opens, "/" the search box', async () => {
  await newTicket('Jaringan lantai 2 lambat');
  await newTicket('VPN tidak tersambung');
  await agent.reload();
  await agent.waitForSelector('main table tbody tr a[href^="#/tickets/"]');
  await agent.keyboard.press('?');
  await agent.waitForSelector('#kbd-help h2:text("Pintasan papan ketik")');
  const keys = await agent.locator('#kbd-help tbody th').allInnerTexts();
  expect(['?', 'j', 'k', 'Enter', 'r', 'n', 'm', 'g lalu q', '/'].every((k) => keys.includes(k)), 'listed: ' + keys.join(', '));
  await walkSizes(agent, 'shortcuts dialog', '95-shortcuts');
  await agent.keyboard.press('Escape');
  await agent.waitForFunction(() => !document.getElementById('kbd-help'));
  const links = await agent.locator('main table tbody tr a[href^="#/tickets/"]').allInnerTexts();
  await agent.keyboard.press('j');
  await agent.keyboard.press('j');
  await agent.keyboard.press('k');
  await agent.keyboard.press('j');
  const cur = await agent.evaluate(() => [document.querySelectorAll('main tr.kbd-current').length, document.activeElement.textContent]);
  expect(cur[0] === 1 && cur[1] === links[1], 'the second row is chosen and focused: ' + JSON.stringify(cur));
  await walkSizes(agent, 'queue with a row chosen', '96-shortcuts-queue');
  await agent.keyboard.press('Enter');
  await agent.waitForFunction((n) => location.hash === '#/tickets/' + n, links[1]);
  await agent.waitForSelector('#reply-form');
  await agent.keyboard.press('g');
  await agent.keyboard.press('q');
  await agent.waitForSelector('main table tbody tr');
  await agent.keyboard.press('/');
  expect(await agent.evaluate(() => document.activeElement.matches('main input[type=search]')), '/ focuses the search box');
  await agent.keyboard.type('j');
  expect(await agent.evaluate(() => document.activeElement.value === 'j' && !document.querySelector('main tr.kbd-current')),
    'j typed in the search box moves nothing');
});

await t.case('macros: applied to a bulk selection in the queue', async () => {
  const a = await newTicket('Bulk makro satu');
  const b = await newTicket('Bulk makro dua');
  await agent.goto(base + '/#/queue/all');
  await agent.goto(base + '/#/queue/new');
  for (const n of [a.number, b.number]) await agent.check(`input[aria-label="Pilih ${n}"]`);
  await agent.click('.bulk button:text("Jalankan makro")');
  await agent.waitForSelector(`${dlg} h2:text("Jalankan makro pada tiket terpilih")`);
  await pick(agent.locator(dlg), 'Pilih makro', 'Catatan serah terima');
  await walkSizes(agent, 'bulk macro dialog', '97-macros-bulk');
  await agent.click(`${dlg} button[type=submit]`);
  await agent.waitForSelector('#flash :text("Makro “Catatan serah terima” dijalankan pada 2 tiket.")');
  for (const n of [a.number, b.number]) {
    const got = await admin.get('/tickets/' + n);
    expect(got.tags.includes('berulang'), n + ' tagged: ' + got.tags);
    const ev = (await admin.get(`/tickets/${n}/events`)).items;
    expect(ev.some((e) => e.kind === 'note' && e.internal && e.body.startsWith('Serah terima:')), n + ' has the note');
  }
});

await finish(t, browser, srv, errors);
