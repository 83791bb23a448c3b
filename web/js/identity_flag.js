// The requester's identity flag (issue #21 item 4, seed 002) for staff
// pages: "Terverifikasi oleh X, tanggal" or "Belum terverifikasi", read from
// the user record (staff-only fields). Returns the element at once and
// fills it when the record arrives; empty for callers who may not read it.
import {h, clear} from './dom.js';
import {t, fmtDate} from './i18n.js';
import {get} from './api.js';
import {role, session} from './session.js';

const names = new Map();

async function nameOf(id) {
  if (!names.has(id)) names.set(id, get(`/users/${id}`).then((u) => u.name, () => '#' + id));
  return names.get(id);
}

export function identityBadge(u, byName) {
  if (u.identity_verified_at) {
    return h('span', {class: 'badge idv-ok', title: fmtDate(u.identity_verified_at)},
      t('idv.verified_by', {name: byName || '—', date: fmtDate(u.identity_verified_at, false)}));
  }
  return h('span', {class: 'badge idv-no'}, t('idv.unverified'));
}

export function identityFlag(requester) {
  const slot = h('span', {class: 'idv-flag'});
  if (!requester || !requester.id) return slot;
  (async () => {
    try {
      const u = await get(`/users/${requester.id}`);
      if (u.role !== 'requester') return;
      const by = u.identity_verified_by ? await nameOf(u.identity_verified_by) : null;
      clear(slot);
      slot.append(' ', identityBadge(u, by));
      const checks = role() === 'admin' || (role() === 'agent' && session.user.tier !== 3);
      if (!u.identity_verified_at && u.identity_channel && checks) {
        slot.append(' ', h('a', {href: '#/identity'}, t('idv.check_link')));
      }
    } catch (e) { /* not staff: no flag */ }
  })();
  return slot;
}
