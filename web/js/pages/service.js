// One service: its description, the helpdesk phone ("Call Helpdesk"), and
// either the ticket form link or, for redirect services, the other
// application (the visit is logged through POST .../redirect first).
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {get, post} from '../api.js';
import {ref, byId} from '../refdata.js';
import {flash} from '../ui.js';

export async function render(main, [id]) {
  const [s, categories] = await Promise.all([get('/services/' + id), ref('categories')]);
  const c = byId(categories).get(s.category_id);
  const actions = h('div', {class: 'actions'});
  if (s.kind === 'redirect') {
    actions.append(h('button', {type: 'button', class: 'btn primary', id: 'open-app', onclick: async () => {
      try {
        const r = await post('/services/' + s.id + '/redirect');
        if (/^https?:\/\//i.test(r.url)) location.assign(r.url); // never a javascript: URL
        else flash('service.bad_url', 'error');
      } catch (e) { flash(e.message, 'error', true); }
    }}, t('service.open_app')));
  } else if (s.kind === 'appointment') {
    actions.append(h('a', {class: 'btn primary', href: '#/book/' + s.id, id: 'book-service'}, t('appt.book.cta')));
  } else {
    actions.append(h('a', {class: 'btn primary', href: '#/new?service=' + s.id}, t('service.create_ticket')));
  }
  if (s.helpdesk_phone) {
    actions.append(h('a', {class: 'btn', href: 'tel:' + s.helpdesk_phone.replace(/[^+\d]/g, '')},
      t('service.call'), ' ', h('span', {class: 'phone'}, s.helpdesk_phone)));
  }
  main.append(h('article', {class: 'card'},
    h('p', {class: 'crumbs'}, h('a', {href: '#/catalog'}, t('catalog.title')), ' / ', c ? c.name : ''),
    h('h1', {tabindex: '-1'}, s.name),
    h('span', {class: 'badge kind-' + s.kind}, t('service.kind.' + s.kind)),
    h('p', {class: 'lead'}, s.description || ''),
    s.helpdesk_phone ? h('p', {}, t('service.phone_label'), ' ', h('strong', {}, s.helpdesk_phone)) : null,
    actions));
}
