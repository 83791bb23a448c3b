// Failed notifications with a resend button. The resend endpoint
// (POST /api/v1/outbox/{id}/resend) comes from the notifications branch;
// until then the button reports that the server does not offer it.
import {h} from '../dom.js';
import {t, fmtDate} from '../i18n.js';
import {get, post, getAll} from '../api.js';
import {listView, localLoader, pageHeader, flash} from '../ui.js';
import {adminNav} from '../admin_nav.js';

export function render(main) {
  let view;
  let status = 'failed';
  const loader = () => localLoader(() => getAll('/outbox', {status}, 5), ['recipient', 'template', 'last_error', 'channel']);
  let load = loader();
  const resend = (m) => async () => {
    try { await post(`/outbox/${m.id}/resend`); flash('outbox.resent'); load = loader(); view.reload(); }
    catch (e) { flash(e.status === 404 || e.status === 405 ? t('outbox.resend_unavailable') : e.message, 'error', true); }
  };
  view = listView({
    initial: {status: 'failed'},
    columns: [
      {label: 'outbox.created_at', render: (m) => fmtDate(m.created_at)},
      {label: 'outbox.recipient', render: (m) => m.recipient},
      {label: 'outbox.channel', render: (m) => m.channel},
      {label: 'outbox.template', render: (m) => m.template},
      {label: 'outbox.attempts', render: (m) => String(m.attempts)},
      {label: 'outbox.error', render: (m) => m.last_error || ''},
      {label: 'common.actions', render: (m) => (m.status === 'failed'
        ? h('button', {type: 'button', class: 'btn small', onclick: resend(m)}, t('outbox.resend')) : t('outbox.st.' + m.status))},
    ],
    filters: [{name: 'status', label: 'ticket.status', options: ['failed', 'pending', 'sent'].map((s) => ({value: s, label: t('outbox.st.' + s)}))}],
    empty: 'outbox.empty',
    load: (p) => {
      if ((p.status || '') !== status) { status = p.status || ''; load = loader(); }
      const {status: _s, ...rest} = p;
      return load(rest);
    },
  });
  main.append(adminNav('outbox'), pageHeader('admin.outbox'), view);
}
