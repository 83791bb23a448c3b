// Issue #21 item 1 (seed 003: one picker had a search box, the next did
// not): every picker of the web app is the searchable one (web/js/picker.js).
// The walk signs in as each demo role, visits every page its navigation
// and the links on its pages reach (one page per route shape: one ticket,
// one service…), clicks every button that may open a dialog or
// a form, and fails — naming the role, page and field — on
//  * a <select> that is not a marked fixed enum (data-enum, 12 options or
//    fewer: the rule in picker.js's header), or
//  * a combobox without a search box (not a text input, or no listbox), or
//    one whose list does not narrow when an option's name is typed.
// Then the component's keyboard contract, and axe-core with a picker open at
// 1280 and 375 px.
import path from 'node:path';
import {setup, loginPage, axeClean, finish, expect, pick, apiAs, OUT} from './harness.mjs';

const {t, base, srv, browser, errors} = await setup();
// tickets to open: the workspace (reply, canned response, tags, assign,
// escalate) and the queues' bulk dialogs
const reqApi = await apiAs(base, 'requester@demo.test');
for (const title of ['Printer lantai tiga macet', 'Akun SIMPEG terkunci']) {
  await reqApi.post('/tickets', {title, description: 'Mohon dibantu.', service_id: 1});
}
// PICKER_ROLES=requester,agent narrows the walk while working on one page
const ROLES = (process.env.PICKER_ROLES || 'requester,agent,pic,leader,admin').split(',');
const MAX_PAGES = 80;

// In the page: every picker-like control that breaks the rule, and every
// combobox to exercise. Only what is visible counts (a closed <details>,
// a hidden tab, an inactive form are not on screen).
function scan() {
  const shown = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const nameOf = (el) => {
    const lab = (el.labels && el.labels[0] && el.labels[0].textContent.trim()) || el.getAttribute('aria-label') ||
      (el.getAttribute('aria-labelledby') && document.getElementById(el.getAttribute('aria-labelledby'))?.textContent.trim());
    const hid = el.closest('.picker')?.querySelector(':scope > input[type=hidden]');
    return `"${lab || '(no label)'}" [name=${el.getAttribute('name') || (hid && hid.name) || '?'}]`;
  };
  const where = (el) => (el.closest('dialog[open]') ? 'dialog "' + (el.closest('dialog').querySelector('h2, h1')?.textContent.trim() || '?') + '": ' : '');
  // behind a modal dialog the page is inert: only the dialog counts
  const root = [...document.querySelectorAll('dialog[open]')].pop() || document;
  const bad = [];
  for (const s of root.querySelectorAll('select')) {
    if (!shown(s)) continue;
    if (!s.hasAttribute('data-enum')) bad.push(`${where(s)}${nameOf(s)} is a plain <select> (${s.options.length} options) without a search box`);
    else if (s.options.length > 12) bad.push(`${where(s)}${nameOf(s)} is a data-enum <select> with ${s.options.length} options (12 at most)`);
  }
  for (const l of root.querySelectorAll('[role=listbox], datalist')) {
    if (l.tagName === 'DATALIST' || !document.querySelector(`[role=combobox][aria-controls="${l.id}"]`)) {
      if (shown(l) || l.tagName === 'DATALIST') bad.push(`${where(l)}a listbox #${l.id || '?'} that no search box controls`);
    }
  }
  const boxes = [];
  for (const c of root.querySelectorAll('[role=combobox]')) {
    if (!shown(c)) continue;
    const text = c.tagName === 'INPUT' && ['text', 'search'].includes(c.type) && !c.readOnly;
    const list = document.getElementById(c.getAttribute('aria-controls') || '');
    if (!text || !list || list.getAttribute('role') !== 'listbox') bad.push(`${where(c)}${nameOf(c)} is a combobox without a search box`);
    else if (!c.disabled) boxes.push({id: c.id, name: where(c) + nameOf(c)});
  }
  return {bad, boxes};
}

// Opens one picker, types the first word of its last option's name and
// checks the list keeps that option and narrows when the word is not in
// every name; Escape leaves it as it was.
async function tryPicker(page, id) {
  const box = page.locator('#' + CSS_escape(id));
  const before = await box.inputValue();
  await box.focus();
  await page.keyboard.press('ArrowDown');
  const list = page.locator('#' + CSS_escape(id + '-list'));
  await page.waitForTimeout(350); // a server-side picker loads on opening
  const labels = await list.locator('[role=option]:not([data-value=""])').evaluateAll((os) => os.map((o) => o.firstChild.textContent));
  let problem = null;
  if (await box.getAttribute('aria-expanded') !== 'true') problem = 'does not open on ArrowDown';
  else if (labels.length >= 3) {
    const want = labels[labels.length - 1];
    const word = want.split(/[\s·,()]+/).find((w) => w.length >= 2) || want;
    const everywhere = labels.every((l) => l.toLowerCase().includes(word.toLowerCase()));
    await box.fill(word);
    await page.waitForTimeout(400);
    const after = await list.locator('[role=option]').evaluateAll((os) => os.map((o) => o.firstChild.textContent));
    if (!after.includes(want) || (!everywhere && after.length >= labels.length)) {
      problem = `typing "${word}" does not narrow its list to "${want}" (${labels.length} → ${after.length})`;
    }
  }
  await page.keyboard.press('Escape');
  if (await box.getAttribute('aria-expanded') !== 'false') problem = problem || 'Escape does not close it';
  if (await box.inputValue() !== before) problem = problem || 'Escape does not restore its text';
  return problem;
}
const CSS_escape = (s) => s.replace(/[^a-zA-Z0-9_-]/g, (c) => '\\' + c);

// A route's shape: one visit per kind of detail page.
const shape = (hash) => hash.replace(/\/\d[\w.-]*/g, '/N').replace(/\?.*$/, '');

async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((h) => location.hash === h, hash);
  // a live page (the waiting-room display, a running export) is never idle
  await page.waitForLoadState('networkidle', {timeout: 4000}).catch(() => {});
  await page.waitForTimeout(150);
}

async function closeDialogs(page) {
  for (let i = 0; i < 3 && await page.locator('dialog[open]').count(); i++) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(100);
    const cancel = page.locator('dialog[open] button[type=button]').filter({hasText: /Batal|Tutup|Cancel|Close/});
    if (await page.locator('dialog[open]').count() && await cancel.count()) await cancel.last().click().catch(() => {});
  }
}

const found = [];  // "role page: problem"
const tried = new Set();
let pickersSeen = 0;

async function check(page, who, hash) {
  const {bad, boxes} = await page.evaluate(scan);
  for (const b of bad) found.push(`${who} ${hash}: ${b}`);
  for (const b of boxes) {
    const key = `${shape(hash)} ${b.name}`; // driven once, whichever role meets it first
    if (tried.has(key)) continue;
    tried.add(key);
    pickersSeen += 1;
    const problem = await tryPicker(page, b.id).catch((e) => 'could not be driven: ' + e.message.split('\n')[0]);
    if (problem) found.push(`${who} ${hash}: ${b.name} ${problem}`);
  }
}

// Buttons that may open a dialog or a form: not submit buttons, not in the
// header, only the first row of a table, not the pager.
async function candidates(page) {
  return page.evaluate(() => {
    const out = [];
    const all = [...document.querySelectorAll('main button, main summary')];
    all.forEach((b, i) => {
      if (b.disabled || b.type === 'submit' || !(b.offsetWidth || b.offsetHeight)) return;
      if (b.closest('.pager, nav, dialog')) return;
      const tr = b.closest('tbody tr');
      if (tr && tr !== tr.parentNode.firstElementChild) return;
      // destructive or one-way actions are not dialog openers worth risking
      if (/^(Keluar|Panggil|Ambil|Ekspor|Unduh|CSV|XLSX|PDF|Kirim ulang|Muat ulang)/i.test(b.textContent.trim())) return;
      out.push(i);
    });
    return out;
  });
}

async function walkRole(who) {
  const page = await loginPage(browser, base, who, errors, {pollMs: 60000});
  const start = await page.evaluate(() => location.hash || '#/');
  const queue = [start];
  const seen = new Set([shape(start)]);
  let pages = 0;
  const collect = async () => {
    const links = await page.evaluate(() => {
      const hrefs = [...document.querySelectorAll('#nav-list a, main a')]
        .map((a) => a.getAttribute('href')).filter((h) => h && h.startsWith('#/'));
      return [...new Set(hrefs)];
    });
    for (const l of links) if (!seen.has(shape(l))) { seen.add(shape(l)); queue.push(l); }
  };
  while (queue.length && pages < MAX_PAGES) {
    const hash = queue.shift();
    pages += 1;
    await go(page, hash);
    await collect();
    // a ticked row shows the bulk actions (assign, tag, status: dialogs)
    await page.locator('main table tbody tr:first-child input[type=checkbox]').first().check({timeout: 1000}).catch(() => {});
    await check(page, who, hash);
    const n = (await candidates(page)).length;
    for (let k = 0; k < n; k++) {
      const idx = (await candidates(page))[k];
      if (idx === undefined) break;
      const btn = page.locator('main button, main summary').nth(idx);
      const label = (await btn.textContent().catch(() => '')).trim().slice(0, 40);
      await btn.click({timeout: 3000}).catch(() => {});
      await page.waitForTimeout(250);
      await page.waitForLoadState('networkidle', {timeout: 4000}).catch(() => {});
      await check(page, who, `${hash} (after "${label}")`);
      await closeDialogs(page);
      if (await page.evaluate(() => location.hash) !== hash) {
        await go(page, hash);
        await page.locator('main table tbody tr:first-child input[type=checkbox]').first().check({timeout: 1000}).catch(() => {});
      }
    }
  }
  await page.context().close();
  return pages;
}

for (const who of ROLES) {
  await t.case(`walk as ${who}: every picker on every page and dialog has a search box`, async () => {
    const before = found.length;
    const pages = await walkRole(who);
    console.log(`# ${who}: ${pages} pages, ${pickersSeen} pickers exercised so far`);
    expect(pages >= 3, `${who} reaches 3+ pages, got ${pages}`);
    expect(found.length === before, 'every picker searchable:\n' + found.slice(before).join('\n'));
  });
}

await t.case('the walk met pickers of every kind (forms, dialogs, filters)', async () => {
  expect(pickersSeen >= (process.env.PICKER_ROLES ? 1 : 15), `15+ distinct pickers exercised, got ${pickersSeen}`);
});

// The keyboard contract on the requester's new-ticket form.
await t.case('keyboard: open, type to filter, arrows, Enter chooses, Escape closes, Tab leaves', async () => {
  const page = await loginPage(browser, base, 'requester', errors);
  await go(page, '#/new');
  const box = page.getByRole('combobox', {name: 'Layanan'});
  const hidden = page.locator('input[type=hidden][name=service_id]');
  const lid = await box.getAttribute('aria-controls');
  const opts = page.locator(`#${lid} [role=option]`);
  expect(await box.getAttribute('aria-expanded') === 'false', 'closed at first');
  await box.focus();
  await page.keyboard.press('ArrowDown');
  expect(await box.getAttribute('aria-expanded') === 'true', 'ArrowDown opens the list');
  const all = await opts.count();
  expect(all >= 8, `8+ services listed, got ${all}`);
  await page.keyboard.type('jaring');
  await page.waitForFunction((id) => document.querySelectorAll(`#${id} [role=option]`).length < 4, lid);
  const shown = await opts.allTextContents();
  expect(shown.length >= 1 && shown.every((s) => /jaring/i.test(s)), 'typing filters: ' + shown.join(' | '));
  // the first match is active; arrows move the active option
  const first = await page.locator('#' + lid + ' .active').textContent();
  expect(await box.getAttribute('aria-activedescendant') === await opts.first().getAttribute('id'), 'first match active');
  await page.keyboard.press('Enter');
  expect(await box.getAttribute('aria-expanded') === 'false', 'Enter closes');
  expect(await box.inputValue() === first && await hidden.inputValue() !== '', `Enter chooses "${first}"`);
  const chosen = await hidden.inputValue();
  // Escape: closes and keeps the choice, though the text was changed
  await page.keyboard.press('ArrowDown');
  await page.keyboard.type('xyz');
  await page.keyboard.press('Escape');
  expect(await box.getAttribute('aria-expanded') === 'false' && await box.inputValue() === first && await hidden.inputValue() === chosen,
    'Escape closes and keeps the choice');
  // ArrowUp from the top wraps to the last; End and Home jump
  await box.fill('');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  const n = await opts.count();
  expect(await box.getAttribute('aria-activedescendant') === await opts.nth(n - 1).getAttribute('id'), 'End: the last option');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  expect(await box.getAttribute('aria-activedescendant') === await opts.nth(1).getAttribute('id'), 'Home then ArrowDown: the second');
  const second = (await opts.nth(1).textContent());
  await page.keyboard.press('Enter');
  expect(await box.inputValue() === second, 'Enter on the second option');
  // Tab leaves without opening anything; Enter on a closed picker submits the form
  await page.keyboard.press('Tab');
  expect(await box.getAttribute('aria-expanded') === 'false', 'Tab leaves it closed');
  expect(await page.evaluate(() => document.activeElement.getAttribute('role')) !== 'option', 'the focus never lands on an option');
  await page.context().close();
});

await t.case('keyboard: Escape in a dialog closes the list first, the dialog second', async () => {
  const page = await loginPage(browser, base, 'agent', errors);
  await go(page, '#/queue/all');
  await page.locator('main table tbody tr').first().waitFor();
  await page.locator('main table tbody tr input[type=checkbox]').first().check();
  await page.getByRole('button', {name: 'Tugaskan'}).click();
  const dlg = page.locator('dialog[open]');
  await dlg.waitFor();
  const box = dlg.getByRole('combobox');
  await box.focus();
  await page.keyboard.press('ArrowDown');
  expect(await box.getAttribute('aria-expanded') === 'true', 'the assignee list opens');
  await page.keyboard.press('Escape');
  expect(await dlg.count() === 1 && await box.getAttribute('aria-expanded') === 'false', 'first Escape: list closed, dialog open');
  // required: an empty choice is refused with the message by the field
  await dlg.locator('button[type=submit]').click();
  expect(await box.getAttribute('aria-invalid') === 'true', 'an empty required picker is marked invalid');
  await pick(dlg, 'Petugas', 'Siti Rahmawati');
  expect(await dlg.locator('input[type=hidden][name=assignee_id]').inputValue() !== '', 'the assignee chosen through pick()');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('dialog[open]'));
  await page.context().close();
});

for (const [w, hgt] of [[1280, 900], [375, 740]]) {
  await t.case(`axe-core: zero violations with a picker open at ${w} px (form and dialog)`, async () => {
    const page = await loginPage(browser, base, 'agent', errors, {viewport: {width: w, height: hgt}});
    await go(page, '#/record');
    const box = page.getByRole('combobox', {name: 'Layanan'});
    await box.click();
    await page.keyboard.press('ArrowDown');
    expect(await box.getAttribute('aria-expanded') === 'true', 'service list open');
    await page.screenshot({path: path.join(OUT, `picker-form-${w}.png`)});
    await axeClean(page, `record form, service picker open, ${w} px`);
    // inside the list the option rows fit the screen: no sideways scrolling
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scroll');
    await page.keyboard.press('Escape');
    // the requester picker searches the server
    const req = page.getByRole('combobox', {name: 'Cari pemohon'});
    await req.fill('Rahmat');
    await page.locator('#' + await req.getAttribute('aria-controls') + ' [role=option]').first().waitFor();
    await page.screenshot({path: path.join(OUT, `picker-requester-${w}.png`)});
    await axeClean(page, `record form, requester picker open, ${w} px`);
    await page.keyboard.press('Escape');
    await go(page, '#/queue/all');
    await page.locator('main table tbody tr input[type=checkbox]').first().check();
    await page.getByRole('button', {name: 'Tugaskan'}).click();
    const dlg = page.locator('dialog[open]');
    await dlg.getByRole('combobox').click();
    expect(await dlg.getByRole('combobox').getAttribute('aria-expanded') === 'true', 'assignee list open');
    await page.screenshot({path: path.join(OUT, `picker-dialog-${w}.png`)});
    await axeClean(page, `assign dialog, assignee picker open, ${w} px`);
    await page.context().close();
  });
}

await finish(t, browser, srv, errors);
