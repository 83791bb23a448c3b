// Browser test of the partner administration (issue #17 item 7), in
// Indonesian: a partner admin (an agent given partner_admin) creates a
// partner (the NIK refused here first, then the server's 422 shown by its
// field), imports a CSV with a wrong row and sees the row report with
// nothing imported, makes an assignment with the fee and the ceiling
// warning shown live while typing and the server's 409 explained, and
// makes letters in bulk with the progress bar reaching the download. A
// requester has no partners menu and no page. axe-core on every page at
// 1280 and 375 px. Prints TAP.
import path from 'node:path';
import {setup, finish, signIn, apiAs, Tap, expect, OUT, axeClean, pick} from './harness.mjs';

const t = new Tap();
const {srv, browser} = await setup(t);
const base = srv.url;
const errors = [];

async function login(user) {
  const ctx = await browser.newContext({viewport: {width: 1280, height: 900}});
  await ctx.addInitScript(() => { if (window === window.top) localStorage.setItem('loket.lang', 'id'); });
  ctx.setDefaultTimeout(10000);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(`${user}: ${e.message}`));
  page.on('dialog', (d) => { errors.push(`${user}: native dialog ${d.message()}`); d.dismiss(); });
  await signIn(page, base, user + '@demo.test');
  await page.waitForSelector('main h1');
  return page;
}

async function go(page, hash, heading) {
  await page.evaluate((x) => { location.hash = x; }, hash);
  await page.waitForSelector(`main h1:text-is("${heading}")`);
  await page.waitForLoadState('networkidle');
}

// axe-core and a screenshot at desktop and phone width; nothing sideways on a phone.
async function checkPage(page, name) {
  await axeClean(page, name + ' (1280 px)');
  await page.screenshot({path: path.join(OUT, `50-partners-${name}-desktop.png`), fullPage: true});
  await page.setViewportSize({width: 375, height: 740});
  await axeClean(page, name + ' (375 px)');
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(over <= 0, `${name}: no sideways scrolling at 375 px (${over}px)`);
  await page.screenshot({path: path.join(OUT, `50-partners-${name}-phone.png`), fullPage: true});
  await page.setViewportSize({width: 1280, height: 900});
}

// The POSTs the page sends to URLs that match, from now until stop().
function watchPosts(page, match) {
  const posts = [];
  const onReq = (r) => { if (r.method() === 'POST' && match(r.url())) posts.push(r.url()); };
  page.on('request', onReq);
  return {posts, stop: () => page.off('request', onReq)};
}

// The demo data (src/cli/demo_partners.c): pic@demo.test administers the
// partners of Diskominfo; Budi Santoso has Rp 2.048.000 in March 2026,
// activity SSN-2026-03 pays Rp 4.000 a document, the 2026 ceiling is
// Rp 3.200.000 a month.
const admin = await apiAs(base, 'admin@demo.test');
const pic = (await apiAs(base, 'pic@demo.test')).user;
const unitId = pic.unit_id;
const budi = (await admin.get('/partners?q=3273011505900001')).items[0];
const activity = (await admin.get('/activities?q=SSN-2026-03')).items[0];
expect(pic.partner_admin === true && budi && activity, 'the demo data is there');
const partnerCount = async () => (await admin.get('/partners?per_page=1')).total;

await t.case('an agent without partner_admin has no partners menu', async () => {
  const ag = await login('agent');
  expect(await ag.locator('#nav-list a[href="#/partners"]').count() === 0, 'no Mitra entry');
  await ag.evaluate(() => { location.hash = '#/partners'; });
  await ag.waitForSelector('main h1:text-is("Halaman tidak ditemukan")');
  await ag.context().close();
});

await t.case('a requester has no partners menu and no partners page', async () => {
  const req = await login('requester');
  expect(await req.locator('#nav-list a[href="#/partners"]').count() === 0, 'no Mitra entry in the menu');
  for (const hash of ['#/partners', '#/partner-assignments', '#/partner-letters']) {
    await req.evaluate((x) => { location.hash = x; }, hash);
    await req.waitForSelector('main h1:text-is("Halaman tidak ditemukan")');
    expect(await req.locator('main table, main form').count() === 0, hash + ': nothing of the page');
  }
  await req.context().close();
});

const page = await login('pic');

await t.case('the partner admin reaches the partners from the menu; list with search and office filter', async () => {
  await page.click('#nav-list a[href="#/partners"]');
  await page.waitForSelector('main h1:text-is("Mitra")');
  await page.waitForSelector('main table tbody tr:has-text("Budi Santoso")');
  await page.fill('main input[type=search]', 'tidak-ada-yang-cocok');
  await page.waitForSelector('main .list-summary:text("Tidak ada data")');
  await page.fill('main input[type=search]', '3273011505900001');
  await page.waitForSelector('main table tbody tr:has-text("Budi Santoso")');
  await page.fill('main input[type=search]', '');
  expect(await page.locator('main input[type=hidden][name=unit_id]').count() === 1, 'an office filter');
  await checkPage(page, 'list');
});

await t.case('creating a partner: the NIK is refused here first, then the server\'s 422 is shown by its field', async () => {
  const {posts, stop} = watchPosts(page, (u) => u.endsWith('/api/v1/partners'));
  await page.click('#partner-new');
  const dlg = page.locator('dialog[open]');
  await dlg.locator('input[name=name]').fill('Sri Wahyuni');
  await dlg.locator('input[name=nik]').fill('31710147089');
  await pick(dlg, {name: 'unit_id'}, {value: String(unitId)});
  await dlg.locator('button[type=submit]').click();
  const nik = dlg.locator('input[name=nik]');
  await page.waitForSelector('dialog[open] input[name=nik][aria-invalid=true]');
  const nikErr = await dlg.locator('#' + (await nik.getAttribute('id')) + '-err').textContent();
  expect(nikErr.includes('16 angka'), 'the NIK error by the field: ' + nikErr);
  await nik.fill('3171019908920002'); // day 99: not a birth date
  await dlg.locator('button[type=submit]').click();
  await page.waitForSelector('dialog[open] input[name=nik][aria-invalid=true]');
  expect((await dlg.locator('#' + (await nik.getAttribute('id')) + '-err').textContent()).includes('tanggal lahir'), 'birth date checked');
  expect(posts.length === 0, 'nothing sent while the NIK is wrong');
  await nik.fill('3171014708920002');
  const email = dlg.locator('input[name=email]');
  await email.fill('bukan-email');
  await dlg.locator('button[type=submit]').click();
  await page.waitForSelector('dialog[open] input[name=email][aria-invalid=true]');
  const emailErr = await dlg.locator('#' + (await email.getAttribute('id')) + '-err').textContent();
  expect(posts.length === 1 && emailErr.trim().length > 0, `the server's email problem by the field (${posts.length} sent): ${emailErr}`);
  await axeClean(page, 'partner form with errors');
  await page.screenshot({path: path.join(OUT, '50-partners-form-errors.png')});
  await email.fill('sri.wahyuni@contoh.id');
  await dlg.locator('button[type=submit]').click();
  await page.waitForSelector('dialog', {state: 'detached'});
  await page.waitForSelector('main table tbody tr:has-text("Sri Wahyuni")');
  stop();
  const saved = (await admin.get('/partners?q=Sri%20Wahyuni')).items[0];
  expect(saved && saved.nik === '3171014708920002' && saved.email === 'sri.wahyuni@contoh.id' && saved.unit_id === unitId,
    'saved: ' + JSON.stringify(saved));
});

await t.case('CSV import with a wrong row: the row report, and nothing imported', async () => {
  const before = await partnerCount();
  const bad = 'name,nik,phone,bank_name,bank_account,unit_id\n' +
    `Ani Lestari,3171015206950003,0811111111,BNI,111222333,${unitId}\n` +
    `Dedi Kurniawan,12345,0822222222,BRI,444555666,${unitId}\n` +
    `Eka Putri,3171016309960004,0833333333,Mandiri,777888999,${unitId}\n`;
  await page.setInputFiles('#partner-import input[type=file]', {name: 'mitra.csv', mimeType: 'text/csv', buffer: Buffer.from(bad)});
  await page.click('#partner-import button[type=submit]');
  await page.waitForSelector('#partner-import .import-error');
  const none = await page.textContent('#partner-import .import-none');
  expect(none.includes('Tidak ada mitra yang diimpor'), 'says nothing was imported: ' + none);
  const rows = await page.locator('#partner-import .import-report tbody tr').allTextContents();
  expect(rows.length === 1 && rows[0].startsWith('3') && /nik/i.test(rows[0]), 'row 3 (the header is row 1) and its problem: ' + rows.join(' | '));
  expect(await partnerCount() === before, 'the partner count did not change');
  await checkPage(page, 'import-report');
  const good = bad.replace('Dedi Kurniawan,12345', 'Dedi Kurniawan,3171010101850005');
  await page.setInputFiles('#partner-import input[type=file]', {name: 'mitra.csv', mimeType: 'text/csv', buffer: Buffer.from(good)});
  await page.click('#partner-import button[type=submit]');
  await page.waitForSelector('#partner-import .flash:text("3 mitra diimpor")');
  expect(await partnerCount() === before + 3, 'three more partners');
  await page.waitForSelector('main table tbody tr:has-text("Dedi Kurniawan")');
});

await t.case('the export downloads the partners as CSV', async () => {
  const href = await page.getAttribute('#partner-export', 'href');
  const csv = await page.evaluate(async (u) => { const r = await fetch(u); return `${r.status} ${await r.text()}`; }, href);
  expect(csv.startsWith('200 ') && csv.includes('Budi Santoso') && csv.includes('3171014708920002'), 'CSV: ' + csv.slice(0, 200));
});

await t.case('activities: list with rates and budget, the year\'s ceiling (read-only for a partner admin)', async () => {
  await page.click('main nav.partner-tabs a[href="#/partner-activities"]');
  await page.waitForSelector('main h1:text-is("Kegiatan")');
  const row = await page.textContent('main table tbody tr:has-text("SSN-2026-03")');
  expect(row.includes('Rp 50.000.000') && row.includes('dokumen: Rp 4.000'), 'budget and rate: ' + row);
  await page.waitForSelector('#ceiling-form p:text("Batas 2026: Rp 3.200.000 per bulan.")');
  expect(await page.locator('#activity-new').count() === 0, 'no "new activity" for a partner admin: admins set the standard');
  await checkPage(page, 'activities');
});

await t.case('assignment: the fee and the ceiling check live while typing; the 409 explained; then saved', async () => {
  const {posts, stop} = watchPosts(page, (u) => u.includes('/api/v1/assignments'));
  await page.click('main nav.partner-tabs a[href="#/partner-assignments"]');
  await page.waitForSelector('main h1:text-is("Penugasan")');
  const form = page.locator('#assignment-form');
  await pick(form, {name: 'partner_id'}, 'Budi');
  await pick(form, {name: 'activity_id'}, 'SSN-2026-03');
  await pick(form, {name: 'output'}, 'dok');
  expect(await page.inputValue('#assignment-form input[name=output]') === 'dokumen', 'the output: dokumen');
  expect(await page.inputValue('#assignment-form input[name=month]') === '2026-03', 'a one-month activity: March');
  const volume = page.locator('#assignment-form input[name=volume]');
  await volume.pressSequentially('100');
  await page.waitForSelector('#assign-fee:text("Honor: 100 dokumen × Rp 4.000 = Rp 400.000")');
  await page.waitForSelector('#assign-ceiling.ok-text');
  // SSN-2026-03 spends Rp 1.048.000 + Rp 1.200.000 + Rp 1.500.000 of its Rp 50.000.000 in the demo
  await page.waitForSelector('#assign-budget:text("Pagu kegiatan Rp 50.000.000: sisa Rp 45.852.000 setelah honor ini.")');
  const ok = await page.textContent('#assign-ceiling');
  expect(ok.includes('Rp 2.048.000') && ok.includes('Rp 2.448.000') && ok.includes('Rp 3.200.000') && ok.includes('sisa Rp 752.000'),
    'within the ceiling: ' + ok);
  await volume.press('Backspace');
  await volume.press('Backspace');
  await volume.press('Backspace');
  await volume.pressSequentially('300');
  await page.waitForSelector('#assign-fee:text("= Rp 1.200.000")');
  await page.waitForSelector('#assign-ceiling.warning-text');
  const warn = await page.textContent('#assign-ceiling');
  expect(warn.includes('Melebihi batas bulanan') && warn.includes('Rp 3.248.000') && warn.includes('lebih Rp 48.000'), 'warned: ' + warn);
  expect(posts.length === 0, 'the live check asked nothing of POST /assignments');
  await page.click('#assignment-form button[type=submit]');
  await page.waitForSelector('#assign-conflict:not([hidden])');
  const c = await page.textContent('#assign-conflict');
  expect(c.includes('Ditolak') && c.includes('Maret 2026') && c.includes('Rp 3.248.000') && c.includes('Rp 3.200.000'),
    'the 409 with month, total and ceiling: ' + c);
  await checkPage(page, 'assignment-409');
  await volume.fill('250');
  await page.waitForSelector('#assign-fee:text("= Rp 1.000.000")');
  await page.waitForSelector('#assign-ceiling.ok-text');
  expect(await page.isHidden('#assign-conflict'), 'the refusal goes once the volume changes');
  await page.fill('#assignment-form input[name=area]', 'Kecamatan Coblong');
  await page.click('#assignment-form button[type=submit]');
  await page.waitForSelector('#flash p:text("Rp 1.000.000")');
  await page.waitForSelector('main table tbody tr:has-text("Rp 1.000.000"):has-text("250")');
  await page.waitForSelector('#assign-ceiling:text("sudah Rp 3.048.000")');
  stop();
  const mine = (await admin.get(`/assignments?partner_id=${budi.id}&month=2026-03`)).items;
  expect(mine.length === 3 && mine.some((a) => a.volume === 250 && a.fee === 1000000 && a.activity_id === activity.id &&
    a.area === 'Kecamatan Coblong'),
    'three assignments in March: ' + JSON.stringify(mine));
  const made = mine.find((a) => a.volume === 250);
  await page.locator('main table tbody tr:has-text("Rp 1.000.000"):has-text("250")').getByLabel('Terbit').check();
  await page.waitForSelector('#flash p:text("Status surat tugas disimpan.")');
  expect((await admin.get('/assignments/' + made.id)).surat_tugas_issued === true, 'its surat tugas marked issued');
});

await t.case('follow-through: documents\' state and what is missing before payment; the payment list', async () => {
  await page.click('main nav.partner-tabs a[href="#/partner-followup"]');
  await page.waitForSelector('main h1:text-is("Tindak lanjut & pembayaran")');
  await page.fill('main input[name=month]', '2026-03');
  await page.dispatchEvent('main input[name=month]', 'change');
  const row = page.locator('main table.table tbody tr:has-text("Budi Santoso")').first();
  await row.waitFor();
  const text = await row.textContent();
  expect(text.includes('Rp 3.048.000') && text.includes('2 surat tugas belum terbit') && text.includes('BAST belum ditandatangani') &&
    !text.includes('Kontrak belum ditandatangani'), 'state and what is missing: ' + text);
  expect(await row.getByLabel('Kontrak ditandatangani').isChecked(), 'the demo contract is signed');
  await row.getByLabel('BAST ditandatangani').check();
  await page.waitForSelector('main table.table tbody tr:has-text("Budi Santoso"):not(:has-text("BAST belum ditandatangani"))');
  const c = (await admin.get(`/contracts?partner_id=${budi.id}&month=2026-03`)).items[0];
  expect(c.bast_signed === true && c.contract_signed === true, 'saved on the server: ' + JSON.stringify(c));
  await page.waitForSelector('#payments p:text("Belum ada mitra yang siap dibayar.")');
  // Siti's one surat tugas issued, then her contract and BAST ticked here: she is ready to be paid
  const sitiJob = (await admin.get('/assignments?q=Siti%20Aminah&month=2026-03')).items[0];
  await admin.patch('/assignments/' + sitiJob.id, {surat_tugas_issued: true});
  const siti = () => page.locator('main table.table tbody tr:has-text("Siti Aminah")').first();
  await siti().getByLabel('Kontrak ditandatangani').check();
  await page.waitForSelector('#flash p:text("Status dokumen Siti Aminah disimpan.")');
  await siti().getByLabel('BAST ditandatangani').check();
  await page.waitForSelector('main table.table tbody tr:has-text("Siti Aminah"):has-text("Lengkap, siap dibayar")');
  const pay = await page.textContent('#payment-list');
  expect(pay.includes('Siti Aminah') && pay.includes('BNI') && pay.includes('0123456789') && pay.includes('Rp 1.200.000') &&
    !pay.includes('Budi Santoso'), 'the payment list: ' + pay);
  const csv = await page.evaluate(async () => {
    const r = await fetch(document.querySelector('#payments a[href*="format=csv"]').href);
    return `${r.status} ${await r.text()}`;
  });
  expect(csv.startsWith('200 ') && csv.includes('Siti Aminah') && csv.includes('0123456789'), 'the payment list as CSV: ' + csv.slice(0, 300));
  await checkPage(page, 'followup');
});

await t.case('letters: a partner\'s PDFs for a month, and bulk letters with the progress bar reaching the download', async () => {
  await page.click('main nav.partner-tabs a[href="#/partner-letters"]');
  await page.waitForSelector('main h1:text-is("Surat")');
  const preview = page.locator('#letter-partner');
  await pick(preview, {name: 'partner_id'}, 'Budi');
  await preview.locator('input[type=month]').fill('2026-03');
  await preview.locator('input[type=month]').dispatchEvent('change');
  await checkPage(page, 'letters');
  const href = await page.getAttribute('#letter-contract', 'href');
  expect(href === `/api/v1/partners/${budi.id}/letters/contract.pdf?month=2026-03`, 'the contract link: ' + href);
  const pdf = await page.evaluate(async (u) => { const r = await fetch(u); return `${r.status} ${r.headers.get('content-type')}`; }, href);
  expect(pdf.startsWith('200 application/pdf'), 'the contract opens as a PDF: ' + pdf);
  // the contract now has its number, listed; voided with a reason it stays listed as void
  await page.click('#issued-reload');
  const issued = page.locator('#letters-issued tbody tr:has-text("Kontrak")');
  await issued.waitFor();
  const number = (await issued.locator('.mono').textContent()).trim();
  expect(/SPK/.test(number), 'a contract number: ' + number);
  await issued.getByRole('button', {name: 'Batalkan surat ' + number}).click();
  await page.fill('dialog[open] textarea[name=reason]', 'Salah tanggal');
  await page.click('dialog[open] button.danger');
  await page.waitForSelector(`#letters-issued tbody tr:has-text("${number}"):has-text("Dibatalkan")`);
  const listed = (await admin.get(`/partners/${budi.id}/letters?month=2026-03`)).items.find((l) => l.number === number);
  expect(listed && listed.voided_at && listed.void_reason === 'Salah tanggal', 'void on the server: ' + JSON.stringify(listed));
  const bulk = page.locator('#letter-bulk');
  await pick(bulk, {name: 'activity_id'}, 'SSN-2026-03');
  await bulk.locator('input[name=month]').fill('2026-03');
  for (const format of ['zip', 'pdf']) {
    await bulk.locator(`input[name=format][value=${format}]`).check();
    await page.click('#bulk-go');
    const job = page.locator('#bulk-jobs li').first();
    await job.locator('a:text("Unduh")').waitFor({timeout: 30000});
    expect(await job.locator('progress').evaluate((p) => p.value) === 100 && (await job.locator('.export-pct').textContent()) === '100%',
      format + ': the progress bar at 100%');
    const file = await job.locator('a:text("Unduh")').getAttribute('href');
    const head = await page.evaluate(async (u) => { const r = await fetch(u); const b = new Uint8Array(await r.arrayBuffer()); return `${r.status} ${String.fromCharCode(...b.slice(0, 4))}`; }, file);
    expect(head === (format === 'zip' ? '200 PK\x03\x04' : '200 %PDF'), `${format}: the download is a ${format}: ${JSON.stringify(head)}`);
  }
  await checkPage(page, 'letters-bulk');
});

await t.case('letter settings: the office\'s officials and number patterns (a bad pattern refused by its field), and its logo', async () => {
  await page.click('main nav.partner-tabs a[href="#/partner-letter-settings"]');
  await page.waitForSelector('main h1:text-is("Kop dan nomor surat kantor")');
  await page.waitForSelector('#letter-settings input[name=ppk_name]');
  expect(await page.inputValue('main input[type=hidden][name=unit_id]') === String(unitId), 'the partner admin\'s own office, chosen at once');
  await page.fill('#letter-settings input[name=ppk_name]', 'Dr. Ahmad Fauzi, M.Si.');
  await page.fill('#letter-settings input[name=ppk_nip]', '197501012000031001');
  const pattern = page.locator('#letter-settings input[name=pattern_contract]');
  await pattern.fill('SPK/{year}');
  await page.click('#letter-settings button[type=submit]');
  await page.waitForSelector('#letter-settings input[name=pattern_contract][aria-invalid=true]');
  const why = await page.textContent('#' + (await pattern.getAttribute('id')) + '-err');
  expect(why.trim().length > 0, 'the pattern\'s problem by the field: ' + why);
  await pattern.fill('{seq:3}/{unit}/SPK/{month_roman}/{year}');
  await page.click('#letter-settings button[type=submit]');
  await page.waitForSelector('#flash p:text("Pengaturan surat disimpan.")');
  const sample = await pattern.locator('xpath=..').locator('.sample-number').textContent();
  expect(/^Contoh: 001\/.+\/SPK\/[IVX]+\/\d{4}$/.test(sample), 'a sample number: ' + sample);
  const saved = await admin.get(`/units/${unitId}/letter-settings`);
  expect(saved.ppk_name === 'Dr. Ahmad Fauzi, M.Si.' && saved.pattern_contract === '{seq:3}/{unit}/SPK/{month_roman}/{year}', 'saved: ' + JSON.stringify(saved));
  const png = await page.locator('header .brand').screenshot();
  await page.setInputFiles('#letter-settings input[type=file]', {name: 'logo.png', mimeType: 'image/png', buffer: png});
  await page.waitForSelector('#letter-settings img.logo-preview');
  expect((await admin.get(`/units/${unitId}/letter-settings`)).has_logo === true, 'the logo is stored');
  await checkPage(page, 'letter-settings');
  await page.click('#logo-remove');
  await page.waitForSelector('#letter-settings p:text("Belum ada logo.")');
});

await t.case('reports: fees against the ceiling per month, spending against the budget per year, as files', async () => {
  await page.click('main nav.partner-tabs a[href="#/partner-reports"]');
  await page.waitForSelector('main h1:text-is("Laporan mitra")');
  const month = page.locator('#report-fees input[name=month]');
  await month.fill('2026-03');
  await month.dispatchEvent('change');
  const budi = page.locator('#report-fees tbody tr:has-text("Budi Santoso")');
  await budi.waitFor();
  const row = await budi.textContent();
  expect(row.includes('Rp 3.048.000') && row.includes('Rp 3.200.000') && row.includes('Rp 152.000'), 'Budi in March: ' + row);
  await page.fill('#report-fees input[type=search]', 'Siti');
  await page.waitForSelector('#report-fees tbody tr:has-text("Budi Santoso")', {state: 'detached'});
  const year = page.locator('#report-budgets input[name=year]');
  await year.fill('2026');
  await year.dispatchEvent('change');
  const ssn = await page.locator('#report-budgets tbody tr:has-text("SSN-2026-03")').textContent();
  expect(ssn.includes('Rp 50.000.000') && ssn.includes('Rp 4.748.000') && ssn.includes('Rp 45.252.000'), 'SSN-2026-03: ' + ssn);
  const file = await page.evaluate(async () => {
    const r = await fetch(document.querySelector('#report-fees a[href*="format=xlsx"]').href);
    const b = new Uint8Array(await r.arrayBuffer());
    return `${r.status} ${String.fromCharCode(...b.slice(0, 2))}`;
  });
  expect(file === '200 PK', 'the fees as XLSX: ' + file);
  await checkPage(page, 'reports');
});

await t.case('an admin sees the partners menu, adds an activity with two rates, and makes an agent partner admin', async () => {
  const adm = await login('admin');
  await adm.click('#nav-list a[href="#/partners"]');
  await adm.waitForSelector('main h1:text-is("Mitra")');
  await go(adm, '#/partner-activities', 'Kegiatan');
  await adm.click('#activity-new');
  const dlg = adm.locator('dialog[open]');
  await dlg.locator('input[name=code]').fill('PODES-2026');
  await dlg.locator('input[name=name]').fill('Pendataan Potensi Desa 2026');
  await dlg.locator('input[name=start_date]').fill('2026-05-01');
  await dlg.locator('input[name=end_date]').fill('2026-06-30');
  await dlg.locator('input[name=budget]').fill('20000000');
  await dlg.locator('.rate-row input[name=unit_rate]').first().fill('5000');
  await dlg.locator('button:text("Tambah tarif")').click();
  await dlg.locator('.rate-row input[name=output]').nth(1).fill('hari');
  await dlg.locator('.rate-row input[name=unit_rate]').nth(1).fill('150000');
  await axeClean(adm, 'activity form');
  await adm.screenshot({path: path.join(OUT, '50-partners-activity-form.png')});
  await dlg.locator('button[type=submit]').click();
  await adm.waitForSelector('dialog', {state: 'detached'});
  await adm.waitForSelector('main table tbody tr:has-text("PODES-2026"):has-text("hari: Rp 150.000")');
  const a = (await admin.get('/activities?q=PODES-2026')).items[0];
  expect(a.budget === 20000000 && JSON.stringify(a.rates) === JSON.stringify([{output: 'dokumen', unit_rate: 5000}, {output: 'hari', unit_rate: 150000}]),
    'saved with both rates: ' + JSON.stringify(a));
  await adm.click('main table tbody tr:has-text("PODES-2026") button:text("Ubah")');
  await adm.locator('dialog[open] .rate-row input[name=unit_rate]').first().fill('6000');
  await adm.click('dialog[open] button[type=submit]');
  await adm.waitForSelector('main table tbody tr:has-text("PODES-2026"):has-text("dokumen: Rp 6.000")');
  expect((await admin.get('/activities/' + a.id)).rates[0].unit_rate === 6000, 'the rate changed on the server');
  // an admin gives an agent the permission on the users page; then the agent has the menu
  await go(adm, '#/admin/master/users', 'Pengguna');
  await adm.fill('main input[type=search]', 'agent@demo.test');
  await adm.click('main table tbody tr:has-text("agent@demo.test") button:text("Ubah")');
  await adm.locator('dialog[open] input[name=partner_admin]').check();
  await adm.click('dialog[open] button[type=submit]');
  await adm.waitForSelector('dialog', {state: 'detached'});
  const agentUser = (await admin.get('/users?q=agent%40demo.test')).items.find((u) => u.email === 'agent@demo.test');
  expect(agentUser.partner_admin === true, 'granted: ' + JSON.stringify(agentUser));
  await adm.context().close();
  const ag = await login('agent');
  await ag.click('#nav-list a[href="#/partners"]');
  await ag.waitForSelector('main h1:text-is("Mitra")');
  await ag.context().close();
});

await finish(t, browser, srv, errors);
