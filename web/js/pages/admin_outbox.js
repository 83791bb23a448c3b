// Notifications in the outbox (GET /api/v1/outbox, every matching row at
// once), failed ones first: the last error and the attempts, and a resend
// (POST /api/v1/outbox/{id}/resend) after a confirmation. The server only
// requeues failed rows (409 otherwise), so a sent mail is never sent twice.
// It opens on the tab with something in it, waiting mail first when it is
// stuck, and warns when no mail server is set (outbox_state.js, issue #20).
import {h} from '../dom.js';
import {t, fmtDate} from '../i18n.js';
import {post, getAll} from '../api.js';
import {listView, localLoader, pageHeader, flash, dialog} from '../ui.js';
import {adminNav} from '../admin_nav.js';
import {outboxState, outboxWarning, outboxOptionLabel, outboxEmptyKey} from '../outbox_state.js';

export async function render(main) {
  let view;
  const state = await outboxState();
  let status = state.initial;
  const loader = () => localLoader(() => getAll('/outbox', {status}, 5), ['recipient', 'template', 'last_error', 'channel']);
  let load = loader();
  const resend = (m) => async () => {
    const ok = await dialog({title: 'outbox.resend', text: t('outbox.resend_confirm', {recipient: m.recipient, template: m.template}),
      okLabel: 'outbox.resend'});
    if (!ok) return;
    try {
      await post(`/outbox/${m.id}/resend`);
      load = loader();
      await view.reload();
      flash('outbox.resent');
    } catch (e) { flash(e.message || t('error.generic'), 'error', true); }
  };
  const opts = {
    initial: {status},
    columns: [
      {label: 'outbox.created_at', render: (m) => fmtDate(m.created_at)},
      {label: 'outbox.recipient', render: (m) => m.recipient},
      {label: 'outbox.channel', render: (m) => m.channel},
      {label: 'outbox.template', render: (m) => m.template},
      {label: 'outbox.attempts', render: (m) => String(m.attempts)},
      {label: 'outbox.error', render: (m) => (m.last_error ? h('span', {class: 'outbox-error'}, m.last_error) : '')},
      {label: 'common.actions', render: (m) => (m.status === 'failed'
        ? h('button', {type: 'button', class: 'btn small', onclick: resend(m)}, t('outbox.resend')) : t('outbox.st.' + m.status))},
    ],
    filters: [{name: 'status', label: 'ticket.status', enum: true, options: ['pending', 'failed', 'sent'].map((s) => ({value: s, label: outboxOptionLabel(state, s)}))}],
    empty: outboxEmptyKey(state, status),
    load: (p) => {
      if ((p.status || '') !== status) { status = p.status || ''; load = loader(); }
      opts.empty = outboxEmptyKey(state, status); // read by listView when it renders
      const {status: _s, ...rest} = p;
      return load(rest);
    },
  };
  view = listView(opts);
  main.append(adminNav('outbox'), pageHeader('admin.outbox'), outboxWarning(state) || '', view);
}
