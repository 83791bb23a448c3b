// Browser test for issue #21 items 2 and 3: the review step before a
// ticket is sent (requester self-service and the agent's intake: the
// review shows what was entered, "Ubah" keeps it, nothing exists before
// "Kirim", exactly one ticket after), and the per-ticket PDF links (the
// request form always, the berita acara once resolved; fetched with the
// page's own cookies; another requester gets 404). Prints TAP.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setup, apiAs, expect, axeClean, finish, loginPage, pick, OUT} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();
const reqApi = await apiAs(base, 'requester@demo.test');
const agentApi = await apiAs(base, 'agent@demo.test');
const req = await loginPage(browser, base, 'requester', errors);
const agent = await loginPage(browser, base, 'agent', errors);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'loket-review-'));
const upload = path.join(tmp, 'foto-printer.png');
fs.writeFileSync(upload, Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex'));

async function go(page, hash) {
  await page.evaluate((x) => { location.hash = x; }, hash);
  await page.waitForSelector('main h1');
}
const shot = (page, name) => page.screenshot({path: path.join(OUT, name + '.png'), fullPage: true});
// tickets with this exact title that the API user can see
async function countTitled(api, title) {
  const r = await api.get('/tickets?per_page=100&sort=-created_at');
  return r.items.filter((x) => x.title === title).length;
}

const TITLE = 'Printer lantai 3 tidak menarik kertas';
const SERVICE = 'Kerusakan Perangkat Komputer';
let created = '';

await t.case('requester: the review lists everything that will be sent; no ticket exists yet', async () => {
  await go(req, '#/new');
  await req.fill('input[name=title]', TITLE);
  await req.fill('textarea[name=description]', 'Kertas tersangkut setiap kali mencetak dua sisi.');
  await pick(req, {name: 'service_id'}, SERVICE);
  await req.fill('input[name=contact_phone]', '081234567890');
  await req.setInputFiles('input[name=file]', upload);
  await req.click('main form button[type=submit]');
  await req.waitForSelector('#ticket-review:not([hidden])');
  expect(await req.locator('main form').isHidden(), 'the form is put away while reviewing');
  const text = await req.textContent('#ticket-review');
  const svc = (await reqApi.get('/services?per_page=100')).items.find((s) => s.name === SERVICE);
  const cat = (await reqApi.get('/categories?per_page=100')).items.find((c) => c.id === svc.category_id);
  for (const want of [TITLE, 'Kertas tersangkut setiap kali mencetak dua sisi.', SERVICE, cat.name,
    'foto-printer.png', '081234567890', reqApi.user.name]) {
    expect(text.includes(want), `review shows ${want}: ${text}`);
  }
  expect(await countTitled(reqApi, TITLE) === 0, 'no ticket before "Kirim"');
  await axeClean(req, 'review (desktop)');
  await shot(req, '70-ticket-review');
  await req.setViewportSize({width: 375, height: 740});
  await axeClean(req, 'review (phone)');
  const over = await req.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(over <= 0, `review overflows by ${over}px on a phone`);
  await shot(req, '70-ticket-review-phone');
  await req.setViewportSize({width: 1280, height: 900});
});

await t.case('requester: "Ubah" goes back with every value kept, chosen file included', async () => {
  await req.click('#review-edit');
  await req.waitForSelector('main form:not([hidden])');
  expect(await req.inputValue('input[name=title]') === TITLE, 'title kept');
  expect((await req.inputValue('textarea[name=description]')).startsWith('Kertas tersangkut'), 'description kept');
  expect(await req.inputValue('.picker:has(> input[type=hidden][name="service_id"]) [role=combobox]') === SERVICE, 'service kept');
  expect(await req.inputValue('input[name=contact_phone]') === '081234567890', 'contact kept');
  const files = await req.locator('input[name=file]').evaluate((el) => Array.from(el.files).map((f) => f.name));
  expect(files.length === 1 && files[0] === 'foto-printer.png', 'file kept: ' + files);
  expect(await countTitled(reqApi, TITLE) === 0, 'still no ticket after "Ubah"');
});

await t.case('requester: a missing field is flagged before any review', async () => {
  await req.fill('input[name=title]', '');
  await req.click('main form button[type=submit]');
  await req.waitForSelector('input[name=title][aria-invalid=true]');
  expect(await req.locator('#ticket-review').isHidden(), 'no review with a required field empty');
  await req.fill('input[name=title]', TITLE);
});

await t.case('requester: a refusal on "Kirim" brings the form back with the server\'s message', async () => {
  // the server's answer is replaced once, as if validation had failed
  const refuse = (route) => (route.request().method() === 'POST' ? route.fulfill({status: 422,
    contentType: 'application/json', body: JSON.stringify({error: {code: 'validation', message: 'Data tidak valid',
      fields: {title: 'judul ditolak'}}})}) : route.continue());
  await req.route('**/api/v1/tickets', refuse);
  await req.click('main form button[type=submit]');
  await req.click('#review-send');
  await req.waitForSelector('main form:not([hidden]) input[name=title][aria-invalid=true]');
  expect(await req.locator('#ticket-review').isHidden(), 'review put away');
  expect((await req.textContent('main form .form-error')).includes('Data tidak valid'), 'server message shown');
  expect(await req.inputValue('input[name=title]') === TITLE, 'entries still there');
  await req.unroute('**/api/v1/tickets', refuse);
  expect(await countTitled(reqApi, TITLE) === 0, 'nothing created');
});

await t.case('requester: "Kirim" creates exactly one ticket, with the attachment', async () => {
  await req.click('main form button[type=submit]');
  await req.waitForSelector('#ticket-review:not([hidden])');
  await req.click('#review-send');
  created = (await req.locator('#created-number').textContent()).trim();
  expect(/^LKT-\d{4}-\d{6}$/.test(created), 'number shown: ' + created);
  expect(await countTitled(reqApi, TITLE) === 1, 'exactly one ticket after "Kirim"');
  const att = await reqApi.get(`/tickets/${created}/attachments`);
  expect(att.items.length === 1 && att.items[0].filename === 'foto-printer.png', 'attachment stored');
});

await t.case('agent intake: the review names the caller; the ticket is theirs, made once', async () => {
  const caller = (await agentApi.get('/users?q=requester2')).items[0];
  const title = 'Penelepon: kartu akses gedung tidak terbaca';
  await go(agent, '#/record');
  await pick(agent, 'Cari pemohon', caller.nip);
  await agent.fill('input[name=title]', title);
  await agent.fill('textarea[name=description]', 'Dilaporkan lewat telepon pukul 09.00.');
  await pick(agent, {name: 'service_id'}, SERVICE);
  await agent.click('main form button[type=submit]');
  await agent.waitForSelector('#ticket-review:not([hidden])');
  const text = await agent.textContent('#ticket-review');
  expect(text.includes(caller.name) && text.includes(title) && text.includes('Tidak ada lampiran'), 'review: ' + text);
  expect(await countTitled(agentApi, title) === 0, 'no ticket before "Kirim"');
  await agent.click('#review-edit');
  expect((await agent.textContent('#chosen-requester')).includes(caller.name), 'caller still chosen after "Ubah"');
  await agent.click('main form button[type=submit]');
  await agent.click('#review-send');
  const number = (await agent.locator('#created-number').textContent()).trim();
  const tk = await agentApi.get('/tickets/' + number);
  expect(tk.requester_id === caller.id && tk.title === title, 'ticket for the caller');
  expect(await countTitled(agentApi, title) === 1, 'exactly one');
  await axeClean(agent, 'agent after sending');
});

// Fetches a link's href with the cookies of the page's own session.
async function fetchAs(page, href) {
  const cookies = await page.context().cookies(base);
  const r = await fetch(new URL(href, base), {headers: {Cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ')}});
  return {status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer())};
}

function pdfText(bytes) {
  const f = path.join(tmp, 'doc.pdf');
  fs.writeFileSync(f, bytes);
  const r = spawnSync('pdftotext', ['-layout', f, '-'], {encoding: 'utf8'});
  if (r.status !== 0) throw new Error('pdftotext: ' + r.stderr);
  return r.stdout.replace(/\s+/g, ' ');
}

let summaryHref = '';
await t.case('requester: the ticket page links the request form PDF; no berita acara before it is resolved', async () => {
  await go(req, '#/tickets/' + created);
  await req.waitForSelector('#ticket-docs');
  expect(await req.locator('#pdf-completion').count() === 0, 'no completion report link while open');
  summaryHref = await req.getAttribute('#pdf-summary', 'href');
  const [popup] = await Promise.all([req.context().waitForEvent('page'), req.click('#pdf-summary')]);
  await popup.close();
  const r = await fetchAs(req, summaryHref);
  expect(r.status === 200 && r.type === 'application/pdf', `pdf answer ${r.status} ${r.type}`);
  const text = pdfText(r.body);
  expect(text.includes(created) && text.includes(TITLE), 'the PDF names the ticket: ' + text.slice(0, 300));
  await axeClean(req, 'ticket page with document links');
  await shot(req, '71-ticket-docs');
});

await t.case('another requester gets 404 for the same PDF', async () => {
  const other = await loginPage(browser, base, 'requester2', errors);
  const r = await fetchAs(other, summaryHref);
  expect(r.status === 404, 'requester2 gets ' + r.status);
  const r2 = await fetchAs(other, summaryHref.replace('kind=summary', 'kind=completion'));
  expect(r2.status === 404, 'completion too: ' + r2.status);
  await other.context().close();
});

await t.case('once resolved: the berita acara link for the requester, and both links for the agent', async () => {
  await agentApi.post(`/tickets/${created}/transitions`, {to: 'resolved', summary: 'Roller printer dibersihkan dan diganti.'});
  await go(req, '#/my');
  await go(req, '#/tickets/' + created);
  await req.waitForSelector('#pdf-completion');
  const r = await fetchAs(req, await req.getAttribute('#pdf-completion', 'href'));
  expect(r.status === 200 && r.type === 'application/pdf', `completion ${r.status} ${r.type}`);
  const text = pdfText(r.body);
  expect(text.includes('BERITA ACARA') && text.includes('Roller printer dibersihkan'), 'berita acara text: ' + text.slice(0, 300));
  await go(agent, '#/tickets/' + created);
  await agent.waitForSelector('#ticket-docs #pdf-completion');
  const a = await fetchAs(agent, await agent.getAttribute('#pdf-summary', 'href'));
  expect(a.status === 200 && a.type === 'application/pdf', 'agent fetches the form PDF: ' + a.status);
  await axeClean(agent, 'workspace with document links');
  await agent.setViewportSize({width: 375, height: 740});
  await axeClean(agent, 'workspace with document links (phone)');
  await shot(agent, '72-workspace-docs-phone');
  await agent.setViewportSize({width: 1280, height: 900});
});

await t.case('a leader reading the ticket gets the links too', async () => {
  const leader = await loginPage(browser, base, 'leader', errors);
  await go(leader, '#/tickets/' + created);
  await leader.waitForSelector('#ticket-docs #pdf-completion');
  const r = await fetchAs(leader, await leader.getAttribute('#pdf-completion', 'href'));
  expect(r.status === 200 && r.type === 'application/pdf', 'leader: ' + r.status);
  await leader.context().close();
});

fs.rmSync(tmp, {recursive: true, force: true});
await finish(t, browser, srv, errors);
