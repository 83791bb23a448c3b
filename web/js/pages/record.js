// "Record a request" for callers on the phone, WhatsApp, email or at the
// desk: look the requester up by NIP, email or phone, then the ticket form
// on their behalf.
import {h, clear, select, nextId} from '../dom.js';
import {t} from '../i18n.js';
import {get, qs} from '../api.js';
import {field, pageHeader} from '../ui.js';
import {ticketForm, createdPanel} from '../ticket_form.js';

export async function render(main) {
  const channel = select({name: 'channel'}, ['phone', 'whatsapp', 'email', 'walk_in'].map((c) => ({value: c, label: t('channel.' + c)})), 'phone');
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
  const form = await ticketForm({
    before: [
      h('fieldset', {class: 'caller'}, h('legend', {}, t('record.caller')),
        field('ticket.channel', channel),
        field('record.lookup', lookup, {hint: 'record.lookup_hint'}),
        results, chosen, requesterId),
    ],
    extra(body) {
      body.channel = channel.value;
      if (requesterId.value) body.requester_id = Number(requesterId.value);
    },
    onCreated(ticket, failed, progress) {
      clear(main);
      main.append(createdPanel(ticket, failed, true, progress));
      main.querySelector('h1').focus();
    },
  });
  main.append(pageHeader('record.title'), h('p', {class: 'lead'}, t('record.intro')), form);
}
