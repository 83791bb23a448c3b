// The "Direktori" card on the admins' settings page (issue #22 item 5):
// whether sign-in with the office directory (LDAP / Active Directory) is
// configured, how users are found, the group → role mapping, and a
// connection test. Read-only: the settings live in loket.conf (restart to
// change); the service password is never sent, only whether it is set.
import {h} from './dom.js';
import {t} from './i18n.js';
import {get, post} from './api.js';

export async function directorySection() {
  const s = (await get('/settings/ldap')).ldap;
  const card = h('section', {class: 'card directory-status', 'aria-labelledby': 'set-dir-h'});
  card.append(h('h2', {id: 'set-dir-h'}, t('ldap.title')),
    h('p', {class: 'hint'}, t(s.configured ? 'ldap.on' : 'ldap.off')));
  if (!s.configured) return card;
  const dash = (v) => (v === null || v === undefined || v === '' ? '—' : String(v));
  const rows = [
    ['ldap.url', s.url + (s.starttls ? ' (StartTLS)' : '')],
    ['ldap.mode', t(`ldap.mode_${s.mode}`)],
    s.mode === 'bind_dn_template' ? ['ldap.user_dn', s.user_dn] : ['ldap.bind_dn', s.bind_dn || t('ldap.anonymous')],
    ['ldap.password', t(s.bind_password_set ? 'settings.secret_set' : 'settings.secret_unset')],
    ['ldap.base_dn', s.base_dn], ['ldap.user_filter', s.user_filter],
    ['ldap.groups', s.group_attr ? t('ldap.groups_attr', {attr: s.group_attr}) : t('ldap.groups_search', {filter: s.group_filter})],
    ['ldap.unmapped', t(`ldap.unmapped_${s.unmapped}`)],
  ];
  const dl = h('dl', {class: 'details'});
  for (const [k, v] of rows) dl.append(h('div', {}, h('dt', {}, t(k)), h('dd', {}, dash(v))));
  card.append(dl, h('h3', {}, t('ldap.map')));
  if (s.group_map_error) card.append(h('p', {class: 'test-mail-result bad'}, s.group_map_error));
  else if (!s.group_map.length) card.append(h('p', {class: 'muted'}, t('ldap.map_empty')));
  else {
    const role = (m) => t('enum.role.' + m.role) + (m.tier ? ' · ' + t('enum.tier.' + m.tier) : '');
    const [g, r, u] = [t('ldap.map_group'), t('fld.role'), t('ldap.map_unit')];
    card.append(h('div', {class: 'table-wrap'}, h('table', {class: 'table directory-map'},
      h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, g), h('th', {scope: 'col'}, r), h('th', {scope: 'col'}, u))),
      h('tbody', {}, ...s.group_map.map((m) => h('tr', {}, h('td', {'data-label': g}, m.group),
        h('td', {'data-label': r}, role(m)), h('td', {'data-label': u}, m.unit_id ? '#' + m.unit_id : '—')))))));
  }
  const out = h('p', {class: 'test-mail-result', role: 'status', 'aria-live': 'polite'});
  const btn = h('button', {type: 'button', class: 'btn', id: 'test-ldap'}, t('ldap.test'));
  btn.addEventListener('click', async () => {
    out.className = 'test-mail-result';
    out.textContent = t('ldap.testing');
    btn.disabled = true;
    try {
      const r = await post('/settings/ldap/test');
      out.textContent = t(r.ok ? 'ldap.test_ok' : 'ldap.test_fail', {why: r.detail || '?'});
      out.classList.add(r.ok ? 'good' : 'bad');
    } catch (e) { out.textContent = e.message || t('error.generic'); out.classList.add('bad'); }
    btn.disabled = false;
  });
  card.append(h('p', {class: 'hint'}, t('ldap.restart')), h('div', {class: 'actions'}, btn), out);
  return card;
}

// The users list's "Sumber akun" column (local, ldap, oidc).
export const sourceColumn = {label: 'ldap.col_source', render: (it) => t(`ldap.source_${it.auth_source || 'local'}`)};
