// Browser test of issue #20 point 3, the live desk (web/js/live.js over
// GET /api/v1/events): an open queue page shows a ticket created through
// the API within two seconds (the "N tiket baru" bar, then the row), the
// queue tabs and the browser tab's title carry counts that move, an agent's
// reply appears on the requester's open page by itself, "my tickets"
// follows a status change, a draft is never thrown away by an update (a
// notice asks first), and someone else viewing or typing on the same ticket
// is named to the agent (never to the requester). At 1280 and 375 px,
// axe-core clean. Then the fallback: a server that refuses streams
// (live_max_streams 0) still updates the queue by polling. Prints TAP.
import path from 'node:path';
import {setup, startServer, apiAs, expect, axeClean, finish, loginPage, OUT} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();
const reqApi = await apiAs(base, 'requester@demo.test');
const agentApi = await apiAs(base, 'agent@demo.test');
const services = (await reqApi.get('/services?per_page=200')).items.filter((s) => s.kind === 'ticket');

async function fileTicket(api, title) {
  return (await api.post('/tickets', {title, description: 'Dibuat lewat API untuk uji langsung.', service_id: services[0].id})).number;
}
async function go(page, hash) {
  await page.evaluate((x) => { location.hash = x; }, hash);
  await page.waitForSelector('main h1');
}
const shot = (page, name) => page.screenshot({path: path.join(OUT, name + '.png'), fullPage: true});
const tabCount = (page, q) => page.textContent(`nav.tabs a[href="#/queue/${q}"] .tab-count`);
async function waitText(page, selector, text, timeout = 2000) {
  await page.waitForFunction(([s, x]) => { const el = document.querySelector(s); return el && el.textContent.includes(x); },
    [selector, text], {timeout});
}

const sizes = [['1280', {width: 1280, height: 900}], ['375', {width: 375, height: 740}]];
for (const [size, viewport] of sizes) {
  const agent = await loginPage(browser, base, 'agent', errors, {viewport});
  const admin = await loginPage(browser, base, 'admin', errors, {viewport});
  const req = await loginPage(browser, base, 'requester', errors, {viewport});
  let num = '';

  await t.case(`${size} px: the queue tabs and the tab title carry counts`, async () => {
    await go(agent, '#/queue/new');
    await agent.waitForSelector('html[data-live="stream"]');
    await agent.waitForSelector('.live-bar[data-ready]', {state: 'attached'});
    const total = (await agentApi.get('/tickets?status=new&per_page=1')).total;
    await agent.waitForFunction((n) => {
      const c = document.querySelector('nav.tabs a[href="#/queue/new"] .tab-count');
      return c && c.textContent === String(n);
    }, total);
    const mine = (await agentApi.get('/tickets?assignee_id=me&status=new,in_progress,waiting&per_page=1')).total;
    expect(await tabCount(agent, 'mine') === String(mine), `"Saya" tab shows ${mine}`);
    const title = await agent.title();
    expect(title.startsWith(`(${total}) `), `title starts with (${total}): ${title}`);
  });

  await t.case(`${size} px: a ticket created through the API appears in the open queue within 2 s`, async () => {
    const before = Number(await tabCount(agent, 'new'));
    const start = Date.now();
    num = await fileTicket(reqApi, `Lampu ruang server berkedip ${size}`);
    await agent.waitForSelector('.live-bar .live-new', {timeout: 2000});
    const took = Date.now() - start;
    expect(took < 2000, `the bar within 2 s, took ${took} ms`);
    expect((await agent.textContent('.live-bar .live-new')).trim() === '1 tiket baru — tampilkan', 'the bar says 1 tiket baru');
    await agent.waitForFunction((n) => document.querySelector('nav.tabs a[href="#/queue/new"] .tab-count').textContent === String(n), before + 1);
    expect((await agent.title()).startsWith(`(${before + 1}) `), 'the tab title counts it');
    await axeClean(agent, `queue with the new-tickets bar (${size} px)`);
    await shot(agent, `live-queue-bar-${size}`);
    await agent.click('.live-bar .live-new');
    await agent.waitForSelector(`main table a:text-is("${num}")`, {timeout: 2000});
    expect(await agent.locator('.live-bar').isHidden(), 'the bar goes once they are shown');
  });

  await t.case(`${size} px: an agent's reply appears on the requester's open page`, async () => {
    await go(req, '#/tickets/' + num);
    await req.waitForSelector('html[data-live="stream"]');
    const text = `Teknisi kami menuju lokasi (${size}).`;
    await agentApi.post(`/tickets/${num}/comments`, {body: text, internal: false});
    await waitText(req, 'main', text);
    await agentApi.post(`/tickets/${num}/comments`, {body: `Catatan internal ${size}`, internal: true});
    await agentApi.post(`/tickets/${num}/comments`, {body: `Balasan kedua ${size}.`, internal: false});
    await waitText(req, 'main', `Balasan kedua ${size}.`);
    expect(!(await req.textContent('main')).includes(`Catatan internal ${size}`), 'no internal note on the requester\'s page');
    await axeClean(req, `requester's page after the reply (${size} px)`);
    await shot(req, `live-requester-${size}`);
  });

  await t.case(`${size} px: "my tickets" follows a status change by itself`, async () => {
    await go(req, '#/my');
    const row = req.locator('main tbody tr', {hasText: num});
    await row.waitFor();
    await req.waitForSelector('html[data-live="stream"]');
    // the agent's reply already made it Diproses (issue #20 point 1): wait on the requester
    await agentApi.post(`/tickets/${num}/transitions`, {to: 'waiting'});
    await row.locator(':text("Menunggu Pemohon")').waitFor({timeout: 2000});
    await axeClean(req, `my tickets after the change (${size} px)`);
    await go(req, '#/tickets/' + num); // back on the ticket for the presence case
  });

  await t.case(`${size} px: someone else viewing and typing is named to the agent`, async () => {
    await go(agent, '#/tickets/' + num);
    await agent.waitForSelector('main textarea[name=body]');
    // the requester still has the ticket open (the case before)
    await waitText(agent, '.live-presence', 'dr. Maya Lestari sedang membuka tiket ini', 5000);
    await go(admin, '#/tickets/' + num);
    await waitText(agent, '.live-presence', 'Administrator Helpdesk sedang membuka tiket ini', 5000);
    await admin.locator('main textarea[name=body]').pressSequentially('Sebentar', {delay: 20});
    await waitText(agent, '.live-presence', 'Administrator Helpdesk sedang mengetik…', 5000);
    await axeClean(agent, `ticket page with presence (${size} px)`);
    await shot(agent, `live-presence-${size}`);
    // the requester's page names nobody
    expect(await req.locator('.live-presence').isHidden(), 'no presence notice for the requester');
    await admin.locator('main textarea[name=body]').fill('');
    await go(admin, '#/queue/new');
    await agent.waitForFunction(() => {
      const p = document.querySelector('.live-presence').textContent;
      return !p.includes('Administrator Helpdesk') && p.includes('dr. Maya Lestari');
    }, null, {timeout: 5000});
  });

  await t.case(`${size} px: an update never throws a draft away`, async () => {
    const draft = `Draf balasan ${size} yang belum dikirim`;
    await agent.fill('main textarea[name=body]', draft);
    await reqApi.post(`/tickets/${num}/comments`, {body: `Pemohon menambahkan info ${size}.`, internal: false});
    await agent.waitForSelector('#stale:not([hidden]) :text("diperbarui orang lain")', {timeout: 2000});
    expect(await agent.inputValue('main textarea[name=body]') === draft, 'the draft is still there');
    await axeClean(agent, `ticket page with the update notice (${size} px)`);
    await agent.click('#stale button');
    await waitText(agent, 'main', `Pemohon menambahkan info ${size}.`);
    // the reload keeps the draft (web/js/draft.js): the box still holds it
    expect(await agent.inputValue('main textarea[name=body]') === draft, 'the draft survives the reload');
    // without a draft the page simply follows
    await agent.fill('main textarea[name=body]', '');
    await reqApi.post(`/tickets/${num}/comments`, {body: `Info ketiga ${size}.`, internal: false});
    await waitText(agent, 'main', `Info ketiga ${size}.`);
  });

  for (const p of [agent, admin, req]) await p.context().close();
}

// The fallback: streams refused (503) → the page polls the same events.
const off = await startServer({LOKET_LIVE_MAX_STREAMS: '0'});
await t.case('fallback: with streams refused the queue still follows by polling', async () => {
  const api = await apiAs(off.url, 'requester@demo.test');
  const offServices = (await api.get('/services?per_page=200')).items.filter((s) => s.kind === 'ticket');
  const page = await loginPage(browser, off.url, 'agent', errors, {pollMs: 500});
  await page.waitForSelector('html[data-live="poll"]');
  await page.waitForSelector('nav.tabs a[href="#/queue/new"] .tab-count');
  await page.waitForSelector('.live-bar[data-ready]', {state: 'attached'});
  const n = (await api.post('/tickets', {title: 'Kipas angin rusak', description: 'x', service_id: offServices[0].id})).number;
  await page.waitForSelector('.live-bar .live-new', {timeout: 3000});
  await page.click('.live-bar .live-new');
  await page.waitForSelector(`main table a:text-is("${n}")`);
  await axeClean(page, 'queue while polling');
  await page.context().close();
});
const offCode = await off.stop(t.failed > 0);
t.ok(offCode === 0, 'the polling server exits cleanly', `exit ${offCode}`);

await finish(t, browser, srv, errors);
