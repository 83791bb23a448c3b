// Look a requester up by NIP, email or phone (for agents recording or
// booking on someone's behalf) and remember the one chosen. Returns
// {node, value()}; value() is the chosen user id or ''.
import {h, clear, nextId} from './dom.js';
import {t} from './i18n.js';
import {get, qs} from './api.js';
import {field} from './ui.js';

export function requesterPicker() {
  const lookup = h('input', {type: 'search', name: 'lookup', id: nextId('lookup'), autocomplete: 'off',
    placeholder: t('record.lookup_placeholder')});
  const results = h('ul', {class: 'lookup-results', 'aria-live': 'polite'});
  const chosen = h('p', {class: 'chosen', id: 'chosen-requester'}, t('record.none_chosen'));
  const requesterId = h('input', {type: 'hidden', name: 'requester_id'});
  let timer;
  lookup.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = lookup.value.trim();
      clear(results);
      if (q.length < 3) return;
      let r;
      try { r = await get('/users' + qs({q, per_page: 10})); } catch (e) { results.append(h('li', {class: 'field-error'}, e.message)); return; }
      if (!r.items.length) results.append(h('li', {class: 'muted'}, t('record.no_match')));
      for (const u of r.items) {
        results.append(h('li', {}, h('button', {type: 'button', class: 'btn link', onclick: () => {
          requesterId.value = u.id;
          chosen.textContent = t('record.chosen', {name: u.name, nip: u.nip || '—', email: u.email || '—'});
          clear(results);
          lookup.value = '';
        }}, `${u.name} · ${u.nip || '—'} · ${u.email || ''} · ${u.phone || ''}`)));
      }
    }, 250);
  });
  return {
    node: [field('record.lookup', lookup, {hint: 'record.lookup_hint'}), results, chosen, requesterId],
    value: () => requesterId.value,
  };
}

export const CHANNELS = ['phone', 'whatsapp', 'email', 'walk_in'];
