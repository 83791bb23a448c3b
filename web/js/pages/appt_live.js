// The live queue for one of the requester's bookings (issue #16 item 6):
// the number now being served, the requester's own number and how many
// are before them, refreshed by polling the queue every few seconds —
// not while the tab is hidden.
import {h, clear} from '../dom.js';
import {t} from '../i18n.js';
import {get, qs} from '../api.js';
import {pageHeader} from '../ui.js';
import {bookingBadge, fmtDay, fmtTime, queueNo, poll, POLL_MS, getBooking, scheduleOf} from '../appt.js';

// How many waiting numbers come before mine.
export function ahead(queue, mine) {
  return (queue.items || []).filter((it) => it.status === 'booked' && it.queue_number < mine).length;
}

export async function render(main, [id]) {
  let b = await getBooking(id);
  const [service, schedule] = await Promise.all([get('/services/' + b.service_id), scheduleOf(b.service_id).catch(() => ({}))]);
  const serving = h('p', {class: 'big-number', id: 'now-serving'}, '—');
  const mine = h('p', {class: 'big-number mine', id: 'my-number'}, queueNo(b.queue_number));
  const position = h('p', {class: 'position', id: 'my-position', role: 'status'});
  const badge = h('span', {id: 'my-status'});
  const updated = h('p', {class: 'muted small', id: 'live-updated'});
  main.append(pageHeader('appt.live.title'),
    h('p', {class: 'lead'}, service.name, ' · ', fmtDay(b.date), b.estimated_at ? ' · ' + t('appt.live.eta', {time: fmtTime(b.estimated_at, schedule.timezone)}) : ''),
    h('div', {class: 'live-grid'},
      h('section', {class: 'card live-box', 'aria-labelledby': 'ns-h'}, h('h2', {id: 'ns-h'}, t('appt.live.now_serving')), serving),
      h('section', {class: 'card live-box own', 'aria-labelledby': 'mine-h'}, h('h2', {id: 'mine-h'}, t('appt.live.your_number')), mine, badge)),
    position, updated,
    h('div', {class: 'actions'}, h('a', {class: 'btn', href: '#/bookings'}, t('appt.nav.mine')),
      h('a', {class: 'btn', href: '#/tickets/' + b.ticket_number}, t('appt.live.ticket'))));

  let lastText = '';
  return poll(async () => {
    const [q, fresh] = await Promise.all([get(`/services/${b.service_id}/queue` + qs({date: b.date})), getBooking(id)]);
    b = fresh;
    serving.textContent = q.now_serving ? queueNo(q.now_serving) : '—';
    clear(badge).append(bookingBadge(b.status));
    let text;
    if (b.status === 'called') text = t('appt.live.your_turn');
    else if (b.status === 'booked') {
      const n = ahead(q, b.queue_number);
      text = n === 0 ? t('appt.live.next') : t('appt.live.ahead', {n});
    } else text = t('appt.live.done.' + b.status);
    // the status region speaks only when the sentence changes
    if (text !== lastText) { position.textContent = text; lastText = text; }
    position.className = 'position' + (b.status === 'called' ? ' turn' : '');
    updated.textContent = t('appt.live.updated', {time: fmtTime(new Date().toISOString())});
  }, POLL_MS());
}
