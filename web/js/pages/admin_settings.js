// Settings: the server's effective configuration from GET /api/v1/settings
// (read-only: operators set loket.conf or LOKET_* variables and restart);
// without that endpoint, what the browser can see.
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {get} from '../api.js';
import {session} from '../session.js';
import {pageHeader} from '../ui.js';
import {adminNav} from '../admin_nav.js';
import {officeSections} from '../settings_office.js';
import {directorySection} from '../settings_directory.js';

export async function render(main) {
  let rows = [];
  if (session.features.settings) {
    const s = await get('/settings');
    const obj = s.settings || s;
    // secrets come as {set: true|false}, never their value
    const text = (v) => (v !== null && typeof v === 'object' ?
      t(v.set ? 'settings.secret_set' : 'settings.secret_unset') : String(v));
    rows = Object.entries(obj).map(([k, v]) => [k, text(v)]);
  } else {
    const health = await fetch('/healthz').then((r) => r.json()).catch(() => ({}));
    rows = [
      ['settings.base_url', location.origin],
      ['settings.health', health.status || '—'],
      ['settings.language', t('lang.name')],
      ['settings.user', `${session.user.name} (${session.user.email})`],
    ].map(([k, v]) => [t(k), v]);
  }
  const dl = h('dl', {class: 'details'});
  for (const [k, v] of rows) dl.append(h('div', {}, h('dt', {}, k), h('dd', {}, v)));
  // issue #21: the editable settings first, then every setting (read-only)
  const editable = session.features.settings ? await officeSections() : [];
  if (session.features.settings) editable.push(await directorySection()); // issue #22: LDAP status
  main.append(adminNav('settings'), pageHeader('admin.settings'), ...editable,
    h('section', {class: 'card', 'aria-labelledby': 'set-all-h'}, h('h2', {id: 'set-all-h'}, t('setoff.all')),
      h('p', {class: 'muted'}, t(session.features.settings ? 'setoff.all_restart' : 'settings.no_endpoint')), dl));
}
