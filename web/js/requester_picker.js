// Look a requester up by name, NIP, email or phone (for agents recording or
// booking on someone's behalf) and remember the one chosen: the shared
// picker (picker.js) searching the server, since the users are many.
// Returns {node, value()}; value() is the chosen user id or ''.
import {h} from './dom.js';
import {t} from './i18n.js';
import {get, qs} from './api.js';
import {field} from './ui.js';
import {picker} from './picker.js';

export function requesterPicker() {
  const chosen = h('p', {class: 'chosen', id: 'chosen-requester'}, t('record.none_chosen'));
  const p = picker({
    name: 'requester_id', placeholder: t('record.lookup_placeholder'),
    find: async (q) => {
      if (q.length < 3) return [];
      const r = await get('/users' + qs({q, per_page: 10}));
      const list = r.items.map((u) => ({value: u.id, label: u.name, item: u,
        hint: [u.nip || '—', u.email, u.phone].filter(Boolean).join(' · ')}));
      list.total = r.total;
      return list;
    },
    onChange: (o) => {
      const u = o && o.item;
      chosen.textContent = u ? t('record.chosen', {name: u.name, nip: u.nip || '—', email: u.email || '—'}) : t('record.none_chosen');
    },
  });
  return {
    node: [field('record.lookup', p.el, {hint: 'record.lookup_hint'}), chosen],
    value: () => p.value(),
  };
}

export const CHANNELS = ['phone', 'whatsapp', 'email', 'walk_in'];
