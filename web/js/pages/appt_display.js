// The waiting-room display (issue #16 item 6), for a large screen:
// the number now being called and the next ones, in big type, refreshed
// every few seconds. Numbers only — never a name, even when the viewer
// could see them. The page hides the app's header while it is shown.
import {h, clear} from '../dom.js';
import {t} from '../i18n.js';
import {get, qs} from '../api.js';
import {queueNo, poll, POLL_MS, today, fmtDay, fmtTime} from '../appt.js';

export async function render(main, [id], query) {
  const service = await get('/services/' + id);
  // ?date= shows another day (a check before opening, or a test on a holiday)
  const date = /^\d{4}-\d{2}-\d{2}$/.test(query.get('date') || '') ? query.get('date') : today();
  document.body.classList.add('display-mode');
  const serving = h('p', {class: 'display-now', id: 'display-now'}, '—');
  const next = h('ol', {class: 'display-next', id: 'display-next'});
  const clock = h('p', {class: 'display-clock'});
  const waiting = h('p', {class: 'display-waiting', id: 'display-waiting'});
  main.append(h('section', {class: 'display', 'aria-labelledby': 'display-h'},
    h('header', {class: 'display-head'},
      h('h1', {id: 'display-h', tabindex: '-1'}, service.name),
      h('p', {class: 'display-date'}, fmtDay(date)), clock),
    h('div', {class: 'display-body'},
      h('div', {class: 'display-main', role: 'status', 'aria-live': 'polite'},
        h('h2', {}, t('appt.display.now')), serving),
      h('div', {class: 'display-side'}, h('h2', {}, t('appt.display.next')), next, waiting))));
  const stop = poll(async () => {
    const q = await get(`/services/${id}/queue` + qs({date}));
    clock.textContent = fmtTime(new Date().toISOString());
    const now = q.now_serving ? queueNo(q.now_serving) : '—';
    if (serving.textContent !== now) serving.textContent = now;
    clear(next);
    // numbers only: nothing else from the items is ever put on screen
    const nums = (q.items || []).filter((it) => it.status === 'booked').map((it) => it.queue_number)
      .sort((a, b) => a - b).slice(0, 6);
    for (const n of nums) next.append(h('li', {}, queueNo(n)));
    if (!nums.length) next.append(h('li', {class: 'none'}, '—'));
    waiting.textContent = t('appt.display.waiting', {n: q.waiting ?? nums.length});
  }, POLL_MS());
  return () => { stop(); document.body.classList.remove('display-mode'); };
}
