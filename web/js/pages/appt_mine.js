// "My bookings" (issue #16 item 9): the requester's appointments with the
// search box, status and service filters; each can be followed live,
// rescheduled (the booking page's calendar) or cancelled after a
// confirmation, which frees the place.
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {get, post, qs} from '../api.js';
import {ref, byId} from '../refdata.js';
import {listView, pageHeader, dialog, flash} from '../ui.js';
import {apptServices, bookingBadge, bookingStatusOptions, fmtDay, fmtTime, queueNo, ACTIVE, scheduleOf} from '../appt.js';

export async function render(main) {
  const [services, all] = await Promise.all([apptServices(), ref('services')]);
  const names = byId(all);
  // each service's clock (its business calendar's zone) for the times
  const zones = new Map(await Promise.all(services.map(async (s) => [s.id, (await scheduleOf(s.id).catch(() => ({}))).timezone])));
  const serviceName = (b) => (b.service && b.service.name) || (names.get(b.service_id) || {}).name || '';
  let view;
  const actions = (b) => {
    const box = h('div', {class: 'row-actions'});
    if (['booked', 'called'].includes(b.status)) {
      box.append(h('a', {class: 'btn small primary', href: `#/bookings/${b.id}/live`}, t('appt.mine.live')));
    }
    if (['requested', 'booked'].includes(b.status)) {
      box.append(h('a', {class: 'btn small', href: `#/book/${b.service_id}?reschedule=${b.id}`}, t('appt.mine.reschedule')));
      box.append(h('button', {type: 'button', class: 'btn small danger', onclick: async () => {
        const ok = await dialog({title: 'appt.mine.cancel_title', danger: true, okLabel: 'appt.mine.cancel_confirm',
          text: t('appt.mine.cancel_text', {service: serviceName(b), day: fmtDay(b.date), number: queueNo(b.queue_number)})});
        if (!ok) return;
        try {
          await post(`/bookings/${b.id}/cancel`);
          flash('appt.mine.cancelled');
          view.reload();
        } catch (e) { flash(e.message, 'error', true); }
      }}, t('appt.mine.cancel')));
    }
    return box.childElementCount ? box : '';
  };
  view = listView({
    columns: [
      {label: 'appt.reference', render: (b) => h('a', {href: '#/tickets/' + b.ticket_number, class: 'mono'}, b.ticket_number)},
      {label: 'appt.service', render: serviceName},
      {label: 'appt.date', render: (b) => fmtDay(b.date, 'short') + (b.status !== 'requested' && (b.estimated_at || b.slot_start)
        ? ' · ' + fmtTime(b.estimated_at || b.slot_start, zones.get(b.service_id)) : '')},
      {label: 'appt.queue_number', render: (b) => (b.status === 'requested' ? '—' : h('span', {class: 'mono'}, queueNo(b.queue_number)))},
      {label: 'appt.status', render: (b) => bookingBadge(b.status)},
      {label: 'common.actions', render: actions},
    ],
    filters: [
      {name: 'status', label: 'appt.status', enum: true, options: bookingStatusOptions()},
      {name: 'service_id', label: 'appt.service', options: services.map((s) => ({value: s.id, label: s.name}))},
    ],
    empty: 'appt.mine.empty',
    searchPlaceholder: 'appt.mine.search',
    load: (p) => get('/bookings' + qs(p)),
  });
  main.append(pageHeader('appt.mine.title', h('a', {class: 'btn primary', href: '#/book'}, t('appt.nav.book'))),
    h('p', {class: 'muted'}, t('appt.mine.intro', {active: ACTIVE.map((s) => t('appt.status.' + s)).join(', ')})), view);
}
