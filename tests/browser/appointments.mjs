// Browser tests of the appointment pages (issue #16 items 6 and 9): a
// requester books through the capacity calendar and sees a queue number;
// the live queue page's "now serving" follows the staff console's "call
// next"; the console marks served; the waiting-room display shows numbers
// and never names; an agent books on someone's behalf; a virtual session
// is requested, given a time from the console and documented on its
// ticket; reschedule and cancel from "my bookings"; a full day offers the
// server's next free day; the schedule editor saves. axe-core on every new
// page at 1280 and 375 px, screenshots in <build>/test-output/screenshots/.
// Prints TAP.
import fs from 'node:fs';
import path from 'node:path';
import {apiAs, expect, OUT, axeClean, loginPage, finish, setup, pick} from './harness.mjs';

const {t, srv, base, browser, errors} = await setup();

// the live pages poll fast here; the cases wait for conditions, never for time
const login = (user) => loginPage(browser, base, user, errors, {pollMs: 400});

async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction((h) => location.hash === h, hash);
  // not 'networkidle': the live pages poll all the time; each case waits for what it needs
  await page.waitForSelector('main h1');
}

// axe-core and a screenshot at desktop and phone width; nothing may be
// wider than the phone.
async function bothSizes(page, name, what) {
  await axeClean(page, what + ' (1280 px)');
  await page.screenshot({path: path.join(OUT, `60-appt-${name}-desktop.png`), fullPage: true});
  await page.setViewportSize({width: 375, height: 740});
  try {
    await axeClean(page, what + ' (375 px)');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide <= 375, `${what}: nothing wider than the phone, got ${wide}px`);
    await page.screenshot({path: path.join(OUT, `60-appt-${name}-phone.png`), fullPage: true});
  } finally {
    await page.setViewportSize({width: 1280, height: 900});
  }
}

const addDay = (d, n) => { const x = new Date(d + 'T12:00:00Z'); x.setUTCDate(x.getUTCDate() + n); return x.toISOString().slice(0, 10); };

// An answer the service's form accepts, by the field's key and type.
function answerFor(f) {
  if (f.type === 'select') return null; // chosen below by option
  if (f.type === 'date') return '1985-11-03';
  if (f.type === 'number') return '41';
  if (/nik/i.test(f.key)) return '1371014311850002';
  if (/nip/i.test(f.key)) return '198511032010012005';
  if (/name|nama/i.test(f.key)) return 'dr. Maya Lestari';
  return 'Sakit gigi geraham kiri sejak dua hari';
}

const admin = await apiAs(base, 'admin@demo.test');
const agentApi = await apiAs(base, 'agent@demo.test');
const reqApi = await apiAs(base, 'requester@demo.test');
const req2Api = await apiAs(base, 'requester2@demo.test');
// The clinic's general poli (demo_appt.c): a self-booking service whose
// staff is the tier-1 agent, the clinic's front desk.
const services = (await admin.get('/services?per_page=200')).items.filter((s) => s.kind === 'appointment');
let service = null;
let schedule = null;
for (const s of services) {
  let sc;
  try { sc = await admin.get(`/services/${s.id}/schedule`); } catch (e) { continue; } // no schedule yet
  if (sc.mode === 'self_booking' && (!service || /umum/i.test(s.name))) { service = s; schedule = sc; }
}
expect(service, 'a self-booking appointment service in the demo');
if (!schedule.staff_ids.includes(agentApi.user.id)) {
  schedule = await admin.put(`/services/${service.id}/schedule`, {...schedule, staff_ids: [...schedule.staff_ids, agentApi.user.id]});
}

let booking = null;
let day = null;
const req = await login('requester');

await t.case('a requester finds "Daftar Layanan" in the menu and the poli with the search box', async () => {
  await req.click('#nav-list a[href="#/book"]');
  await req.waitForSelector('main h1:text("Daftar Layanan")');
  await req.waitForSelector('main table tbody tr');
  const word = service.name.split(/\s+/).pop();
  await req.fill('main input[type=search]', word);
  await req.waitForFunction((n) => [...document.querySelectorAll('main table tbody tr')].every((r) => r.textContent.includes(n)), word);
  await bothSizes(req, 'services', 'appointment services list');
  await req.click(`main a.appt-service-link[href="#/book/${service.id}"]`);
  await req.waitForSelector('.cal-day');
});

await t.case('the capacity calendar shows the places left per day and per slot before booking', async () => {
  const free = req.locator('.cal-day:not([disabled])').first();
  await free.waitFor();
  day = await free.getAttribute('data-date');
  const avail = await reqApi.get(`/services/${service.id}/availability?from=${day}&to=${day}`);
  const d = avail.days.find((x) => x.date === day);
  expect((await free.textContent()).includes(`Sisa ${d.remaining}`), `the day button says Sisa ${d.remaining}: ${await free.textContent()}`);
  await free.click();
  if (d.slots && d.slots.length) {
    await req.waitForSelector('.cal-slots:not([hidden]) .slot');
    const open = d.slots.find((s) => s.remaining > 0);
    const label = await req.textContent(`.slot label[for="slot-${open.start.replace(/[^0-9]/g, '')}"]`);
    expect(label.includes(`Sisa ${open.remaining}`), 'the slot says its places left: ' + label);
    await req.click(`.slot label[for="slot-${open.start.replace(/[^0-9]/g, '')}"]`);
  }
  await bothSizes(req, 'calendar', 'booking calendar');
  await req.click('#to-details');
  await req.waitForSelector('#booking-form:visible');
});

await t.case('required form answers are asked for before the review', async () => {
  if (!(schedule.form_fields || []).some((f) => f.required)) return;
  await req.click('#to-review');
  await req.waitForSelector('#booking-form .form-error:not([hidden])');
  expect(await req.locator('#booking-form [aria-invalid="true"]').count() > 0, 'a required field is marked');
});

await t.case('the form from the schedule (the server\'s 422 by its field), a review, then the queue number and time', async () => {
  for (const f of schedule.form_fields || []) {
    const sel = `#booking-form [name="${f.key}"]`;
    if (f.type === 'select') await pick(req, {name: f.key}, {index: 0});
    else await req.fill(sel, answerFor(f));
  }
  await bothSizes(req, 'form', 'booking form');
  // a text answer the server refuses (over 1000 characters): its 422 lands next to the field
  const text = schedule.form_fields.find((f) => f.type === 'text' && f.required && /keluhan/.test(f.key));
  await req.fill(`#booking-form [name="${text.key}"]`, 'x'.repeat(1001));
  await req.click('#to-review');
  await req.click('#confirm-booking');
  await req.waitForSelector(`#booking-form [name="${text.key}"][aria-invalid="true"]`);
  const why = await req.textContent(`#booking-form [name="${text.key}"] ~ .field-error`);
  expect(/1000/.test(why), 'the server\'s message by the field: ' + why);
  await req.fill(`#booking-form [name="${text.key}"]`, answerFor(text));
  await req.click('#to-review');
  await req.waitForSelector('#confirm-booking:visible');
  await bothSizes(req, 'review', 'booking review');
  await req.click('#confirm-booking');
  await req.waitForSelector('#booking-queue');
  const shown = (await req.textContent('#booking-queue')).trim();
  const mine = (await reqApi.get(`/bookings?service_id=${service.id}&date=${day}`)).items;
  expect(mine.length === 1, 'one booking on the server: ' + JSON.stringify(mine));
  booking = mine[0];
  expect(booking.status === 'booked', 'status booked: ' + booking.status);
  expect(Number(shown) === booking.queue_number, `page shows ${shown}, server has ${booking.queue_number}`);
  expect(await req.getAttribute('#ics-link', 'href') === `/api/v1/bookings/${booking.id}/ics`, 'the .ics link');
  await bothSizes(req, 'booked', 'booking result');
});

await t.case('booking again for the same day shows the server\'s refusal', async () => {
  await go(req, '#/book'); // the result page is still #/book/<id>
  await go(req, '#/book/' + service.id);
  await req.click(`.cal-day[data-date="${day}"]`);
  await req.click('#to-details');
  for (const f of schedule.form_fields || []) {
    const sel = `#booking-form [name="${f.key}"]`;
    if (f.type === 'select') await pick(req, {name: f.key}, {index: 0}); else await req.fill(sel, answerFor(f));
  }
  await req.click('#to-review');
  await req.click('#confirm-booking');
  await req.waitForSelector('.full-box[role=alert]');
  const n = (await reqApi.get(`/bookings?service_id=${service.id}&date=${day}`)).total;
  expect(n === 1, 'still one booking: ' + n);
});

await t.case('"my bookings" lists it with its status and the search box', async () => {
  await req.click('#nav-list a[href="#/bookings"]');
  await req.waitForSelector(`main table tbody tr:has-text("${booking.ticket_number}")`);
  const row = await req.textContent(`main table tbody tr:has-text("${booking.ticket_number}")`);
  expect(row.includes('Terdaftar'), 'status shown: ' + row);
  await req.fill('main input[type=search]', 'tidak-ada-yang-cocok');
  await req.waitForSelector('main p.list-summary:text("Anda belum punya pendaftaran.")');
  await req.fill('main input[type=search]', '');
  await req.waitForSelector(`main table tbody tr:has-text("${booking.ticket_number}")`);
  await bothSizes(req, 'mine', 'my bookings');
});

// a second person the same day, booked by the agent at the desk, so the
// display has someone waiting after the first is called
const other = (await agentApi.post('/bookings', {service_id: service.id, date: day,
  answers: Object.fromEntries((schedule.form_fields || []).map((f) => [f.key, f.type === 'select' ? (typeof f.options[0] === 'object' ? f.options[0].value : f.options[0]) : answerFor(f)])),
  requester_id: req2Api.user.id, channel: 'walk_in'})).booking;

const staff = await login('agent');
let before = '';

await t.case('the live queue page shows the requester\'s number and position', async () => {
  await go(req, `#/bookings/${booking.id}/live`);
  await req.waitForSelector('#my-position:not(:empty)');
  expect((await req.textContent('#my-number')).trim() === String(booking.queue_number).padStart(3, '0'), 'own number');
  before = (await req.textContent('#now-serving')).trim();
  await bothSizes(req, 'live', 'live queue');
});

await t.case('the staff console: the menu entry, call next, and the live page follows', async () => {
  await staff.click('#nav-list a[href="#/console"]');
  await go(staff, `#/console/${service.id}?date=${day}`);
  await staff.waitForSelector(`main table tbody tr:has-text("${booking.ticket_number}")`);
  await bothSizes(staff, 'console', 'staff console');
  // call until the requester's own number is called (others may be before)
  for (let i = 0; i < 50; i++) {
    const b = (await reqApi.get('/bookings/' + booking.id)).booking;
    if (b.status === 'called') break;
    await staff.click('#call-next');
    await staff.waitForSelector('#flash .flash');
    await staff.evaluate(() => { document.getElementById('flash').textContent = ''; });
  }
  await req.waitForFunction((b) => document.getElementById('now-serving').textContent.trim() !== b, before);
  await req.waitForFunction((n) => document.getElementById('now-serving').textContent.trim() === n,
    String(booking.queue_number).padStart(3, '0'));
  await req.waitForSelector('#my-position.turn');
});

await t.case('the display shows numbers only, never names', async () => {
  const display = await login('agent');
  await go(display, `#/display/${service.id}?date=${day}`);
  const num = String(booking.queue_number).padStart(3, '0');
  await display.waitForFunction((n) => document.getElementById('display-now').textContent.trim() === n, num);
  const otherNum = String(other.queue_number).padStart(3, '0');
  await display.waitForFunction((n) => document.getElementById('display-next').textContent.includes(n), otherNum);
  const text = await display.textContent('body');
  for (const name of ['Maya', 'Rahmat', reqApi.user.name, req2Api.user.name]) expect(!text.includes(name), 'no name on the display: ' + name);
  expect(await display.locator('header.top').isHidden(), 'the app header gives way');
  await bothSizes(display, 'display', 'waiting-room display');
  await display.context().close();
});

await t.case('the console marks the called booking served', async () => {
  const row = staff.locator(`main table tbody tr:has-text("${booking.ticket_number}")`);
  await row.locator('button[data-action=served]').click();
  await staff.waitForSelector(`main table tbody tr:has-text("${booking.ticket_number}") .badge.bk-served`);
  const b = (await reqApi.get('/bookings/' + booking.id)).booking;
  expect(b.status === 'served', 'served on the server: ' + b.status);
  await req.waitForSelector('#my-position:text("Selesai dilayani")');
});

await t.case('the admin schedule editor is reachable from the admin menu', async () => {
  const adm = await login('admin');
  await go(adm, '#/admin/master/services');
  await adm.click('nav.admin-tabs a[href="#/admin/schedule"]');
  await adm.waitForSelector('main table tbody tr');
  await bothSizes(adm, 'schedules', 'schedule list');
  await adm.click(`main a[href="#/admin/schedule/${service.id}"]`);
  await adm.waitForSelector('#schedule-form');
  expect(await adm.inputValue('select[name=mode]') === 'self_booking', 'mode shown');
  await bothSizes(adm, 'schedule', 'schedule editor');
  await adm.fill('input[name=daily_quota]', String((schedule.daily_quota || 20) + 1));
  await adm.click('#sched-save');
  await adm.waitForSelector('#flash .flash:text("Jadwal tersimpan.")');
  const sc = await admin.get(`/services/${service.id}/schedule`);
  expect(sc.daily_quota === (schedule.daily_quota || 20) + 1, 'quota saved: ' + sc.daily_quota);
  expect(JSON.stringify(sc.form_fields) === JSON.stringify(schedule.form_fields), 'form fields kept as they were');
  await adm.context().close();
});

await t.case('an agent books on someone\'s behalf with the requester and channel pickers', async () => {
  const gigi = services.find((s) => /gigi/i.test(s.name));
  const sc = await admin.get(`/services/${gigi.id}/schedule`);
  await go(staff, '#/book/' + gigi.id);
  await staff.locator('.cal-day:not([disabled])').first().click();
  await staff.click('#to-details');
  await staff.selectOption('#booking-form select[name=channel]', 'phone');
  await pick(staff.locator('#booking-form'), 'Cari pemohon', 'requester2');
  await staff.waitForSelector('#chosen-requester:has-text("Rahmat")');
  for (const f of sc.form_fields) {
    const sel = `#booking-form [name="${f.key}"]`;
    if (f.type === 'select') await pick(staff, {name: f.key}, {index: 0}); else await staff.fill(sel, answerFor(f));
  }
  await staff.click('#to-review');
  await staff.click('#confirm-booking');
  await staff.waitForSelector('#booking-queue');
  const list = (await admin.get(`/bookings?service_id=${gigi.id}`)).items;
  expect(list.length === 1 && list[0].requester_id === req2Api.user.id && list[0].channel === 'phone',
    'booked for requester2 by phone: ' + JSON.stringify(list));
});

await t.case('a virtual session is requested, then the booth\'s staff give it a time', async () => {
  const booth = services.find((s) => /virtual/i.test(s.name));
  const sc = await admin.get(`/services/${booth.id}/schedule`);
  expect(sc.mode === 'staff_scheduled', 'the booth is staff-scheduled');
  const r2 = await login('requester2');
  await go(r2, '#/book/' + booth.id);
  await r2.locator('.cal-day:not([disabled])').first().click();
  expect(await r2.locator('.cal-slots').isHidden(), 'no slots to choose: staff give the time');
  await r2.click('#to-details');
  for (const f of sc.form_fields) {
    const sel = `#booking-form [name="${f.key}"]`;
    if (f.type === 'select') await pick(r2, {name: f.key}, {index: 0}); else await r2.fill(sel, 'Integrasi SSO aplikasi dinas');
  }
  await r2.click('#to-review');
  await r2.click('#confirm-booking');
  await r2.waitForSelector('main h1:text("Permintaan terkirim")');
  await bothSizes(r2, 'requested', 'request sent');
  const [asked] = (await req2Api.get(`/bookings?service_id=${booth.id}`)).items;
  expect(asked.status === 'requested', 'requested: ' + asked.status);
  const pic = await login('pic');
  await pic.click('#nav-list a[href="#/console"]');
  await go(pic, '#/console/' + booth.id);
  const row = pic.locator(`section.requested tbody tr:has-text("${asked.ticket_number}")`);
  await row.locator('button[data-action=give]').click();
  await pic.waitForSelector('dialog[open] .cal-day');
  // the last day offered, not today: today's first free slot can pass
  // between the click and the save when the test runs at a full hour
  await pic.locator('dialog[open] .cal-day:not([disabled])').last().click();
  await pic.locator('dialog[open] .slot:not(.full) label').first().click();
  await bothSizes(pic, 'give-time', 'give-a-time dialog');
  await pic.click('#sched-save');
  await pic.waitForSelector('#flash .flash:has-text("Jadwal ditetapkan")');
  const b = (await req2Api.get('/bookings/' + asked.id)).booking;
  expect(b.status === 'booked' && b.slot_start && /^https:\/\/meet\.jit\.si\/loket-demo-/.test(b.meeting_url || ''),
    'booked with its own meeting link: ' + JSON.stringify(b));
  await go(r2, '#/bookings');
  await r2.waitForSelector(`main tbody tr:has-text("${asked.ticket_number}"):has-text("Terdaftar")`);
  // the session documented on the booking's ticket: an internal note and a file
  await go(pic, `#/console/${booth.id}?date=${b.date}`);
  await pic.locator(`main tbody tr:has-text("${asked.ticket_number}") a:text("Buka tiket")`).click();
  await pic.waitForSelector('#reply-form');
  const file = path.join(OUT, '..', `sesi-${process.pid}.png`);
  await pic.screenshot({path: file});
  await pic.fill('#reply-form textarea[name=body]', 'Catatan sesi: SSO dibahas, rekaman di lampiran.');
  await pic.check('#reply-internal');
  await pic.setInputFiles('#reply-form input[name=file]', file);
  await pic.click('#reply-form button[type=submit]');
  await pic.waitForSelector('#flash .flash:text("Catatan disimpan.")');
  fs.rmSync(file);
  const events = (await admin.get(`/tickets/${asked.ticket_number}/events`)).items;
  expect(events.some((e) => e.internal && /Catatan sesi/.test(e.body || '')), 'the internal note on the ticket');
  const files = (await admin.get(`/tickets/${asked.ticket_number}/attachments`)).items;
  expect(files.length === 1, 'the file attached: ' + JSON.stringify(files));
  await pic.context().close();
  await r2.context().close();
});

await t.case('"my bookings": reschedule frees the old place, cancel asks first', async () => {
  const [b] = (await agentApi.get(`/bookings?service_id=${service.id}&date=${day}&q=${encodeURIComponent(other.ticket_number)}`)).items;
  const r2 = await login('requester2');
  await go(r2, '#/bookings');
  const row = r2.locator(`main tbody tr:has-text("${b.ticket_number}")`);
  await row.locator('a:text("Ubah jadwal")').click();
  await r2.waitForSelector('main h1:text("Ubah Jadwal")');
  await r2.waitForSelector('.cal-day');
  await bothSizes(r2, 'reschedule', 'reschedule page');
  const later = r2.locator(`.cal-day:not([disabled]):not([data-date="${day}"])`).first();
  const newDay = await later.getAttribute('data-date');
  await later.click();
  const slot = r2.locator('.slot:not(.full) label').first();
  if (await slot.count()) await slot.click();
  await r2.click('#resched-save');
  await r2.waitForSelector('#booking-queue');
  const moved = (await req2Api.get('/bookings/' + b.id)).booking;
  expect(moved.date === newDay && moved.status === 'booked', 'moved to ' + newDay + ': ' + JSON.stringify(moved));
  await go(r2, '#/bookings');
  await r2.locator(`main tbody tr:has-text("${b.ticket_number}") button:text("Batalkan")`).click();
  await r2.waitForSelector('dialog[open] h2:text("Batalkan pendaftaran ini?")');
  await bothSizes(r2, 'cancel', 'cancel dialog');
  await r2.click('dialog[open] button:text("Batal")');
  await r2.waitForSelector('dialog', {state: 'detached'});
  expect((await req2Api.get('/bookings/' + b.id)).booking.status === 'booked', 'still booked after "Batal"');
  await r2.locator(`main tbody tr:has-text("${b.ticket_number}") button:text("Batalkan")`).click();
  await r2.click('dialog[open] button.danger');
  await r2.waitForSelector(`main tbody tr:has-text("${b.ticket_number}"):has-text("Dibatalkan")`);
  expect((await req2Api.get('/bookings/' + b.id)).booking.status === 'cancelled', 'cancelled on the server');
  await r2.context().close();
});

await t.case('the last place taken meanwhile: the server\'s message and its next free day, one click away', async () => {
  const bidan = services.find((s) => /kebidanan/i.test(s.name));
  const sc = await admin.get(`/services/${bidan.id}/schedule`);
  await admin.put(`/services/${bidan.id}/schedule`, {...sc, capacity_per_slot: 0, daily_quota: 1});
  await go(req, '#/book');
  await go(req, '#/book/' + bidan.id);
  const free = req.locator('.cal-day:not([disabled])').first();
  const d = await free.getAttribute('data-date');
  await free.click();
  await req.click('#to-details');
  for (const f of sc.form_fields) {
    const sel = `#booking-form [name="${f.key}"]`;
    if (f.type === 'select') await pick(req, {name: f.key}, {index: 0}); else await req.fill(sel, answerFor(f));
  }
  await req.click('#to-review');
  // someone else takes the day's only place while the requester reviews
  await req2Api.post('/bookings', {service_id: bidan.id, date: d,
    answers: Object.fromEntries(sc.form_fields.map((f) => [f.key, answerFor(f)]))});
  await req.click('#confirm-booking');
  await req.waitForSelector('.full-box[role=alert] #next-free');
  const msg = await req.textContent('.full-box');
  const next = (await reqApi.get(`/services/${bidan.id}/availability?from=${d}&to=${addDay(d, 30)}`)).days.find((x) => x.open && x.remaining > 0).date;
  expect(msg.includes(await req.evaluate((x) => new Intl.DateTimeFormat('id-ID', {weekday: 'long', day: 'numeric', month: 'long', year: 'numeric'}).format(new Date(x + 'T12:00:00')), next)),
    `the next free day ${next} offered: ${msg}`);
  await bothSizes(req, 'full', 'full day');
  await req.click('#next-free');
  await req.waitForSelector(`.cal-day.chosen[data-date="${next}"]`);
  await req.click('#to-details');
  await req.click('#to-review');
  await req.click('#confirm-booking');
  await req.waitForSelector('#booking-queue');
  const mine = (await reqApi.get(`/bookings?service_id=${bidan.id}`)).items;
  expect(mine.length === 1 && mine[0].date === next, 'booked on the next free day: ' + JSON.stringify(mine));
});

await finish(t, browser, srv, errors);
