// Notification templates with a live preview. Needs /api/v1/templates
// (the notifications branch); the menu entry is hidden while the server
// answers 404. Expected shape: {items:[{id|key, locale, subject, body}]},
// PATCH /api/v1/templates/{id|key} {subject, body}. The preview fills
// {{variables}} with sample values in the browser; nothing is sent.
import {h, clear} from '../dom.js';
import {t} from '../i18n.js';
import {get, patch} from '../api.js';
import {listView, localLoader, pageHeader, field, showErrors, clearErrors, flash} from '../ui.js';
import {adminNav} from '../admin_nav.js';

const SAMPLE = {ticket_number: 'LKT-2026-000123', requester_name: 'dr. Maya Lestari', title: 'Printer rusak',
  service: 'Kerusakan Perangkat Komputer', status_label: 'Diproses', agent: 'Siti Rahmawati',
  link: location.origin + '/#/tickets/LKT-2026-000123', app_name: 'Loket', recipient_name: 'dr. Maya Lestari'};

const fill = (s) => (s || '').replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k) => (k in SAMPLE ? SAMPLE[k] : m));

function editor(tpl, done) {
  const key = tpl.id ?? tpl.key;
  const subject = h('input', {name: 'subject', value: tpl.subject || ''});
  const body = h('textarea', {name: 'body', rows: 12, value: tpl.body || ''});
  const prevSubject = h('p', {class: 'preview-subject'});
  const prevBody = h('pre', {class: 'preview-body'});
  const update = () => { prevSubject.textContent = fill(subject.value); prevBody.textContent = fill(body.value); };
  subject.addEventListener('input', update);
  body.addEventListener('input', update);
  update();
  const form = h('form', {class: 'card form', novalidate: true},
    h('h2', {}, `${tpl.key || tpl.name || key} (${tpl.locale || ''})`),
    field('tpl.subject', subject), field('tpl.body', body),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'btn primary'}, t('common.save'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    try { await patch('/templates/' + encodeURIComponent(key), {subject: subject.value, body: body.value}); flash('admin.saved'); done(); }
    catch (x) { showErrors(form, x); }
  });
  return h('div', {class: 'cols'}, h('div', {class: 'col-main'}, form),
    h('section', {class: 'col-side card', 'aria-live': 'polite'}, h('h2', {}, t('tpl.preview')), prevSubject, prevBody));
}

export function render(main) {
  const slot = h('div');
  const view = listView({
    columns: [
      {label: 'tpl.key', render: (x) => x.key || x.name || String(x.id)},
      {label: 'tpl.locale', render: (x) => x.locale || ''},
      {label: 'tpl.subject', render: (x) => x.subject || ''},
      {label: 'common.actions', render: (x) => h('button', {type: 'button', class: 'btn small', onclick: () => {
        clear(slot); slot.append(editor(x, () => view.reload())); slot.querySelector('input').focus();
      }}, t('common.edit'))},
    ],
    load: (p) => localLoader(async () => (await get('/templates?per_page=200')).items, ['key', 'name', 'subject', 'body'])(p),
  });
  main.append(adminNav('templates'), pageHeader('admin.templates'), view, slot);
}
