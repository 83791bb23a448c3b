// "My tickets": the requester's own tickets with a search box, status and
// date filters and status badges.
import {h} from '../dom.js';
import {get, qs} from '../api.js';
import {session} from '../session.js';
import {listView, pageHeader} from '../ui.js';
import {t} from '../i18n.js';
import {col, statusOptions} from '../tickets_list.js';
import {liveList} from '../live.js';

// The API reads a date as the start of that day; "to" should include it.
function dayAfter(d) {
  if (!d) return '';
  const x = new Date(d + 'T00:00:00Z');
  x.setUTCDate(x.getUTCDate() + 1);
  return x.toISOString().slice(0, 10);
}

export function render(main) {
  main.append(pageHeader('my.title', h('a', {class: 'btn primary', href: '#/new'}, t('nav.new_ticket'))),
    listView({
      columns: [col.number, col.title, col.service, col.status, col.updated],
      filters: [
        {name: 'status', label: 'ticket.status', enum: true, options: statusOptions()},
        {name: 'created_from', label: 'list.date_from', type: 'date'},
        {name: 'created_to', label: 'list.date_to', type: 'date'},
      ],
      empty: 'my.empty',
      load: (p) => get('/tickets' + qs({...p, created_to: dayAfter(p.created_to), requester_id: session.user.id})),
    }));
  liveList(main); // issue #20: statuses follow by themselves (web/js/live.js)
}
