// Browser tests of the Loket web app (issue #5): Debian's Chromium driven
// by playwright-core against a real server. Prints TAP; screenshots of the
// main pages go to <build>/test-output/screenshots/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startServer, apiAs, Tap, expect, OUT, SRC, CHROMIUM_ARGS, PASSWORD, loadChromium, axeClean, loginPage, pick} from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const t = new Tap();

const chromium = await loadChromium();
if (!chromium) { t.ok(false, 'npm ci installs playwright-core'); t.done(); process.exit(1); }

fs.mkdirSync(OUT, {recursive: true});
const srv = await startServer();
const base = srv.url;
const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS});
const pageErrors = [];

const login = (user, {viewport, lang} = {}) => loginPage(browser, base, user, pageErrors, {viewport, lang, pollMs: 1000});

async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((h) => location.hash === h, hash);
  await page.waitForLoadState('networkidle');
}

async function shot(page, name) {
  await page.screenshot({path: path.join(OUT, name + '.png'), fullPage: true});
}

const rows = (page) => page.locator('main table tbody tr');

// data the cases share
const admin = await apiAs(base, 'admin@demo.test');
const agentApi = await apiAs(base, 'agent@demo.test');
const reqApi = await apiAs(base, 'requester@demo.test');
await admin.post('/faq', {question: 'Bagaimana mengatasi printer yang macet kertas?',
  answer: 'Matikan printer, buka penutup belakang, lalu **tarik kertas perlahan**.', category_id: 3});
await admin.post('/canned-responses', {title: 'Salam penanganan',
  body: 'Halo {{requester_name}}, tiket {{ticket_number}} sedang kami tangani.'});
const fixtures = [];
for (const title of ['Proyektor ruang rapat mati', 'Wi-Fi lantai dua lambat', 'Akun email terkunci']) {
  fixtures.push(await reqApi.post('/tickets', {title, description: 'Mohon dibantu segera.', service_id: 1}));
}

let created = null; // the ticket the requester files through the form
const req = await login('requester');
// a real PNG (the server checks content types): a screenshot of the login page
const upload = path.join(os.tmpdir(), `loket-bukti-${process.pid}.png`);
fs.writeFileSync(upload, await req.screenshot({fullPage: true}));

await t.case('front desk: catalogue search and category filter, service page with Call Helpdesk', async () => {
  await go(req, '#/catalog');
  const cards = req.locator('.service-card');
  const all = await cards.count();
  expect(all >= 8, `8+ services, got ${all}`);
  await req.fill('main input[type=search]', 'jaringan');
  await req.waitForFunction(() => document.querySelectorAll('.service-card').length === 1);
  expect((await cards.first().textContent()).includes('Gangguan Jaringan Internet'), 'network service found');
  await req.fill('main input[type=search]', '');
  await pick(req.locator('main'), {name: 'category_id'}, 'Konsultasi');
  // the consultations: the ticket ones and the appointment services (issue #16's demo polis and booth)
  const cat = (await reqApi.get('/categories?per_page=200')).items.find((c) => c.name === 'Konsultasi');
  const konsultasi = (await reqApi.get('/services?per_page=200')).items.filter((s) => s.active !== false && s.category_id === cat.id).length;
  expect(konsultasi >= 2, 'two or more consultation services: ' + konsultasi);
  await req.waitForFunction((n) => document.querySelectorAll('.service-card').length === n, konsultasi);
  await shot(req, '01-catalogue');
  await go(req, '#/services/1');
  const call = req.locator('a[href^="tel:"]');
  expect((await call.textContent()).includes('Hubungi Helpdesk'), 'Call Helpdesk link');
  expect((await call.getAttribute('href')) === 'tel:+6275221000', 'tel: link with the helpdesk phone');
  await shot(req, '02-service');
});

await t.case('front desk: redirect service logs the visit and opens the other application', async () => {
  let logged = null;
  req.on('request', (r) => { if (r.url().endsWith('/api/v1/services/6/redirect') && r.method() === 'POST') logged = r.url(); });
  await req.route('https://simpeg.pemda.example.go.id/**', (route) => route.fulfill({status: 200, contentType: 'text/html', body: '<title>SIMPEG</title>'}));
  await go(req, '#/services/6');
  await Promise.all([req.waitForURL('https://simpeg.pemda.example.go.id/cuti'), req.click('#open-app')]);
  expect(logged, 'POST /services/6/redirect sent');
  await req.goto(base + '/#/catalog');
  await req.waitForSelector('.service-card');
});

await t.case('front desk: FAQ suggestion appears while the title is typed', async () => {
  await go(req, '#/new');
  await req.locator('input[name=title]').pressSequentially('printer macet', {delay: 20});
  const s = req.locator('.suggest');
  await s.waitFor({state: 'visible'});
  expect((await s.textContent()).includes('Bagaimana mengatasi printer yang macet kertas?'), 'matching FAQ question shown');
  await req.locator('.suggest summary').first().click();
  expect(await req.locator('.suggest .faq-answer strong').count() === 1, 'answer HTML rendered');
  await shot(req, '03-new-ticket-suggestion');
});

await t.case('front desk: ticket with an attachment (upload progress) shows its number', async () => {
  await go(req, '#/new');
  await req.fill('input[name=title]', 'Printer ruang arsip macet');
  await req.fill('textarea[name=description]', 'Printer di ruang arsip macet sejak pagi.');
  await pick(req, {name: 'service_id'}, 'Kerusakan Perangkat Komputer');
  await req.fill('input[name=contact_phone]', '081234567890');
  await req.setInputFiles('input[name=file]', upload);
  let kind = null;
  const seen = (r) => { if (r.url().endsWith('/attachments') && r.method() === 'POST') kind = r.resourceType(); };
  req.on('request', seen);
  await req.click('main form button[type=submit]');
  await req.click('#review-send'); // issue #21: the review step
  const num = req.locator('#created-number');
  await num.waitFor();
  const number = (await num.textContent()).trim();
  expect(/^LKT-\d{4}-\d{6}$/.test(number), `ticket number shown, got ${number}`);
  expect(await req.locator('progress').evaluate((p) => p.value) === 100, 'upload progress reached 100%');
  expect(kind === 'xhr', 'uploaded through XHR (progress events), got ' + kind);
  req.off('request', seen);
  await shot(req, '04-ticket-created');
  created = number;
  const att = await reqApi.get(`/tickets/${number}/attachments`);
  expect(att.items.length === 1 && att.items[0].filename === path.basename(upload), 'attachment stored on the ticket: ' + JSON.stringify(att));
});

await t.case('front desk: my tickets has a search box, filters and status badges', async () => {
  await go(req, '#/my');
  await req.waitForFunction(() => document.querySelectorAll('main tbody tr').length >= 4);
  expect(await req.locator('main tbody .badge.st-new').count() >= 4, 'status badges');
  await req.fill('main input[type=search]', 'Proyektor');
  await req.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 1);
  expect((await rows(req).first().textContent()).includes('Proyektor ruang rapat mati'), 'search found the ticket');
  await req.fill('main input[type=search]', '');
  await req.selectOption('main select[name=status]', 'resolved');
  await req.waitForSelector('text=Belum ada tiket.');
  await req.selectOption('main select[name=status]', '');
  await req.waitForFunction(() => document.querySelectorAll('main tbody tr').length >= 4);
  await shot(req, '05-my-tickets');
});

const agent = await login('agent');

await t.case('back desk: agent takes the ticket, replies with a canned response, resolves with a summary', async () => {
  await go(agent, '#/tickets/' + created);
  await agent.click('#take');
  await agent.waitForSelector('text=Tiket Anda ambil.');
  await pick(agent, {name: 'canned'}, 'Salam penanganan');
  const body = await agent.inputValue('textarea[name=body]');
  expect(body === `Halo dr. Maya Lestari, tiket ${created} sedang kami tangani.`, `variables filled: ${body}`);
  await agent.click('#reply-form button[type=submit]');
  await agent.waitForSelector(`.ev-body:has-text("Halo dr. Maya Lestari, tiket ${created}")`);
  await agent.selectOption('#status-to', 'resolved');
  await agent.click('#status-go');
  const dlg = agent.locator('dialog');
  await dlg.locator('button[type=submit]').click();
  expect(await dlg.locator('.field-error:not([hidden])').count() === 1, 'summary required inline');
  await dlg.locator('textarea[name=summary]').fill('Kertas yang tersangkut dikeluarkan, printer normal.');
  await dlg.locator('button[type=submit]').click();
  await agent.waitForSelector('.ticket-head .badge.st-resolved');
  await shot(agent, '06-agent-workspace');
  const tk = await agentApi.get('/tickets/' + created);
  expect(tk.status === 'resolved' && tk.assignee_id === agentApi.user.id, 'resolved and assigned in the API');
});

await t.case('back desk: internal note with an attachment stays hidden from the requester', async () => {
  const number = fixtures[0].number;
  await go(agent, '#/tickets/' + number);
  await agent.fill('#reply-form textarea[name=body]', 'Cek garansi perangkat dulu.');
  await agent.check('#reply-internal');
  expect((await agent.textContent('#reply-form button[type=submit]')) === 'Simpan catatan', 'button says save note');
  await agent.setInputFiles('#reply-form input[name=file]', upload);
  await agent.click('#reply-form button[type=submit]');
  await agent.waitForSelector('.ev.internal .ev-body:has-text("Cek garansi perangkat dulu.")');
  const staff = await agentApi.get(`/tickets/${number}/attachments`);
  expect(staff.items.length === 1 && staff.items[0].internal === true, 'attachment stored as internal');
  expect((await reqApi.get(`/tickets/${number}/attachments`)).items.length === 0, 'requester does not see it');
  await go(req, '#/tickets/' + number);
  await req.waitForSelector('.timeline');
  expect(!(await req.textContent('.timeline')).includes('Cek garansi'), 'note not in the requester timeline');
});

await t.case('front desk: requester rates the resolved ticket and it shows closed', async () => {
  await go(req, '#/tickets/' + created);
  await req.waitForSelector('#rating-form');
  await shot(req, '07-ticket-rating');
  await req.click('#rating-form label.star >> nth=3');
  await req.fill('#rating-form textarea[name=feedback]', 'Cepat dan ramah.');
  await req.click('#rating-form button[type=submit]');
  await req.waitForSelector('.ticket-head .badge.st-closed');
  expect((await req.locator('.ticket-head .badge.st-closed').textContent()) === 'Ditutup', 'closed badge');
  const tk = await reqApi.get('/tickets/' + created);
  expect(tk.status === 'closed' && tk.rating === 4 && tk.feedback === 'Cepat dan ramah.', 'rating stored');
  await shot(req, '08-ticket-closed');
});

await t.case('front desk: cancelling asks for the reason in a confirmation dialog', async () => {
  const number = fixtures[2].number;
  await go(req, '#/tickets/' + number);
  await req.click('#cancel-ticket');
  const dlg = req.locator('dialog[open]');
  await dlg.waitFor();
  await dlg.locator('button[type=submit]').click();
  expect(await dlg.locator('.field-error:not([hidden])').count() === 1, 'reason required');
  await shot(req, '09-cancel-dialog');
  await dlg.locator('button', {hasText: 'Batal'}).first().click();
  expect((await reqApi.get('/tickets/' + number)).status === 'new', 'dismissing keeps the ticket');
  await req.click('#cancel-ticket');
  await req.locator('dialog[open] textarea[name=reason]').fill('Sudah dapat akses kembali.');
  await req.locator('dialog[open] button[type=submit]').click();
  await req.waitForSelector('.ticket-head .badge.st-cancelled');
  const tk = await reqApi.get('/tickets/' + number);
  expect(tk.status === 'cancelled' && tk.cancel_reason === 'Sudah dapat akses kembali.', 'cancelled with the reason');
});

await t.case('back desk: agent records a phone request for a caller found by NIP', async () => {
  const caller = (await admin.get('/users?q=requester2')).items[0];
  await go(agent, '#/record');
  await agent.selectOption('select[name=channel]', 'phone');
  await pick(agent, 'Cari pemohon', caller.nip);
  expect((await agent.textContent('#chosen-requester')).includes(caller.name), 'caller chosen');
  await agent.fill('input[name=title]', 'Penelepon: aplikasi SIMPEG tidak bisa dibuka');
  await agent.fill('textarea[name=description]', 'Dilaporkan lewat telepon.');
  await pick(agent, {name: 'service_id'}, 'Gangguan Aplikasi SIMPEG');
  await shot(agent, '10-record-request');
  await agent.click('main form button[type=submit]');
  await agent.click('#review-send'); // issue #21: the review step
  const number = (await agent.locator('#created-number').textContent()).trim();
  const tk = await agentApi.get('/tickets/' + number);
  expect(tk.channel === 'phone' && tk.requester_id === caller.id, `channel ${tk.channel}, requester ${tk.requester_id}`);
});

await t.case('back desk: queues list with bulk assign; escalation to a tier-3 vendor', async () => {
  await go(agent, '#/queue/new');
  await agent.waitForFunction(() => document.querySelectorAll('main tbody tr').length >= 2);
  await agent.locator('main tbody tr', {hasText: fixtures[1].number}).locator('input[type=checkbox]').check();
  await agent.click('.bulk button:has-text("Ambil")');
  await agent.waitForSelector('text=1 tiket diperbarui.');
  expect((await agentApi.get('/tickets/' + fixtures[1].number)).assignee_id === agentApi.user.id, 'bulk take assigned');
  await agent.locator('main thead input[type=checkbox]').check();
  await agent.click('.bulk button:has-text("Beri label")');
  await pick(agent.locator('dialog[open]'), {name: 'tag'}, 'berulang');
  // the take's "1 tiket diperbarui." may still show (6 s): wait for the tag's own
  await agent.evaluate(() => document.getElementById('flash').replaceChildren());
  await agent.locator('dialog[open] button[type=submit]').click();
  await agent.waitForSelector('.flash:has-text("tiket diperbarui.")');
  const tagged = await agentApi.get('/tickets?tag=berulang');
  expect(tagged.total >= 2 && tagged.items.every((x) => x.tags.includes('berulang')), 'bulk tag applied: ' + tagged.total);
  await shot(agent, '11-queue');
  await go(agent, '#/tickets/' + fixtures[0].number);
  await agent.click('#assign');
  await pick(agent.locator('dialog[open]'), {name: 'assignee_id'}, 'Siti Rahmawati');
  await agent.locator('dialog[open] button[type=submit]').click();
  await agent.waitForSelector('text=Tiket ditugaskan.');
  expect((await agentApi.get('/tickets/' + fixtures[0].number)).assignee_id === agentApi.user.id, 'assigned through the dialog');
  await go(agent, '#/tickets/' + fixtures[0].number);
  await agent.click('#escalate');
  const dlg = agent.locator('dialog[open]');
  await pick(dlg, {name: 'target'}, 'Tingkat 3 — PT Mitra Jaringan');
  await dlg.locator('textarea[name=reason]').fill('Perangkat dalam garansi vendor.');
  expect(await dlg.locator('input[type=checkbox][name=public]').count() === 1, 'the reason can be marked public (left internal here)');
  await dlg.locator('button[type=submit]').click();
  await agent.waitForSelector('text=Tiket dieskalasi.');
  expect((await agentApi.get('/tickets/' + fixtures[0].number)).tier === 3, 'tier 3 in the API');
});

await t.case('back desk: a tier-3 vendor sees only the tickets escalated to it', async () => {
  const vendor = await login('vendor');
  await go(vendor, '#/queue/all');
  await vendor.waitForSelector('main tbody tr');
  const text = await vendor.locator('main tbody').textContent();
  const n = await rows(vendor).count();
  expect(n === 1 && text.includes(fixtures[0].number), `only ${fixtures[0].number}, got ${n} rows: ${text}`);
  await shot(vendor, '12-vendor-queue');
  // an outside company: no internal notes, no internal escalation reason (issue #15 item 6)
  await go(vendor, '#/tickets/' + fixtures[0].number);
  await vendor.waitForSelector('#reply-form');
  expect(await vendor.locator('#reply-internal').count() === 0, 'a vendor without sees_internal gets no internal-note option');
  expect(!(await vendor.locator('main').textContent()).includes('Perangkat dalam garansi vendor.'), 'nor the internal escalation reason');
  await axeClean(vendor, 'vendor workspace');
  await vendor.context().close();
});

// Issue #20 point 3: the page follows another agent's change by itself (it
// used to wait for a reload); while a reply is being written it warns
// instead, and the draft stays.
await t.case('back desk: another agent\'s change shows by itself; with a draft, a warning', async () => {
  await go(agent, '#/tickets/' + fixtures[1].number);
  await agent.waitForSelector('#reply-form');
  const pic = await apiAs(base, 'admin@demo.test');
  await pic.post(`/tickets/${fixtures[1].number}/comments`, {body: 'Saya cek juga.', internal: true});
  await agent.waitForSelector('main :text("Saya cek juga.")', {timeout: 10000});
  await agent.fill('#reply-form textarea[name=body]', 'Draf balasan');
  await pic.post(`/tickets/${fixtures[1].number}/comments`, {body: 'Sudah saya cek.', internal: true});
  await agent.waitForSelector('#stale:not([hidden])', {timeout: 10000});
  expect((await agent.textContent('#stale')).includes('orang lain'), 'warning text');
  expect(await agent.inputValue('#reply-form textarea[name=body]') === 'Draf balasan', 'the draft stays');
  await agent.fill('#reply-form textarea[name=body]', '');
});

await t.case('front desk: FAQ browse by category, read, mark helpful, propose an entry', async () => {
  await go(req, '#/faq');
  await req.waitForSelector('.faq-list a');
  await pick(req.locator('main'), {name: 'category_id'}, 'Aplikasi');
  await req.waitForSelector('text=Tidak ada tanya jawab yang cocok.');
  await pick(req.locator('main'), {name: 'category_id'}, 'Perangkat Keras');
  await req.click('.faq-list a');
  await req.waitForSelector('.faq-answer strong');
  await req.click('#helpful-yes');
  await req.waitForSelector('text=1 orang terbantu, 0 tidak');
  await shot(req, '19-faq-entry');
  await go(req, '#/faq-propose');
  await req.click('main form button[type=submit]');
  await req.waitForSelector('input[name=question][aria-invalid=true]');
  await req.fill('input[name=question]', 'Bagaimana cara meminta akses VPN?');
  await req.click('main form button[type=submit]');
  await req.waitForSelector('text=Usulan terkirim');
  const mine = await reqApi.get('/faq-proposals');
  expect(mine.items.some((p) => p.question === 'Bagaimana cara meminta akses VPN?'), 'proposal stored');
});

await t.case('front desk: a resolved ticket can be reopened; date filter on my tickets', async () => {
  const number = fixtures[1].number;
  await agentApi.post(`/tickets/${number}/transitions`, {to: 'resolved', summary: 'Access point diganti.'});
  await go(req, '#/tickets/' + number);
  await req.click('#reopen-ticket');
  await req.waitForSelector('.ticket-head .badge.st-in_progress');
  expect((await reqApi.get('/tickets/' + number)).status === 'in_progress', 'reopened in the API');
  await go(req, '#/my');
  await req.waitForSelector('main tbody tr');
  const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
  const today = new Date().toISOString().slice(0, 10);
  await req.fill('main input[name=created_from]', tomorrow);
  await req.waitForSelector('text=Belum ada tiket.');
  await req.fill('main input[name=created_from]', '');
  await req.fill('main input[name=created_to]', today);
  await req.waitForFunction(() => document.querySelectorAll('main tbody tr').length >= 4);
  await req.fill('main input[name=created_to]', '');
});

await t.case('admin: a failed notification shows its error and attempts and is resent after a confirmation; settings read-only', async () => {
  srv.sql("UPDATE outbox SET status='failed', attempts=5, last_error='smtp: connection refused' WHERE id=(SELECT min(id) FROM outbox)");
  const failed = (await admin.get('/outbox?status=failed')).items;
  expect(failed.length === 1 && failed[0].attempts === 5, 'one failed row in the API');
  const adm = await login('admin');
  await go(adm, '#/admin/outbox');
  // without a mail server the waiting mail is stuck: the page opens on it (issue #20 item 10)
  await adm.waitForSelector('#outbox-smtp-warning');
  expect(await adm.inputValue('main select[name=status]') === 'pending', 'opens on the stuck, waiting mail');
  await adm.selectOption('main select[name=status]', 'failed');
  await adm.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 1);
  expect(await rows(adm).count() === 1, 'only the failed one listed');
  const text = await rows(adm).first().textContent();
  expect(text.includes(failed[0].recipient) && text.includes('smtp: connection refused') && text.includes('5'), 'recipient, last error and attempts shown: ' + text);
  await adm.click('main tbody button');
  const dlg = adm.locator('dialog[open]');
  await dlg.waitFor();
  expect((await dlg.textContent()).includes(failed[0].recipient), 'confirmation names the recipient');
  await shot(adm, '20-admin-outbox');
  await dlg.locator('button', {hasText: 'Batal'}).click();
  expect((await admin.get('/outbox?status=failed')).items.length === 1, 'cancel keeps it failed');
  await adm.click('main tbody button');
  await adm.locator('dialog[open] button[type=submit]').click();
  await adm.waitForSelector('text=Dijadwalkan');
  // nothing failed any more, but mail waits: the list says so (issue #20 item 10)
  await adm.waitForSelector('text=masih ada notifikasi yang menunggu');
  const row = (await admin.get('/outbox')).items.find((x) => x.id === failed[0].id);
  expect(row.status === 'pending' && row.attempts === 0, 'requeued in the API: ' + JSON.stringify([row.status, row.attempts]));
  const tabs = await adm.locator('.admin-tabs').textContent();
  expect(tabs.includes('Templat') && tabs.includes('Pengaturan'), 'templates and settings tabs: ' + tabs);
  await go(adm, '#/admin/settings');
  await adm.waitForSelector('main dl');
  const dl = await adm.textContent('main dl');
  expect(dl.includes('ticket_prefix') && dl.includes('LKT') && dl.includes('smtp_password') &&
         dl.includes('(kosong)'), 'settings show the server\'s configuration, secrets only as set or not');
  await adm.context().close();
});

await t.case('every list page has a search box that filters', async () => {
  const adm = await login('admin');
  const pages = [
    ['#/queue/all', 'Wi-Fi'], ['#/admin/master/services', 'Jaringan'], ['#/admin/master/categories', 'Aplikasi'],
    ['#/admin/master/units', 'Diskominfo'], ['#/admin/master/vendors', 'Mitra'], ['#/admin/master/priorities', 'Tinggi'],
    ['#/admin/master/sla-policies', 'Kritis'], ['#/admin/master/holidays', 'Natal'], ['#/admin/master/tags', 'akun'],
    ['#/admin/master/canned-responses', 'Salam'], ['#/admin/master/users', 'Maya'], ['#/admin/audit', 'canned'],
    ['#/admin/outbox', 'requester2'], ['#/faq-proposals', 'printer'], ['#/admin/templates', 'faq'],
  ];
  await reqApi.post('/faq-proposals', {question: 'Bagaimana mengganti toner printer?'});
  await reqApi.post('/faq-proposals', {question: 'Di mana formulir cuti?'});
  await go(adm, '#/admin/outbox');
  await adm.selectOption('main select[name=status]', '');
  const bad = [];
  for (const [hash, q] of pages) {
    await go(adm, hash);
    const search = adm.locator('main input[type=search]');
    try { await search.waitFor({state: 'visible', timeout: 5000}); } catch (e) { bad.push(`${hash}: no visible search box`); continue; }
    if (hash === '#/admin/outbox') await adm.selectOption('main select[name=status]', '');
    await adm.waitForFunction(() => document.querySelectorAll('main tbody tr').length > 0 && !document.querySelector('[aria-busy]'));
    const before = await rows(adm).count();
    await search.fill(q);
    try {
      await adm.waitForFunction(([n]) => !document.querySelector('[aria-busy]') &&
        document.querySelectorAll('main tbody tr').length > 0 && document.querySelectorAll('main tbody tr').length < n, [before], {timeout: 5000});
    } catch (e) { bad.push(`${hash}: ${before} rows before, ${await rows(adm).count()} after "${q}"`); continue; }
    const texts = await rows(adm).allTextContents();
    if (!texts.every((x) => x.toLowerCase().includes(q.toLowerCase()) || hash.includes('audit') || hash.includes('users') || hash.includes('queue'))) {
      bad.push(`${hash}: rows not matching "${q}"`);
    }
    if (hash === '#/admin/master/services') await shot(adm, '13-admin-services');
  }
  for (const [hash, q] of [['#/catalog', 'email'], ['#/faq', 'printer']]) {
    await go(adm, hash);
    const items = hash === '#/catalog' ? '.service-card' : '.faq-list li';
    await adm.waitForSelector(items);
    const before = await adm.locator(items).count();
    await adm.fill('main input[type=search]', q);
    try { await adm.waitForFunction(([s, n]) => document.querySelectorAll(s).length > 0 && document.querySelectorAll(s).length <= n, [items, before]); }
    catch (e) { bad.push(`${hash}: no results for ${q}`); }
  }
  await adm.context().close();
  expect(bad.length === 0, bad.join('\n'));
});

await t.case('admin: validation errors from the API appear next to the field', async () => {
  const adm = await login('admin');
  await go(adm, '#/admin/master/units');
  await adm.click('#create');
  const dlg = adm.locator('dialog[open]');
  await dlg.locator('input[name=name]').fill('Diskominfo');
  await dlg.locator('button[type=submit]').click();
  await dlg.locator('input[name=name][aria-invalid=true]').waitFor();
  const err = await dlg.locator('.field-error:not([hidden])').first().textContent();
  expect(err.length > 0, 'inline error for the duplicate name');
  await shot(adm, '14-admin-validation');
  await adm.context().close();
});

await t.case('leaders: dashboard figures come from the reports API; period and unit filters; exports with a progress bar', async () => {
  const lead = await login('leader');
  const leadApi = await apiAs(base, 'leader@demo.test');
  await lead.waitForSelector('#chart-status svg rect');
  expect(await lead.locator('.chart-card').count() === 5, 'status, unit, service, month and created-vs-resolved charts');
  const recap = await leadApi.get('/reports/recap');
  // drawn in the page from the recap's numbers (issue #20 item 9), its table beside it
  const cells = await lead.locator('#chart-status table tbody td').allTextContents();
  expect(cells.reduce((a, c) => a + Number(c.replace(/\./g, '')), 0) === recap.total, 'the status chart\'s table adds up to the total: ' + cells);
  const all = await admin.get('/tickets?per_page=1');
  const total = (await lead.textContent('#stat-total .stat-value')).trim();
  expect(total === String(recap.total) && recap.total === all.total, `total ${total} vs recap ${recap.total} vs tickets ${all.total}`);
  expect(recap.rating_count === 1 && recap.rating_mean === 4, 'one rating of 4 in the API: ' + JSON.stringify([recap.rating_count, recap.rating_mean]));
  expect((await lead.textContent('#stat-rating .stat-value')).trim() === '4,0 / 5', 'average rating 4,0 / 5');
  expect(recap.by_status.reduce((a, r) => a + r.count, 0) === recap.total, 'the charted status counts add up to the total');
  // unit filter: the unit with the most tickets
  const top = recap.by_unit[0];
  const byUnit = await leadApi.get('/reports/recap?unit_id=' + top.key);
  await pick(lead.locator('#dash-filters'), {name: 'unit_id'}, {value: String(top.key)});
  await lead.waitForFunction((n) => document.querySelector('#stat-total .stat-value') && document.querySelector('#stat-total .stat-value').textContent.trim() === n &&
    !document.querySelector('#dash-body[aria-busy]'), String(byUnit.total));
  expect(byUnit.total === top.count, `unit ${top.label}: ${byUnit.total} tickets`);
  // period filter: last month has none of these tickets
  const [y, m] = new Date().toLocaleDateString('en-CA', {timeZone: 'Asia/Jakarta'}).split('-').map(Number);
  const last = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  await pick(lead.locator('#dash-filters'), {name: 'unit_id'}, {value: ''});
  await lead.fill('#dash-filters input[name=month]', last);
  const lastRecap = await leadApi.get('/reports/recap?month=' + last);
  await lead.waitForFunction((n) => document.querySelector('#stat-total .stat-value').textContent.trim() === n && !document.querySelector('#dash-body[aria-busy]'),
    String(lastRecap.total));
  expect(lastRecap.total === 0 && (await lead.textContent('#stat-rating .stat-value')).trim() === '—', 'no tickets and no rating last month');
  // exports follow the filters: last month's ticket list is only the header
  const download = async (report, format) => {
    await lead.click(`#exports button[data-report=${report}][data-format=${format}]`);
    const job = lead.locator(`.export-job[data-report=${report}][data-format=${format}]`).first();
    await job.locator('a').waitFor();
    expect(await job.locator('progress').evaluate((p) => p.value) === 100 && (await job.locator('.export-pct').textContent()) === '100%',
      `${report}.${format}: progress at 100%`);
    const r = await lead.request.get(base + await job.locator('a').getAttribute('href'));
    expect(r.status() === 200, `${report}.${format}: download ${r.status()}`);
    return r.body();
  };
  const empty = (await download('tickets', 'csv')).toString('utf8').split('\r\n').filter((l) => l);
  expect(empty.length === 1 && empty[0].includes('number'), 'last month: header only, got ' + empty.length + ' lines');
  await lead.click('#dash-clear');
  await lead.waitForFunction((n) => document.querySelector('#stat-total .stat-value').textContent.trim() === n, String(recap.total));
  // the summary (recap) as CSV, the whole ticket list as PDF
  const csv = await download('recap', 'csv');
  expect(csv[0] === 0xef && csv[1] === 0xbb && csv[2] === 0xbf, 'CSV starts with the UTF-8 BOM');
  expect(csv.toString('utf8').includes(`new,Baru,`), 'CSV has the status rows');
  const pdf = await download('tickets', 'pdf');
  expect(pdf.subarray(0, 5).toString('latin1') === '%PDF-', 'PDF starts with %PDF-');
  await shot(lead, '15-dashboard');
  await lead.setViewportSize({width: 375, height: 740});
  const over = await lead.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(over <= 0, `dashboard overflows a phone screen by ${over}px`);
  await lead.context().close();
});

await t.case('admin: mail template editor with a live preview of a real ticket, line/column syntax errors, save and reset', async () => {
  const adm = await login('admin');
  const tk = await admin.get('/tickets/' + created);
  await go(adm, '#/admin/templates');
  await adm.waitForSelector('main tbody tr');
  await adm.fill('main input[type=search]', 'ticket_created');
  await adm.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 2);
  await adm.selectOption('main select[name=locale]', 'id');
  await adm.waitForFunction(() => document.querySelectorAll('main tbody tr').length === 1);
  await rows(adm).first().locator('button').click();
  await adm.locator('input[name=ticket]').fill(created);
  await adm.waitForFunction((n) => document.querySelector('#preview-text').textContent.includes('Nomor tiket: ' + n), created);
  expect((await adm.textContent('#preview-text')).includes('Judul Tiket: ' + tk.title), 'preview shows the ticket title');
  await adm.fill('input[name=subject]', 'Tiket {{ticket_number}} untuk {{requester_name}}');
  const want = `Tiket ${created} untuk ${tk.requester.name}`;
  await adm.waitForFunction((w) => document.querySelector('#preview-subject').textContent === w, want);
  expect((await adm.frameLocator('#preview-html').locator('body').textContent()).includes(created), 'HTML preview rendered in the frame');
  // a section that is never closed: 422 with line and column, shown inline
  await adm.fill('textarea[name=text]', 'Halo {{requester_name}},\n{{#title}} tanpa penutup');
  const err = adm.locator('textarea[name=text] ~ .field-error:not([hidden])');
  await err.waitFor();
  expect((await err.textContent()).includes('baris 2 kolom 1'), 'line 2 column 1: ' + await err.textContent());
  expect(await adm.getAttribute('textarea[name=text]', 'aria-invalid') === 'true', 'text marked invalid');
  await adm.click('#tpl-form button[type=submit]');
  await adm.waitForFunction(() => document.activeElement && document.activeElement.name === 'text');
  expect(await adm.evaluate(() => document.activeElement.selectionStart) === 'Halo {{requester_name}},\n'.length, 'cursor put at the error');
  expect((await admin.get('/mail-templates/ticket_created/id')).customized === false, 'nothing saved');
  await shot(adm, '21-templates-error');
  await adm.fill('textarea[name=text]', 'Halo {{requester_name}}, tiket {{ticket_number}} kami terima.');
  await adm.waitForFunction((n) => document.querySelector('#preview-text').textContent.includes('tiket ' + n + ' kami terima.'), created);
  await adm.click('#tpl-form button[type=submit]');
  await adm.waitForSelector('text=Tersimpan.');
  const saved = await admin.get('/mail-templates/ticket_created/id');
  expect(saved.customized && saved.subject === 'Tiket {{ticket_number}} untuk {{requester_name}}' &&
    saved.text === 'Halo {{requester_name}}, tiket {{ticket_number}} kami terima.', 'saved through the API');
  await shot(adm, '22-templates-preview');
  await adm.click('#tpl-reset');
  await adm.locator('dialog[open] button[type=submit]').click();
  await adm.waitForSelector('text=Templat dikembalikan ke bawaan.');
  const reset = await admin.get('/mail-templates/ticket_created/id');
  expect(!reset.customized && reset.subject === reset.default.subject, 'reset to the default');
  expect((await adm.inputValue('input[name=subject]')) === reset.default.subject, 'editor shows the default again');
  await adm.context().close();
});

await t.case('switching to English changes the labels', async () => {
  await go(req, '#/my');
  expect((await req.textContent('main h1')) === 'Tiket Saya', 'Indonesian by default');
  await req.click('#lang-switch');
  await req.waitForFunction(() => document.querySelector('main h1') && document.querySelector('main h1').textContent === 'My Tickets');
  const nav = await req.locator('#nav-list').textContent();
  expect(nav.includes('Service Catalogue') && nav.includes('My Tickets'), 'nav in English');
  expect((await req.textContent('#logout')) === 'Log out', 'header in English');
  expect((await req.getAttribute('html', 'lang')) === 'en', 'html lang=en');
  await shot(req, '16-english');
  await req.click('#lang-switch');
  await req.waitForFunction(() => document.querySelector('main h1') && document.querySelector('main h1').textContent === 'Tiket Saya');
});

await t.case('a title with HTML is shown as text, never as markup', async () => {
  const evil = '<img src=x onerror=window.__xss=1>';
  await go(req, '#/new');
  await req.fill('input[name=title]', evil);
  await req.fill('textarea[name=description]', '<b>tebal?</b>');
  await pick(req, {name: 'service_id'}, 'Kerusakan Perangkat Komputer');
  await req.click('main form button[type=submit]');
  await req.click('#review-send'); // issue #21: the review step
  const number = (await req.locator('#created-number').textContent()).trim();
  await go(req, '#/tickets/' + number);
  await req.waitForSelector('.ticket-head h1');
  expect((await req.textContent('.ticket-head h1')) === evil, 'literal title');
  expect(await req.locator('img').count() === 0 && await req.locator('main b').count() === 0, 'no img or b element');
  await go(req, '#/my');
  await req.waitForSelector('main tbody tr');
  expect((await req.locator('main tbody').textContent()).includes(evil), 'literal title in the list');
  expect(await req.locator('img').count() === 0, 'no img element in the list');
  expect(await req.evaluate(() => window.__xss) === undefined, 'no script ran');
  await go(agent, '#/tickets/' + number);
  await agent.waitForSelector('.ticket-head h1');
  expect(await agent.locator('img').count() === 0 && (await agent.textContent('.ticket-head h1')) === evil, 'agent view too');
});

await t.case('session expiry sends you to login and back to where you were', async () => {
  const ctx = req.context();
  await ctx.clearCookies();
  await req.evaluate((h) => { location.hash = h; }, '#/tickets/' + created);
  await req.waitForSelector('input[name=login]');
  expect(req.url().includes('next='), 'login page remembers the page');
  await req.fill('input[name=login]', 'requester@demo.test');
  await req.fill('input[name=password]', PASSWORD);
  await req.click('form button[type=submit]');
  await req.waitForFunction((n) => location.hash === '#/tickets/' + n, created);
  await req.waitForSelector('.ticket-head h1');
});

await t.case('phone-sized screen: no sideways scrolling, menu button opens the navigation', async () => {
  const phone = await login('requester', {viewport: {width: 375, height: 740}});
  for (const hash of ['#/catalog', '#/my', '#/tickets/' + created, '#/new']) {
    await go(phone, hash);
    await phone.waitForSelector('main h1');
    const over = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(over <= 0, `${hash} overflows by ${over}px`);
  }
  await shot(phone, '17-phone-new-ticket');
  await go(phone, '#/my');
  expect(!(await phone.locator('#nav-list').isVisible()), 'menu collapsed');
  await phone.click('#menu-toggle');
  expect(await phone.locator('#nav-list').isVisible(), 'menu opens');
  await shot(phone, '18-phone-menu');
  await phone.context().close();
});

await t.case('keyboard: fields are labelled and focus is visible', async () => {
  await go(req, '#/new');
  const unlabelled = await req.evaluate(() => [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map((el) => el.name));
  expect(unlabelled.length === 0, 'unlabelled: ' + unlabelled.join(','));
  await req.focus('input[name=title]');
  await req.keyboard.press('Tab');
  await req.keyboard.press('Shift+Tab');
  const outline = await req.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  expect(outline !== 'none', 'visible focus outline, got ' + outline);
});

await t.case('any signed-in user reports an application problem from any page: review, ticket number; axe clean on desktop and phone', async () => {
  for (const [who, viewport, size] of [['requester', null, 'desktop'], ['leader', {width: 375, height: 740}, 'phone']]) {
    const page = await login(who, {viewport});
    await go(page, '#/faq');
    const link = page.locator('#report-problem');
    expect(await link.isVisible(), `${size}: the report link is in the header`);
    const from = page.url();
    await link.click();
    await page.waitForSelector('#problem-form');
    expect((await page.inputValue('input[name=page_url]')) === from, `${size}: the page address is filled in (${from})`);
    await axeClean(page, `${size}, form`);
    await page.click('#problem-review');
    expect(await page.locator('#problem-form .field-error:not([hidden])').count() === 1, `${size}: "what" is required`);
    await page.fill('textarea[name=what]', 'Tombol Simpan tidak bereaksi\nSudah dicoba tiga kali.');
    await page.setInputFiles('input[name=file]', upload);
    await page.click('#problem-review');
    await page.waitForSelector('#problem-summary:not([hidden])');
    const review = await page.textContent('#problem-summary');
    expect(review.includes('Tombol Simpan tidak bereaksi') && review.includes(from) && review.includes(path.basename(upload)),
      `${size}: the review shows what will be sent: ${review}`);
    await axeClean(page, `${size}, review`);
    const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(over <= 0, `${size}: no sideways scrolling (${over}px)`);
    await shot(page, `30-app-problem-review-${size}`);
    await page.click('#problem-send');
    await page.waitForSelector('#problem-number');
    const num = (await page.textContent('#problem-number')).trim();
    const tk = await admin.get('/tickets/' + num);
    expect(tk.service.name === 'Masalah Aplikasi Loket' && tk.requester.email === `${who}@demo.test` &&
      tk.title === 'Masalah aplikasi: Tombol Simpan tidak bereaksi', `${size}: filed as ${JSON.stringify([tk.service, tk.requester, tk.title])}`);
    expect((await admin.get(`/tickets/${num}/attachments`)).items.length === 1, `${size}: the screenshot is attached`);
    await axeClean(page, `${size}, sent`);
    await shot(page, `31-app-problem-sent-${size}`);
    await page.context().close();
  }
});

await t.case('no script errors in any page', async () => {
  expect(pageErrors.length === 0, pageErrors.join('\n'));
});

await t.case('message catalogues: id and en have the same keys, every key used exists', async () => {
  const dir = path.join(SRC, 'web');
  const id = JSON.parse(fs.readFileSync(path.join(dir, 'i18n/id.json'), 'utf8'));
  const en = JSON.parse(fs.readFileSync(path.join(dir, 'i18n/en.json'), 'utf8'));
  const diff = Object.keys(id).filter((k) => !(k in en)).concat(Object.keys(en).filter((k) => !(k in id)));
  expect(diff.length === 0, 'keys only in one catalogue: ' + diff.join(', '));
  const files = [];
  const walk = (d) => fs.readdirSync(d, {withFileTypes: true}).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
  walk(path.join(dir, 'js'));
  const missing = new Set();
  for (const f of files.concat([path.join(dir, 'index.html')])) {
    const src = fs.readFileSync(f, 'utf8');
    for (const m of src.matchAll(/['"]([a-z0-9_]+\.[a-z0-9_.]*[a-z0-9_])['"]/g)) {
      const k = m[1];
      if (/\.(js|json|html|css|png)$/.test(k) || k === 'loket.lang') continue;
      if (!(k in id)) missing.add(k);
    }
    if (f.endsWith('.html')) {
      expect(!/<script(?![^>]*\bsrc=)[^>]*>/.test(src) && !/\sstyle=/.test(src), 'no inline script or style in index.html');
    }
  }
  expect(missing.size === 0, 'keys missing: ' + [...missing].join(', '));
});

await t.case('index.html is served with a strict Content-Security-Policy', async () => {
  const r = await fetch(base + '/');
  const csp = r.headers.get('content-security-policy') || '';
  expect(csp.includes("default-src 'self'") && csp.includes("object-src 'none'") && csp.includes("frame-ancestors 'none'") &&
    !csp.includes('unsafe-inline'), csp);
});

await browser.close();
fs.rmSync(upload, {force: true});
const code = await srv.stop(t.failed > 0);
t.ok(code === 0, 'server exits cleanly (status 0)', `exit ${code}`);
t.done();
process.exit(t.failed ? 1 : 0);
