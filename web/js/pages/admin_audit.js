// The audit log: who changed which record when, searchable.
import {t, fmtDate} from '../i18n.js';
import {get, qs} from '../api.js';
import {listView, pageHeader} from '../ui.js';
import {adminNav, MASTER} from '../admin_nav.js';

export function render(main) {
  main.append(adminNav('audit'), pageHeader('admin.audit'), listView({
    columns: [
      {label: 'audit.at', render: (a) => fmtDate(a.at)},
      {label: 'audit.actor', render: (a) => a.actor_name || '—'},
      {label: 'audit.action', render: (a) => a.action},
      {label: 'audit.resource', render: (a) => `${a.resource}${a.record_id ? ' #' + a.record_id : ''}`},
      {label: 'audit.detail', render: (a) => (a.detail && Object.keys(a.detail).length ? JSON.stringify(a.detail) : '')},
      {label: 'audit.ip', render: (a) => a.ip || ''},
    ],
    filters: [{name: 'resource', label: 'audit.resource', options: MASTER.map((r) => ({value: r.replace('-', '_'), label: t('res.' + r)}))}],
    empty: 'audit.empty',
    load: (p) => get('/audit' + qs(p)),
  }));
}
