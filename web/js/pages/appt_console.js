// The staff console of an appointment service (issue #16 item 6): the
// number now served and how many wait, "call next", the day's queue with
// the search box (mark served or no-show, open the booking's ticket for
// session notes and documents), and staff-scheduled requests waiting for
// a date and time, given through the capacity calendar.
import {h, append} from '../dom.js';
import {t} from '../i18n.js';
import {get, post, qs} from '../api.js';
import {session, isAdmin} from '../session.js';
import {listView, pageHeader, flash, field} from '../ui.js';
import {myStaffServices, bookingBadge, bookingStatusOptions, capacityCalendar, fmtDay, fmtTime, queueNo,
  requesterName, today, poll, POLL_MS, scheduleOf} from '../appt.js';

// A dialog with the capacity calendar; resolves to {date, slot} or null.
function scheduleDialog(b, serviceId, tz) {
  return new Promise((resolve) => {
    const dlg = h('dialog', {class: 'dialog wide', 'aria-labelledby': 'sched-h'});
    const save = h('button', {type: 'button', class: 'btn primary', id: 'sched-save', disabled: true}, t('appt.console.give_save'));
    const cal = capacityCalendar({serviceId, tz, days: 7, onPick: (p) => { save.disabled = !p.date || !p.slot; }});
    const done = (v) => { dlg.close(); dlg.remove(); resolve(v); };
    dlg.append(h('h2', {id: 'sched-h'}, t('appt.console.give_title', {number: b.ticket_number})),
      h('p', {}, t('appt.console.give_text', {name: requesterName(b) || '—', day: fmtDay(b.date)})), cal,
      h('div', {class: 'actions'}, h('button', {type: 'button', class: 'btn', onclick: () => done(null)}, t('common.cancel')), save));
    save.addEventListener('click', () => done({date: cal.state.date, slot: cal.state.slot}));
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); done(null); });
    document.body.append(dlg);
    dlg.showModal();
    cal.ready.then(() => { if (cal.state.date === null && b.date) cal.pick(b.date).catch(() => {}); });
  });
}

export async function render(main, [id], query) {
  const services = await myStaffServices(session.user, isAdmin());
  if (!services.length) {
    main.append(pageHeader('appt.console.title'), h('p', {class: 'muted'}, t('appt.console.none')));
    return null;
  }
  const service = services.find((s) => String(s.id) === String(id)) || services[0];
  const schedule = await scheduleOf(service.id);
  const tz = schedule.timezone;
  const date = query.get('date') || today();
  const tabs = h('nav', {class: 'tabs', 'aria-label': t('appt.console.services')});
  for (const s of services) {
    tabs.append(h('a', {href: '#/console/' + s.id, 'aria-current': s.id === service.id ? 'page' : null}, s.name));
  }
  const dateInput = h('input', {type: 'date', name: 'date', value: date});
  dateInput.addEventListener('change', () => {
    if (dateInput.value) location.hash = `#/console/${service.id}?date=${dateInput.value}`;
  });
  const serving = h('p', {class: 'big-number', id: 'console-serving'}, '—');
  const waiting = h('p', {class: 'muted', id: 'console-waiting'});
  const callNext = h('button', {type: 'button', class: 'btn primary big', id: 'call-next'}, t('appt.console.call_next'));

  const act = async (f, okKey, vars) => {
    try {
      const r = await f();
      const bk = r && (r.booking || r);
      flash(t(okKey, {number: queueNo(bk && bk.queue_number), ...vars}), 'ok', true);
      await refresh(true);
    } catch (e) { flash(e.message, 'error', true); }
  };
  callNext.addEventListener('click', () => act(() => post(`/services/${service.id}/queue/next`, {date}), 'appt.console.called'));

  const queueView = listView({
    columns: [
      {label: 'appt.queue_number', render: (b) => h('span', {class: 'mono qn'}, queueNo(b.queue_number))},
      {label: 'appt.slot', render: (b) => fmtTime(b.estimated_at || b.slot_start, tz)},
      {label: 'ticket.requester', render: (b) => requesterName(b)},
      {label: 'appt.reference', render: (b) => h('span', {class: 'mono'}, b.ticket_number)},
      {label: 'appt.status', render: (b) => bookingBadge(b.status)},
      {label: 'common.actions', render: (b) => h('div', {class: 'row-actions'},
        // served only once called; a no-show can also be someone never called
        b.status === 'called' ? h('button', {type: 'button', class: 'btn small primary', 'data-action': 'served',
          onclick: () => act(() => post(`/bookings/${b.id}/served`), 'appt.console.served_done')}, t('appt.console.served')) : null,
        ['booked', 'called'].includes(b.status) ? [
          h('button', {type: 'button', class: 'btn small', 'data-action': 'no_show',
            onclick: () => act(() => post(`/bookings/${b.id}/no_show`), 'appt.console.no_show_done')}, t('appt.console.no_show'))] : null,
        h('a', {class: 'btn small', href: '#/tickets/' + b.ticket_number, title: t('appt.console.open_hint')}, t('appt.console.open')))},
    ],
    filters: [{name: 'status', label: 'appt.status', enum: true, options: bookingStatusOptions().filter((o) => o.value !== 'requested')}],
    empty: 'appt.console.empty',
    label: 'appt.console.queue_list',
    searchPlaceholder: 'appt.console.search',
    perPage: 50,
    // requests still waiting for a time are listed below, not in the day's queue
    load: (p) => get('/bookings' + qs({...p, service_id: service.id, date, status: p.status || 'booked,called,served,no_show,cancelled'})),
  });

  const requestedView = schedule.mode === 'staff_scheduled' ? listView({
    columns: [
      {label: 'appt.reference', render: (b) => h('a', {href: '#/tickets/' + b.ticket_number, class: 'mono'}, b.ticket_number)},
      {label: 'ticket.requester', render: (b) => requesterName(b)},
      {label: 'appt.console.wished', render: (b) => fmtDay(b.date, 'short')},
      {label: 'common.actions', render: (b) => h('button', {type: 'button', class: 'btn small primary', 'data-action': 'give',
        onclick: async () => {
          const v = await scheduleDialog(b, service.id, tz);
          if (!v) return;
          await act(() => post(`/bookings/${b.id}/reschedule`, {date: v.date, slot_start: v.slot}), 'appt.console.given',
            {day: fmtDay(v.date), time: fmtTime(v.slot, tz)});
          requestedView.reload();
        }}, t('appt.console.give'))},
    ],
    empty: 'appt.console.requested_empty',
    label: 'appt.console.requested',
    searchPlaceholder: 'appt.console.search',
    load: (p) => get('/bookings' + qs({...p, service_id: service.id, status: 'requested'})),
  }) : null;

  let last = '';
  async function refresh(force) {
    const q = await get(`/services/${service.id}/queue` + qs({date}));
    serving.textContent = q.now_serving ? queueNo(q.now_serving) : '—';
    waiting.textContent = t('appt.console.waiting', {n: q.waiting ?? 0});
    callNext.disabled = !q.waiting;
    // the table is rebuilt only when the queue moved, not under the pointer every tick
    const sig = `${q.now_serving}/${q.waiting}/${(q.items || []).map((it) => it.status).join(',')}`;
    if (force || sig !== last) { last = sig; queueView.reload(); }
  }

  append(main, [pageHeader('appt.console.title',
    h('a', {class: 'btn', href: '#/display/' + service.id, target: '_blank', rel: 'noopener'}, t('appt.console.display'))),
  tabs,
  h('div', {class: 'console-top'},
    h('section', {class: 'card live-box', 'aria-labelledby': 'cs-h'},
      h('h2', {id: 'cs-h'}, t('appt.live.now_serving')), serving, waiting, h('div', {class: 'actions'}, callNext)),
    h('section', {class: 'card', 'aria-labelledby': 'cd-h'}, h('h2', {id: 'cd-h'}, t('appt.console.day')),
      field('appt.date', dateInput), h('p', {class: 'muted'}, fmtDay(date)))),
  h('section', {'aria-labelledby': 'cq-h'}, h('h2', {id: 'cq-h'}, t('appt.console.queue', {day: fmtDay(date, 'short')})), queueView),
  requestedView ? h('section', {'aria-labelledby': 'cr-h', class: 'requested'},
    h('h2', {id: 'cr-h'}, t('appt.console.requested')), h('p', {class: 'hint'}, t('appt.console.requested_hint')), requestedView) : null]);
  return poll(() => refresh(false), POLL_MS());
}
