// Appointments (issue #16) shared by the booking, "my bookings", live
// queue, display, staff console and schedule pages: the appointment
// services, booking status badges, date and slot formatting, the capacity
// calendar and the polling loop that pauses while the tab is hidden.
import {h, clear} from './dom.js';
import {t, currentLang} from './i18n.js';
import {get, qs} from './api.js';
import {ref} from './refdata.js';

export const BOOKING_STATUSES = ['requested', 'booked', 'called', 'served', 'no_show', 'cancelled'];
export const ACTIVE = ['requested', 'booked', 'called'];

export const bookingStatusOptions = () => BOOKING_STATUSES.map((s) => ({value: s, label: t('appt.status.' + s)}));

export function bookingBadge(status) {
  return h('span', {class: 'badge bk-' + status}, t('appt.status.' + status));
}

// One booking; the API wraps it as {"booking": {...}}.
export async function getBooking(id) {
  const r = await get('/bookings/' + id);
  return r.booking || r;
}

export async function apptServices() {
  return (await ref('services')).filter((s) => s.kind === 'appointment' && s.active !== false);
}

const locale = () => (currentLang() === 'en' ? 'en-GB' : 'id-ID');

// YYYY-MM-DD of a Date in the browser's own time zone (not UTC: after
// 17:00 in Jakarta the UTC date is already tomorrow).
export function ymd(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export const today = () => ymd(new Date());

export function addDays(date, n) {
  const d = new Date(date + 'T12:00:00');
  d.setDate(d.getDate() + n);
  return ymd(d);
}

// "Selasa, 8 Des 2026" from a YYYY-MM-DD date (a calendar day, no zone).
export function fmtDay(date, style = 'long') {
  if (!date) return '—';
  const d = new Date(date + 'T12:00:00');
  const o = style === 'short' ? {weekday: 'short', day: 'numeric', month: 'short'}
    : style === 'plain' ? {day: 'numeric', month: 'long', year: 'numeric'}
      : {weekday: 'long', day: 'numeric', month: 'long', year: 'numeric'};
  return new Intl.DateTimeFormat(locale(), o).format(d);
}

// 08.30 (id) or 08:30 (en) from an ISO time, in the service's time zone when known.
export function fmtTime(iso, tz) {
  if (!iso) return '—';
  const o = {hour: '2-digit', minute: '2-digit'};
  if (tz) o.timeZone = tz;
  try { return new Intl.DateTimeFormat(locale(), o).format(new Date(iso)); }
  catch (e) { delete o.timeZone; return new Intl.DateTimeFormat(locale(), o).format(new Date(iso)); }
}

export function queueNo(n) {
  return n === null || n === undefined ? '—' : String(n).padStart(3, '0');
}

export function requesterName(b) {
  if (b.requester && typeof b.requester === 'object') return b.requester.name || '';
  return b.requester_name || '';
}

// The form field label: a plain string, or {id, en} for both languages.
export function fieldLabel(f) {
  const l = f.label;
  if (l && typeof l === 'object') return l[currentLang()] || l.id || l.en || f.key;
  return l || f.key;
}

// The schedule of a service, with the time zone of its business calendar
// (slot times are shown as the office's clock, wherever the browser is).
const zones = {};
export async function scheduleOf(serviceId, opts) {
  const sc = await get(`/services/${serviceId}/schedule`, opts);
  if (sc.calendar_id && !sc.timezone) {
    if (!(sc.calendar_id in zones)) {
      zones[sc.calendar_id] = get('/calendars/' + sc.calendar_id, {noRedirect: true}).then((c) => c.timezone || null, () => null);
    }
    sc.timezone = await zones[sc.calendar_id];
  }
  return sc;
}

// Calls f now and then every `ms` while the page is visible; a hidden tab
// stops polling and a visible one catches up at once. Returns the stop
// function for the router's clean-up.
export function poll(f, ms) {
  let timer = null;
  let stopped = false;
  const tick = async () => {
    timer = null;
    if (stopped || document.hidden) return;
    try { await f(); } catch (e) { /* the next tick tries again */ }
    if (!stopped && !document.hidden) timer = setTimeout(tick, ms);
  };
  const onVis = () => { if (!document.hidden && !timer && !stopped) tick(); };
  document.addEventListener('visibilitychange', onVis);
  tick();
  return () => { stopped = true; clearTimeout(timer); document.removeEventListener('visibilitychange', onVis); };
}

export const POLL_MS = () => Number(window.LOKET_POLL_MS || 4000);

// The capacity calendar: one button per day with its remaining places,
// then that day's slots as radio buttons with theirs. onPick({date, slot})
// on every change; pick(date) selects a day from outside (the "next free
// day" the server names). opts: {serviceId, days, tz, slots: bool}
export function capacityCalendar(opts) {
  const days = opts.days || 14;
  let from = opts.from || today();
  const state = {date: null, slot: null, data: []};
  const root = h('section', {class: 'card cal', 'aria-labelledby': 'cal-h'});
  const title = h('h2', {id: 'cal-h'}, t('appt.cal.title'));
  const status = h('p', {class: 'muted small', 'aria-live': 'polite'});
  const prev = h('button', {type: 'button', class: 'btn small', id: 'cal-prev'}, t('appt.cal.prev'));
  const next = h('button', {type: 'button', class: 'btn small', id: 'cal-next'}, t('appt.cal.next'));
  const grid = h('ul', {class: 'cal-days'});
  const slotBox = h('fieldset', {class: 'cal-slots', hidden: true});
  root.append(title, h('p', {class: 'hint'}, t(opts.slots === false ? 'appt.cal.hint_day' : 'appt.cal.hint')),
    h('div', {class: 'actions cal-nav'}, prev, next, status), grid, slotBox);

  function emit() { if (opts.onPick) opts.onPick({date: state.date, slot: state.slot}); }

  function renderSlots() {
    clear(slotBox);
    const day = state.data.find((d) => d.date === state.date);
    const slots = day && opts.slots !== false ? day.slots || [] : [];
    slotBox.hidden = !slots.length;
    if (!slots.length) return;
    slotBox.append(h('legend', {}, t('appt.cal.slots_for', {day: fmtDay(state.date)})));
    const list = h('div', {class: 'slot-list'});
    for (const s of slots) {
      const id = 'slot-' + s.start.replace(/[^0-9]/g, '');
      const full = s.remaining <= 0;
      const input = h('input', {type: 'radio', name: 'slot_start', id, value: s.start, disabled: full,
        checked: state.slot === s.start});
      input.addEventListener('change', () => { state.slot = s.start; emit(); });
      list.append(h('div', {class: 'slot' + (full ? ' full' : '')}, input,
        h('label', {for: id}, h('span', {class: 'slot-time'}, fmtTime(s.start, opts.tz)),
          h('span', {class: 'slot-left'}, full ? t('appt.cal.full') : t('appt.cal.left', {n: s.remaining})))));
    }
    slotBox.append(list);
  }

  function renderDays() {
    clear(grid);
    const byDate = new Map(state.data.map((d) => [d.date, d]));
    for (let i = 0; i < days; i++) {
      const date = addDays(from, i);
      const d = byDate.get(date);
      const closed = !d || d.open === false;
      const full = d && d.remaining <= 0;
      const chosen = state.date === date;
      const btn = h('button', {type: 'button', class: 'cal-day' + (closed ? ' closed' : full ? ' full' : '') + (chosen ? ' chosen' : ''),
        'data-date': date, disabled: closed || full, 'aria-pressed': chosen ? 'true' : 'false'},
      h('span', {class: 'cal-date'}, fmtDay(date, 'short')),
      h('span', {class: 'cal-left'}, closed ? t('appt.cal.closed') : full ? t('appt.cal.full') : t('appt.cal.left', {n: d.remaining})));
      btn.addEventListener('click', () => { select(date); });
      grid.append(h('li', {}, btn));
    }
  }

  function select(date) {
    state.date = date;
    const day = state.data.find((d) => d.date === date);
    // keep the slot only if it is still on this day and has room
    const slots = (day && day.slots) || [];
    if (!slots.some((s) => s.start === state.slot && s.remaining > 0)) state.slot = null;
    renderDays();
    renderSlots();
    emit();
    const first = slotBox.querySelector('input:not([disabled])');
    if (first && !state.slot) first.focus();
  }

  async function load() {
    status.textContent = t('common.loading');
    prev.disabled = from <= today();
    try {
      const r = await get(`/services/${opts.serviceId}/availability` + qs({from, to: addDays(from, days - 1)}));
      state.data = r.days || [];
      status.textContent = t('appt.cal.range', {from: fmtDay(from, 'short'), to: fmtDay(addDays(from, days - 1), 'short')});
    } catch (e) {
      state.data = [];
      status.textContent = e.message;
    }
    renderDays();
    renderSlots();
  }
  prev.addEventListener('click', () => { from = addDays(from, -days); if (from < today()) from = today(); load(); });
  next.addEventListener('click', () => { from = addDays(from, days); load(); });

  root.ready = load();
  root.reload = load;
  // Show and select a day outside the window shown now (reloads it first).
  root.pick = async (date) => {
    if (date < from || date > addDays(from, days - 1)) { from = date; await load(); } else await load();
    select(date);
  };
  root.state = state;
  return root;
}

// The appointment services the signed-in user serves (the schedule's
// staff); admins serve them all. Asked once per session.
let staffOf = null;
export function myStaffServices(user, admin) {
  if (!staffOf) {
    staffOf = (async () => {
      const all = await apptServices();
      if (admin) return all;
      const out = [];
      for (const s of all) {
        try {
          const sc = await get(`/services/${s.id}/schedule`, {noRedirect: true});
          const ids = sc.staff_ids || [];
          if (ids.includes(user.id)) out.push(s);
        } catch (e) { /* not readable: not theirs */ }
      }
      return out;
    })().catch((e) => { staffOf = null; throw e; });
  }
  return staffOf;
}
export function forgetStaff() { staffOf = null; }
