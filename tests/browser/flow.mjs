// Browser test of issue #20 items 1, 6, 7, 8 and "send as" (helper flow):
// taking a ticket moves it from Baru to Diproses and out of the new queue;
// the queue's bulk resolve asks for the summary and succeeds; the admin's
// new-user dialog invites by email (tier and vendor only for agents) and
// the invited user sets a password through the link; an escalation's
// timeline line names the unit or vendor; the reply box sends as Menunggu or
// Selesai in one step. Each page at 1280 and 375 px, axe-core clean; the
// outcome checked through the API. Prints TAP.
import {setup, apiAs, loginPage, axeClean, walkSizes, expect, finish, pick} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();
const NET = 'Gangguan Jaringan Internet';

async function go(page, hash) {
  // the same hash does not route again: load the page afresh then
  if (await page.evaluate(() => location.hash) === hash) await page.reload();
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((h) => location.hash === h, hash);
  await page.waitForLoadState('networkidle');
}

const reqApi = await apiAs(base, 'requester@demo.test');
const agentApi = await apiAs(base, 'agent@demo.test');
const adminApi = await apiAs(base, 'admin@demo.test');
const services = (await reqApi.get('/services?per_page=200')).items;
const svc = services.find((s) => s.name === NET).id;
const file = async (title) => (await reqApi.post('/tickets', {title, description: 'Mohon dibantu segera.', service_id: svc})).number;
const statuses = async (num) => (await agentApi.get(`/tickets/${num}/events`)).items
  .filter((e) => e.kind === 'status').map((e) => `${e.old_value}>${e.new_value}`);

const agent = await loginPage(browser, base, 'agent', errors);

await t.case('item 1: "Ambil tiket" moves it Baru → Diproses, on the timeline and out of the new queue', async () => {
  const num = await file('Wi-Fi aula tidak tersambung');
  await go(agent, '#/queue/new');
  await agent.waitForSelector(`main tbody tr:has-text("${num}")`);
  await go(agent, '#/tickets/' + num);
  await agent.waitForSelector('.head-badges .badge.st-new');
  await agent.click('#take');
  await agent.waitForSelector('.head-badges .badge.st-in_progress:text("Diproses")');
  await agent.waitForSelector('.timeline .ev-status:has-text("mengubah status Baru → Diproses")');
  expect(JSON.stringify(await statuses(num)) === '["new>in_progress"]', 'one status event in the API: ' + await statuses(num));
  await walkSizes(agent, 'workspace after taking', '70-flow-taken');
  await go(agent, '#/queue/new');
  await agent.waitForSelector('main table, main .empty, main p.muted');
  expect(!(await agent.textContent('main')).includes(num), 'the new queue no longer lists it');
  const api = await agentApi.get('/tickets?status=new&per_page=200');
  expect(!api.items.some((x) => x.number === num), 'nor does the API\'s new list');
  await walkSizes(agent, 'new queue', '70-flow-queue-new');
});

await t.case('item 6: bulk "Selesai" asks for the summary (required) and resolves every ticket', async () => {
  const nums = [await file('Massal A: printer'), await file('Massal B: printer')];
  await go(agent, '#/queue/new');
  for (const n of nums) await agent.locator(`main tbody tr:has-text("${n}") input[type=checkbox]`).check();
  await agent.locator('.bulk button', {hasText: 'Ubah status'}).click();
  const dlg = agent.locator('dialog[open]');
  await dlg.waitFor();
  await dlg.locator('select[name=to]').selectOption('resolved');
  await dlg.locator('label:text("Ringkasan penyelesaian (wajib, berlaku untuk semua tiket terpilih)")').waitFor();
  await dlg.locator('button[type=submit]').click();
  await dlg.locator('.field-error:text("Tulis ringkasan penyelesaian: tiket yang diselesaikan membutuhkannya.")').waitFor();
  await walkSizes(agent, 'bulk status dialog, summary missing', '70-flow-bulk-dialog');
  await dlg.locator('textarea[name=summary]').fill('Driver printer dipasang ulang.');
  await dlg.locator('button[type=submit]').click();
  await agent.waitForSelector('#flash .flash.ok:text("2 tiket diperbarui.")');
  for (const n of nums) {
    const tk = await agentApi.get('/tickets/' + n);
    expect(tk.status === 'resolved' && tk.resolution_summary === 'Driver printer dipasang ulang.', n + ' resolved with the summary');
  }
  await walkSizes(agent, 'queue after the bulk resolve', '70-flow-bulk-done');
});

await t.case('item 6: a ticket that refuses says why, by number', async () => {
  const num = await file('Massal C: akses VPN');
  await reqApi.post(`/tickets/${num}/transitions`, {to: 'cancelled', reason: 'Sudah bisa.'});
  const ok = await file('Massal D: akses VPN');
  await go(agent, '#/queue/all');
  for (const n of [num, ok]) await agent.locator(`main tbody tr:has-text("${n}") input[type=checkbox]`).check();
  await agent.locator('.bulk button', {hasText: 'Ubah status'}).click();
  const dlg = agent.locator('dialog[open]');
  await dlg.locator('select[name=to]').selectOption('resolved');
  await dlg.locator('textarea[name=summary]').fill('Akun VPN diaktifkan.');
  await dlg.locator('button[type=submit]').click();
  await agent.waitForSelector(`#flash .flash.error:has-text("1 berhasil, 1 gagal: ${num}: Status tiket tidak dapat diubah dari Dibatalkan ke Selesai")`);
  expect((await agentApi.get('/tickets/' + ok)).status === 'resolved', 'the other one is resolved');
});

await t.case('item 8: the escalation line names the unit, for staff and for the requester', async () => {
  const num = await file('Server absensi lambat');
  const units = (await adminApi.get('/units?per_page=200')).items;
  await agentApi.post(`/tickets/${num}/escalate`, {tier: 2, unit_id: units.find((u) => u.name === 'Diskominfo').id, reason: 'Cek server'});
  await go(agent, '#/tickets/' + num);
  await agent.waitForSelector('.timeline .ev-escalated:has-text("mengeskalasi ke tingkat 2 — Diskominfo")');
  expect(await agent.locator('.timeline .ev-escalation_reason:has-text("Cek server")').count() === 1, 'staff read the internal reason');
  await walkSizes(agent, 'workspace with an escalation', '70-flow-escalated');
  const req = await loginPage(browser, base, 'requester', errors);
  await go(req, '#/tickets/' + num);
  await req.waitForSelector('.timeline .ev-escalated:has-text("mengeskalasi ke tingkat 2 — Diskominfo")');
  expect(!(await req.textContent('main')).includes('Cek server'), 'the requester does not read the internal reason');
  await walkSizes(req, 'requester ticket with an escalation', '70-flow-escalated-requester');
  await req.context().close();
});

await t.case('send as: "Menunggu" from a new ticket goes Baru → Diproses → Menunggu in one step', async () => {
  const num = await file('Email tidak masuk');
  await go(agent, '#/tickets/' + num);
  await agent.waitForSelector('#reply-form .send-as');
  await walkSizes(agent, 'reply box with send as', '70-flow-send-as');
  await agent.fill('#reply-form textarea[name=body]', 'Mohon kirim tangkapan layar pesan galatnya.');
  await agent.click('#send-as-waiting');
  await agent.waitForSelector('.head-badges .badge.st-waiting');
  await agent.waitForSelector('#flash .flash.ok:text("Balasan terkirim; status sekarang Menunggu Pemohon.")');
  expect(JSON.stringify(await statuses(num)) === '["new>in_progress","in_progress>waiting"]', 'the path: ' + await statuses(num));
});

await t.case('send as "Selesai" asks for the summary first, then resolves with the reply', async () => {
  const num = await file('Tidak bisa cetak PDF');
  await go(agent, '#/tickets/' + num);
  await agent.click('#send-as-resolved');
  await agent.waitForSelector('#reply-form .form-error:text("Tulis balasannya dulu.")');
  await agent.fill('#reply-form textarea[name=body]', 'Sudah kami perbaiki, silakan dicoba.');
  await agent.click('#send-as-resolved');
  const dlg = agent.locator('dialog[open]');
  await dlg.locator('h2:text("Kirim dan selesaikan tiket")').waitFor();
  await dlg.locator('button[type=submit]').click();
  await dlg.locator('.field-error:text("Wajib diisi")').waitFor();
  await walkSizes(agent, 'send as Selesai dialog', '70-flow-send-resolved');
  await dlg.locator('textarea[name=summary]').fill('Driver PDF diperbarui.');
  await dlg.locator('button[type=submit]').click();
  await agent.waitForSelector('.head-badges .badge.st-resolved');
  const tk = await agentApi.get('/tickets/' + num);
  expect(tk.resolution_summary === 'Driver PDF diperbarui.', 'the summary is kept');
  const ev = (await agentApi.get(`/tickets/${num}/events`)).items.map((e) => e.kind);
  expect(ev.slice(-3).join() === 'comment,status,status', 'reply then Diproses then Selesai: ' + ev.join());
});

const admin = await loginPage(browser, base, 'admin', errors);
await t.case('item 7: new user — no "kosongkan jika tidak diubah", tier/vendor only for agents, invitation on', async () => {
  await go(admin, '#/admin/master/users');
  await admin.click('#create');
  const dlg = admin.locator('dialog[open]');
  await dlg.waitFor();
  const text = await dlg.textContent();
  expect(!text.includes('kosongkan jika tidak diubah'), 'no "leave empty if unchanged" on create');
  expect(await dlg.locator('#user-invite').isChecked(), 'the invitation is ticked');
  expect(!await dlg.locator('input[name=password]').isVisible(), 'no password field while inviting');
  await dlg.locator('select[name=role]').selectOption('requester');
  expect(!await dlg.locator('select[name=tier]').isVisible(), 'a requester has no tier field');
  expect(!await dlg.locator('.picker:has(> input[name=vendor_id])').isVisible(), 'nor a vendor field');
  await dlg.locator('select[name=role]').selectOption('agent');
  await dlg.locator('select[name=tier]').waitFor({state: 'visible'});
  expect(!await dlg.locator('.picker:has(> input[name=vendor_id])').isVisible(), 'tier 1: still no vendor');
  await dlg.locator('select[name=tier]').selectOption('3');
  await dlg.locator('.picker:has(> input[name=vendor_id])').waitFor({state: 'visible'});
  await walkSizes(admin, 'new user dialog (agent, tier 3)', '70-flow-user-new');
  await dlg.locator('#user-invite').uncheck();
  await dlg.locator('label:text("Kata sandi (minimal 8 karakter)")').waitFor();
  await dlg.locator('#user-invite').check();
  await dlg.locator('select[name=role]').selectOption('requester');
  await dlg.locator('input[name=name]').fill('Rina Agustina');
  await dlg.locator('input[name=email]').fill('rina.agustina@demo.test');
  await pick(dlg, {name: 'unit_id'}, 'Diskominfo');
  await dlg.locator('button[type=submit]').click();
  await admin.waitForSelector('#flash .flash.ok:text("Tersimpan.")');
  const u = (await adminApi.get('/users?q=rina.agustina&per_page=5')).items[0];
  expect(u && u.role === 'requester' && u.tier === null && u.vendor_id === null, 'a requester without tier or vendor: ' + JSON.stringify(u));
});

await t.case('item 7: the invitation mail is queued; its link lets Rina set her password and sign in', async () => {
  const rows = (await adminApi.get('/outbox?per_page=200')).items.filter((o) => o.template === 'user_invite' && o.recipient === 'rina.agustina@demo.test');
  expect(rows.length === 1, 'one user_invite row in the outbox');
  const link = rows[0].vars.link;
  expect(/\/#\/invite\?token=[0-9a-f]{64}$/.test(link) && rows[0].vars.hours === 72, 'a one-time link, 72 h: ' + link);
  const ctx = await browser.newContext({viewport: {width: 1280, height: 900}});
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push('invite: ' + e.message));
  await page.goto(base + '/' + link.slice(link.indexOf('#')));
  await page.waitForSelector('#invite-form h1:text("Buat kata sandi Anda")');
  await walkSizes(page, 'invitation page', '70-flow-invite');
  await page.fill('input[name=password]', 'rahasia-rina-1');
  await page.fill('input[name=again]', 'rahasia-rina-2');
  await page.click('#invite-form button[type=submit]');
  await page.waitForSelector('.field-error:text("Kedua kata sandi tidak sama.")');
  await page.fill('input[name=again]', 'rahasia-rina-1');
  await page.click('#invite-form button[type=submit]');
  await page.waitForSelector('p.flash:text("Kata sandi tersimpan. Silakan masuk dengan email dan kata sandi Anda.")');
  await axeClean(page, 'invitation done');
  await page.reload();
  await page.waitForSelector('#invite-form');
  await page.fill('input[name=password]', 'rahasia-rina-3');
  await page.fill('input[name=again]', 'rahasia-rina-3');
  await page.click('#invite-form button[type=submit]');
  await page.waitForSelector('.form-error:text("Tautan undangan tidak berlaku atau sudah kedaluwarsa. Mintalah undangan baru kepada admin.")');
  await page.goto(base + '/#/login');
  await page.fill('input[name=login]', 'rina.agustina@demo.test');
  await page.fill('input[name=password]', 'rahasia-rina-1');
  await page.click('form button[type=submit]');
  await page.waitForSelector('#logout:not([hidden])');
  await ctx.close();
});

await t.case('item 7: editing a user keeps "kosongkan jika tidak diubah" and offers a new invitation', async () => {
  await go(admin, '#/admin/master/users');
  await admin.fill('main input[type=search]', 'rina.agustina');
  const row = admin.locator('main tbody tr', {hasText: 'Rina Agustina'});
  await row.waitFor();
  await row.locator('button', {hasText: 'Ubah'}).click();
  const dlg = admin.locator('dialog[open]');
  await dlg.locator('label:text("Kata sandi baru (kosongkan jika tidak diubah)")').waitFor();
  await dlg.locator('#user-reinvite').click();
  await admin.waitForSelector('#flash .flash.ok:text("Undangan baru terkirim; tautan lama tidak berlaku lagi.")');
  await walkSizes(admin, 'edit user dialog', '70-flow-user-edit');
  const rows = (await adminApi.get('/outbox?per_page=200')).items.filter((o) => o.template === 'user_invite' && o.recipient === 'rina.agustina@demo.test');
  expect(rows.length === 2, 'a second invitation row');
});

await finish(t, browser, srv, errors);
