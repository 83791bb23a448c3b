// Look a requester up by name, NIP, email or phone (for agents recording or
// booking on someone's behalf) and remember the one chosen: the shared
// picker (picker.js) searching the server, since the users are many. Only
// requesters are listed, never staff accounts (issue #20 item 2).
// opts: {none: i18n key shown while nobody is chosen, onChange(user|null)}.
// Returns {node, value(), user(), clear(noneKey)}; value() is the chosen user id or '';
// clear(noneKey) lets the chosen one go and says noneKey (default opts.none).
import {h} from './dom.js';
import {t} from './i18n.js';
import {get, qs} from './api.js';
import {field} from './ui.js';
import {picker} from './picker.js';

export function requesterPicker(opts = {}) {
  const none = opts.none || 'record.none_chosen';
  const chosen = h('p', {class: 'chosen', id: 'chosen-requester'}, t(none));
  const p = picker({
    name: 'requester_id', placeholder: t('record.lookup_placeholder'),
    find: async (q) => {
      if (q.length < 3) return [];
      const r = await get('/users' + qs({q, role: 'requester', per_page: 10}));
      const list = r.items.map((u) => ({value: u.id, label: u.name, item: u,
        hint: [u.nip || '—', u.email, u.phone].filter(Boolean).join(' · ')}));
      list.total = r.total;
      return list;
    },
    onChange: (o) => {
      const u = o && o.item;
      chosen.textContent = u ? t('record.chosen', {name: u.name, nip: u.nip || '—', email: u.email || '—'}) : t(none);
      if (opts.onChange) opts.onChange(u || null);
    },
  });
  return {
    node: [field('record.lookup', p.el, {hint: 'record.lookup_hint'}), chosen],
    value: () => p.value(),
    user: () => p.item(),
    clear: (key) => { p.setValue(''); chosen.textContent = t(key || none); },
  };
}

export const CHANNELS = ['phone', 'whatsapp', 'email', 'walk_in'];
