// Where notices reach a user (issue #22 item 4; GET/PUT /me/notifications,
// or /users/{id}/notifications with ?user=ID for an agent or admin setting a
// requester's): mail, WhatsApp or both, and the WhatsApp number. Status
// changes, the resolution and the rating request go where chosen; a rating
// request by WhatsApp is answered with one digit.
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {get, put} from '../api.js';
import {field, showErrors, clearErrors, pageHeader, flash, errorBox} from '../ui.js';
import {CHOICES} from '../wa_notify_link.js';


export async function render(main, params, query) {
  const user = query.get('user') || '';
  const uid = /^\d+$/.test(user) ? user : null;
  const path = uid ? `/users/${uid}/notifications` : '/me/notifications';
  main.append(pageHeader(uid ? 'wan.title_for' : 'wan.title'),
    h('p', {class: 'lead'}, t('wan.intro')));
  let pref;
  try { pref = await get(path); } catch (e) { main.append(errorBox(e)); return; }

  const list = h('ul', {class: 'check-list wan-choices'});
  for (const [c, label, hint] of CHOICES) {
    const id = 'wan-' + c;
    list.append(h('li', {}, h('input', {type: 'radio', name: 'channel', id, value: c, checked: pref.channel === c}),
      h('label', {for: id}, h('strong', {}, t(label)), h('br'), h('span', {class: 'muted small'}, t(hint)))));
  }
  const choice = h('fieldset', {class: 'wan-channel'}, h('legend', {}, t('wan.channel')), list,
    h('p', {class: 'field-error', id: 'wan-channel-err', hidden: true}));
  const phone = h('input', {name: 'phone', type: 'tel', inputmode: 'tel', autocomplete: 'tel',
    maxlength: 32, value: pref.phone ? '+' + pref.phone : '', placeholder: '0812 3456 7890'});
  const submit = h('button', {type: 'submit', class: 'btn primary'}, t('wan.save'));
  const form = h('form', {class: 'card form', novalidate: true}, choice,
    field('wan.phone', phone, {hint: 'wan.phone_hint'}),
    h('div', {class: 'actions'}, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const picked = form.querySelector('input[name=channel]:checked');
    submit.disabled = true;
    try {
      pref = await put(path, {channel: picked ? picked.value : 'auto', phone: phone.value.trim() || null});
      phone.value = pref.phone ? '+' + pref.phone : '';
      flash('wan.saved');
    } catch (x) { showErrors(form, x); }
    submit.disabled = false;
  });
  const note = pref.whatsapp ? h('p', {class: 'hint'}, t('wan.rating_hint')) :
    h('p', {class: 'hint', role: 'note'}, t('wan.no_whatsapp'));
  main.append(form, h('section', {class: 'card'}, h('h2', {}, t('wan.how')), note,
    h('p', {}, t('wan.window'))));
}
