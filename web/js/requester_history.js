// The requester's history beside the ticket (issue #20, agent tools): their
// other tickets, newest first, with number, title, status and date, in the
// workspace's side column (below the ticket on a phone, where the columns
// stack). Only what the viewing agent may see: it is the ticket list of
// GET /tickets?requester_id=, which applies the one visibility rule.
import {h} from './dom.js';
import {t, fmtDate} from './i18n.js';
import {get} from './api.js';
import {statusBadge} from './ui.js';

const SHOWN = 8;

// A card filled in when the list arrives (the page does not wait for it);
// null when the ticket has no requester to look up.
export function requesterHistory(tk) {
  if (!tk.requester || !tk.requester.id) return null;
  const list = h('ul', {class: 'history-list', 'aria-busy': 'true'}, h('li', {class: 'muted'}, t('common.loading')));
  const more = h('p', {class: 'small', hidden: true});
  const box = h('section', {class: 'card history', id: 'requester-history', 'aria-labelledby': 'history-h'},
    h('h2', {id: 'history-h'}, t('tools.history_title', {name: tk.requester.name})), list, more);
  get(`/tickets?requester_id=${tk.requester.id}&per_page=${SHOWN + 1}&sort=-created_at`).then((r) => {
    const others = r.items.filter((x) => x.number !== tk.number).slice(0, SHOWN);
    list.replaceChildren();
    list.removeAttribute('aria-busy');
    for (const x of others) {
      list.append(h('li', {class: 'history-item'},
        h('a', {href: '#/tickets/' + x.number}, h('span', {class: 'mono'}, x.number), ' ', x.title),
        h('span', {class: 'history-meta'}, statusBadge(x.status), ' ',
          h('time', {datetime: x.created_at, class: 'muted small'}, fmtDate(x.created_at, false)))));
    }
    if (!others.length) list.append(h('li', {class: 'muted'}, t('tools.history_none')));
    const total = (r.total || 0) - (r.items.some((x) => x.number === tk.number) ? 1 : 0);
    if (total > others.length) {
      more.hidden = false;
      more.append(t('tools.history_more', {n: total}));
    }
  }).catch(() => {
    list.replaceChildren(h('li', {class: 'muted'}, t('tools.history_error')));
    list.removeAttribute('aria-busy');
  });
  return box;
}
