// Browser test of issue #20 items 2, 4, 5, 12 and 13 (the intake helper):
//  2  the record page never files a ticket in the agent's name without a
//     caller, registers an unknown caller, lists requesters only and shows
//     the chosen caller's earlier tickets;
//  4  a reply draft survives navigation, Back and a language switch, and
//     is gone once sent;
//  5  the description is the first block of the main column;
//  12 the catalogue search folds case, accents and punctuation and reads
//     descriptions and keywords, on the catalogue and in the service picker;
//  13 the queue: numbers on one line, the SLA as relative time with the
//     date in its title, durations in hari/jam/menit (d/h/min), and on a
//     phone the filters behind a "Filter" button.
// Each at 1280 and 375 px with axe-core clean. Prints TAP.
import path from 'node:path';
import {setup, apiAs, loginPage, axeClean, expect, finish, pick, OUT} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();
const SIZES = [['desktop', {width: 1280, height: 900}], ['phone', {width: 375, height: 740}]];
const NET = 'Gangguan Jaringan Internet';

async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((h) => location.hash === h, hash);
  await page.waitForLoadState('networkidle');
}

async function shot(page, name) {
  await page.screenshot({path: path.join(OUT, `70-intake-${name}.png`), fullPage: true});
}

async function narrowEnough(page, what) {
  const w = page.viewportSize().width;
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide <= w, `${what}: nothing wider than ${w} px (got ${wide})`);
}

const sql = (q) => srv.sql(q); // SQLite or PostgreSQL, whichever the server runs on

const reqApi = await apiAs(base, 'requester@demo.test');
const req2Api = await apiAs(base, 'requester2@demo.test');
const agentApi = await apiAs(base, 'agent@demo.test');
const services = (await reqApi.get('/services?per_page=200')).items;
const sid = (name) => services.find((s) => s.name === name).id;
const count = async (title) => (await agentApi.get('/tickets?per_page=200&q=' + encodeURIComponent(title))).items
  .filter((x) => x.title === title).length;

// earlier tickets of requester2, the caller of item 2
const earlier = [];
for (const title of ['Printer ruang guru macet', 'Akun email lupa kata sandi']) {
  earlier.push((await req2Api.post('/tickets', {title, description: 'Mohon dibantu.', service_id: sid(NET)})).number);
}

// ---------------------------------------------------------------- item 2
for (const [size, viewport] of SIZES) {
  const agent = await loginPage(browser, base, 'agent', errors, {viewport});

  await t.case(`record (${size}): no caller → a clear error, nothing filed in the agent's name`, async () => {
    const title = `Penelepon tanpa nama ${size}`;
    await go(agent, '#/record');
    await agent.fill('input[name=title]', title);
    await agent.fill('textarea[name=description]', 'Lewat telepon.');
    await pick(agent, {name: 'service_id'}, NET);
    await agent.click('main form button[type=submit]');
    await agent.waitForSelector('main form .form-error:not([hidden])');
    const msg = (await agent.textContent('main form .form-error')).trim();
    expect(msg === 'Pilih penelepon, atau daftarkan penelepon baru. Tiket tidak dicatat atas nama Anda.', 'message: ' + msg);
    expect(await agent.locator('#ticket-review:not([hidden])').count() === 0, 'no review without a caller');
    const invalid = await agent.getAttribute('.picker:has(input[name=requester_id]) [role=combobox]', 'aria-invalid');
    expect(invalid === 'true', 'the lookup is marked invalid');
    expect(await count(title) === 0, 'no ticket filed');
    await axeClean(agent, `record error (${size})`);
    await narrowEnough(agent, 'record error');
    await shot(agent, `record-error-${size}`);
  });

  await t.case(`record (${size}): the lookup lists requesters only, never staff`, async () => {
    const box = agent.getByRole('combobox', {name: 'Cari pemohon', exact: true});
    await box.click();
    await box.fill('agent@demo');
    const list = agent.locator('#' + await box.getAttribute('aria-controls'));
    await agent.waitForFunction((id) => document.querySelector(`#${id} ~ .picker-status`)?.textContent === 'Tidak ada yang cocok',
      await box.getAttribute('aria-controls'));
    await box.fill('demo.test');
    const want = (await agentApi.get('/users?role=requester&q=demo.test&per_page=10')).items.map((u) => u.name);
    const staff = (await agentApi.get('/users?role=agent&per_page=50')).items.map((u) => u.name);
    await list.locator('[role=option]').first().waitFor();
    await agent.waitForFunction(([id, n]) => document.querySelectorAll(`#${id} [role=option]`).length === n,
      [await box.getAttribute('aria-controls'), want.length]);
    const shown = await list.locator('[role=option]').evaluateAll((els) => els.map((e) => e.firstChild.textContent));
    expect(JSON.stringify(shown) === JSON.stringify(want), `options ${shown} = requesters ${want}`);
    expect(!shown.some((n) => staff.includes(n)), 'no staff account offered');
    await box.press('Escape');
  });

  await t.case(`record (${size}): a chosen caller's earlier tickets are listed`, async () => {
    await pick(agent, 'Cari pemohon', 'requester2@demo.test');
    await agent.waitForSelector('.caller-history .caller-tickets li');
    const api = await agentApi.get('/tickets?requester_id=' + req2Api.user.id + '&per_page=5&sort=-created_at');
    const numbers = await agent.locator('.caller-history .caller-tickets li a.mono').allTextContents();
    expect(JSON.stringify(numbers) === JSON.stringify(api.items.map((x) => x.number)), `listed ${numbers}`);
    expect(earlier.every((n) => numbers.includes(n)), 'both earlier tickets among them');
    expect((await agent.textContent('.caller-history h2')).trim() === `Tiket sebelumnya dari ${req2Api.user.name}`, 'heading names the caller');
    await axeClean(agent, `record history (${size})`);
    await narrowEnough(agent, 'record history');
    await shot(agent, `record-history-${size}`);
  });

  await t.case(`record (${size}): an unknown caller is registered with the ticket (requester, no unit)`, async () => {
    const name = `Ibu Sari Wulandari ${size}`;
    const phone = size === 'phone' ? '081377700375' : '081377701280';
    const title = `Penelepon baru ${size}: internet kantor mati`;
    await agent.click('#register-caller');
    expect(await agent.getAttribute('#register-caller', 'aria-expanded') === 'true', 'the register form is open');
    expect(await agent.locator('.caller-history:not([hidden])').count() === 0, 'the previous caller is let go');
    await agent.fill('input[name="requester.name"]', name);
    await agent.click('main form button[type=submit]');
    await agent.waitForSelector('main form .form-error:not([hidden])');
    expect((await agent.textContent('main form .form-error')).trim() === 'Lengkapi data penelepon baru.', 'phone or email asked for');
    await agent.fill('input[name="requester.phone"]', phone);
    await agent.fill('input[name=title]', title);
    await agent.click('main form button[type=submit]');
    await agent.waitForSelector('#ticket-review:not([hidden])');
    expect((await agent.textContent('#ticket-review')).includes(`${name} (penelepon baru)`), 'the review names the new caller');
    await axeClean(agent, `record review (${size})`);
    await agent.click('#review-send');
    const number = (await agent.locator('#created-number').textContent()).trim();
    const tk = await agentApi.get('/tickets/' + number);
    expect(tk.requester.name === name && tk.channel === 'phone', `requester ${tk.requester.name}`);
    const admin = await apiAs(base, 'admin@demo.test');
    const u = await admin.get('/users/' + tk.requester.id);
    expect(u.role === 'requester' && u.unit_id === null && u.phone === phone, `registered ${u.role} ${u.unit_id} ${u.phone}`);
  });
  await agent.context().close();
}

// ---------------------------------------------------------------- items 4 and 5
const draftTicket = (await reqApi.post('/tickets', {title: 'Wi-Fi ruang rapat lantai 3 putus',
  description: 'Sejak pagi Wi-Fi di ruang rapat lantai 3 putus setiap beberapa menit. Mohon dicek.', service_id: sid(NET)})).number;

for (const [size, viewport] of SIZES) {
  const agent = await loginPage(browser, base, 'agent', errors, {viewport});
  const text = `Draf balasan (${size}): kami sudah mengecek access point lantai 3.`;
  const key = `loket.draft.${agentApi.user.id}.${draftTicket}`;

  await t.case(`ticket (${size}): the description is the first block of the main column`, async () => {
    await go(agent, '#/tickets/' + draftTicket);
    await agent.waitForSelector('.ticket-description');
    const first = await agent.evaluate(() => document.querySelector('.col-main').firstElementChild.className);
    expect(first.includes('ticket-description'), 'first in .col-main: ' + first);
    const body = (await agent.textContent('.ticket-description p')).trim();
    expect(body.startsWith('Sejak pagi Wi-Fi'), 'the description text: ' + body);
    const [desc, tl] = await agent.evaluate(() => [document.querySelector('.ticket-description').getBoundingClientRect().top,
      document.querySelector('section[aria-labelledby=tl-h]').getBoundingClientRect().top]);
    expect(desc < tl, `above the timeline (${desc} < ${tl})`);
    expect(desc < viewport.height, `on the first screen (${desc} px down)`);
    expect(await agent.locator('.col-side .ticket-description, .col-side h3:text("Uraian")').count() === 0, 'not in the side column');
    await axeClean(agent, `workspace (${size})`);
    await narrowEnough(agent, 'workspace');
    await shot(agent, `workspace-${size}`);
  });

  await t.case(`ticket (${size}): a reply draft survives navigation, Back and a language switch`, async () => {
    await agent.fill('#reply-form textarea[name=body]', text);
    await go(agent, '#/queue/new');
    expect(await agent.evaluate((k) => localStorage.getItem(k), key) === text, 'stored under user and ticket');
    await agent.goBack();
    await agent.waitForSelector('#reply-form textarea[name=body]');
    expect(await agent.inputValue('#reply-form textarea[name=body]') === text, 'restored after Back');
    expect((await agent.textContent('.draft-note')).trim() === 'Draf yang belum terkirim dipulihkan.', 'the restore is said');
    await agent.fill('#reply-form textarea[name=body]', text + ' Lagi.');
    await agent.click('#lang-switch');
    await agent.waitForSelector('#reply-form h2:text("Reply or note")');
    expect(await agent.inputValue('#reply-form textarea[name=body]') === text + ' Lagi.', 'kept across the language switch');
    await agent.click('#lang-switch');
    await agent.waitForSelector('#reply-form h2:text("Balas atau catat")');
    await agent.reload();
    await agent.waitForSelector('#reply-form textarea[name=body]');
    expect(await agent.inputValue('#reply-form textarea[name=body]') === text + ' Lagi.', 'kept across a reload');
    await axeClean(agent, `workspace with a restored draft (${size})`);
  });

  await t.case(`ticket (${size}): a sent reply leaves no draft`, async () => {
    await agent.click('#reply-form button[type=submit]');
    await agent.waitForFunction((n) => [...document.querySelectorAll('section[aria-labelledby=tl-h] li')]
      .some((li) => li.textContent.includes(n)), text + ' Lagi.');
    expect(await agent.inputValue('#reply-form textarea[name=body]') === '', 'the box is empty');
    expect(await agent.evaluate((k) => localStorage.getItem(k), key) === null, 'nothing stored');
    await go(agent, '#/queue/new');
    await go(agent, '#/tickets/' + draftTicket);
    await agent.waitForSelector('#reply-form textarea[name=body]');
    expect(await agent.inputValue('#reply-form textarea[name=body]') === '', 'still empty when opened again');
    const events = await agentApi.get(`/tickets/${draftTicket}/events`);
    const sent = JSON.stringify(events).split(text + ' Lagi.').length - 1;
    expect(sent === 1, 'the reply was sent once: ' + sent);
  });
  await agent.context().close();
}

await t.case('requester ticket page: description first, the add-info draft kept (375 px)', async () => {
  const req = await loginPage(browser, base, 'requester', errors, {viewport: {width: 375, height: 740}});
  await go(req, '#/tickets/' + draftTicket);
  await req.waitForSelector('.ticket-description');
  const first = await req.evaluate(() => document.querySelector('.col-main').firstElementChild.className);
  expect(first.includes('ticket-description'), 'first in .col-main: ' + first);
  const top = await req.evaluate(() => document.querySelector('.ticket-description').getBoundingClientRect().top);
  expect(top < 740, `on the first screen (${top} px down)`);
  await req.fill('#add-info textarea[name=body]', 'Masih putus sampai sekarang.');
  await go(req, '#/my');
  await req.goBack();
  await req.waitForSelector('#add-info textarea[name=body]');
  expect(await req.inputValue('#add-info textarea[name=body]') === 'Masih putus sampai sekarang.', 'restored');
  await axeClean(req, 'requester ticket (375 px)');
  await narrowEnough(req, 'requester ticket');
  await shot(req, 'requester-ticket-phone');
  await req.setViewportSize({width: 1280, height: 900});
  await axeClean(req, 'requester ticket (1280 px)');
  await shot(req, 'requester-ticket-desktop');
  await req.context().close();
});

// ---------------------------------------------------------------- item 12
for (const [size, viewport] of SIZES) {
  await t.case(`catalogue (${size}): "wifi", "WI FI", "hotspot" and "e mail" find their services`, async () => {
    const req = await loginPage(browser, base, 'requester', errors, {viewport});
    await go(req, '#/catalog');
    const names = async (q) => {
      await req.fill('main input[type=search]', q); // filtered on input, at once
      return req.locator('.service-card h2').allTextContents();
    };
    for (const [q, want] of [['wifi', NET], ['WI FI', NET], ['wi-fi', NET], ['hotspot', NET],
      ['e mail', 'Permintaan Akun Email Dinas'], ['jaringan internet', NET], ['perangkát', 'Kerusakan Perangkat Komputer']]) {
      const got = await names(q);
      expect(got.includes(want), `"${q}" finds ${want}: ${got}`);
    }
    expect((await names('zzzz tidak ada')).length === 0, 'nonsense finds nothing');
    expect(await req.isVisible('text=Tidak ada layanan yang cocok.'), 'and says so');
    await names('wifi');
    await axeClean(req, `catalogue (${size})`);
    await narrowEnough(req, 'catalogue');
    await shot(req, `catalog-${size}`);
    await go(req, '#/new');
    const box = req.locator('.picker:has(> input[type=hidden][name="service_id"]) [role=combobox]');
    await box.click();
    await box.fill('wifi');
    const list = req.locator('#' + await box.getAttribute('aria-controls'));
    await list.getByRole('option', {name: NET}).waitFor();
    const opts = await list.locator('[role=option]').allTextContents();
    expect(opts.length === 1 && opts[0] === NET, 'the service picker by the same rule: ' + opts);
    await axeClean(req, `new ticket service picker (${size})`);
    await box.press('Escape');
    await req.context().close();
  });
}

// ---------------------------------------------------------------- item 13
// one ticket overdue by about 2 hours, one due in about 3 hours
const late = (await reqApi.post('/tickets', {title: 'Antrean: terlambat', description: 'x', service_id: sid(NET)})).number;
const soon = (await reqApi.post('/tickets', {title: 'Antrean: segera', description: 'x', service_id: sid(NET)})).number;
const now = Math.floor(Date.now() / 1000);
sql(`UPDATE tickets SET resolution_due = ${now - 2 * 3600 - 600} WHERE number = '${late}'`);
sql(`UPDATE tickets SET resolution_due = ${now + 3 * 3600 + 600} WHERE number = '${soon}'`);
const lateDue = (await agentApi.get('/tickets/' + late)).sla.resolution_due;

for (const [size, viewport] of SIZES) {
  await t.case(`queue (${size}): numbers on one line, SLA as relative time with the date in the title`, async () => {
    const agent = await loginPage(browser, base, 'agent', errors, {viewport});
    await go(agent, '#/queue/new');
    await agent.waitForSelector(`main tbody tr:has-text("${late}")`);
    const cell = (num) => agent.locator('main tbody tr', {hasText: num}).locator('.sla');
    const lateText = (await cell(late).locator('time').textContent()).trim();
    expect(/^terlambat 2 jam( \d+ menit)?$/.test(lateText), 'late: ' + lateText);
    const soonText = (await cell(soon).locator('time').textContent()).trim();
    expect(/^sisa 3 jam( \d+ menit)?$/.test(soonText), 'soon: ' + soonText);
    const title = await cell(late).getAttribute('title');
    const want = await agent.evaluate((iso) => new Intl.DateTimeFormat('id-ID', {dateStyle: 'medium', timeStyle: 'short'}).format(new Date(iso)), lateDue);
    expect(title === want, `title ${title} = ${want}`);
    const lines = await agent.locator('main tbody td a.mono').evaluateAll((as) => as.map((a) => a.getClientRects().length));
    expect(lines.length > 0 && lines.every((n) => n === 1), 'every number on one line: ' + lines);
    const tall = await agent.locator('main tbody td a.mono').evaluateAll((as) => as.map((a) => {
      const lh = parseFloat(getComputedStyle(a).lineHeight) || 20;
      return a.getBoundingClientRect().height <= lh * 1.5;
    }));
    expect(tall.every(Boolean), 'no number taller than a line');
    await axeClean(agent, `queue (${size})`);
    await narrowEnough(agent, 'queue');
    await shot(agent, `queue-${size}`);

    if (size === 'phone') {
      const toggle = agent.locator('main .filter-toggle');
      expect(await toggle.isVisible(), 'a Filter button on the phone');
      expect((await toggle.textContent()).trim() === 'Filter', 'named Filter');
      expect(!(await agent.locator('main .toolbar select[name=channel]').isVisible()), 'filters folded away');
      const rowTop = await agent.evaluate(() => document.querySelector('main tbody tr').getBoundingClientRect().top);
      expect(rowTop < 740, `the first row on the first screen (${rowTop} px)`);
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded') === 'true', 'expanded');
      await agent.locator('main .toolbar select[name=channel]').selectOption('web');
      await agent.waitForFunction(() => document.querySelector('main .filter-toggle').textContent === 'Filter (1)');
      await axeClean(agent, 'queue with the filters open (phone)');
      await shot(agent, 'queue-filters-open-phone');
      await toggle.click();
      expect(!(await agent.locator('main .toolbar select[name=channel]').isVisible()), 'folded again');
    } else {
      expect(!(await agent.locator('main .filter-toggle').isVisible()), 'no Filter button on the desktop');
      expect(await agent.locator('main .toolbar select[name=channel]').isVisible(), 'filters shown');
    }
    await agent.context().close();
  });
}

await t.case('durations: "2 hari 8 jam 20 menit" in Indonesian, "2 d 8 h 20 min" in English', async () => {
  const agent = await loginPage(browser, base, 'agent', errors);
  await go(agent, '#/queue/new');
  const fmt = (lang) => agent.evaluate(async (l) => {
    const m = await import('/js/i18n.js');
    await m.loadLang(l);
    return [m.fmtDuration(2 * 86400 + 8 * 3600 + 20 * 60), m.fmtDuration(3 * 3600, 2), m.fmtDuration(45 * 60)];
  }, lang);
  const id = await fmt('id');
  expect(JSON.stringify(id) === JSON.stringify(['2 hari 8 jam 20 menit', '3 jam', '45 menit']), 'id: ' + id);
  const en = await fmt('en');
  expect(JSON.stringify(en) === JSON.stringify(['2 d 8 h 20 min', '3 h', '45 min']), 'en: ' + en);
  await go(agent, '#/queue/all');
  await agent.waitForSelector(`main tbody tr:has-text("${soon}")`);
  const soonEn = (await agent.locator('main tbody tr', {hasText: soon}).locator('.sla time').textContent()).trim();
  expect(/^3 h( \d+ min)? left$/.test(soonEn), 'English SLA cell: ' + soonEn);
  await go(agent, '#/tickets/' + soon);
  const box = (await agent.textContent('.sla-box')).trim();
  expect(/3 h \d+ min left/.test(box), 'the workspace SLA box too: ' + box);
  await agent.evaluate(async () => (await import('/js/i18n.js')).loadLang('id'));
  await agent.context().close();
});

await finish(t, browser, srv, errors);
