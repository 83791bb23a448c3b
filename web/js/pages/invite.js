// The link of an admin's invitation mail (#/invite?token=..., issue #20
// item 7): the invited user chooses their own password, twice, once. The
// token is used by this form's POST, not by opening the link, so a mail
// scanner that follows links does not use it up.
import {h, clear} from '../dom.js';
import {t} from '../i18n.js';
import {post} from '../api.js';
import {field, showErrors, clearErrors} from '../ui.js';

export async function render(main, params, query) {
  const token = query.get('token') || '';
  const password = h('input', {name: 'password', type: 'password', autocomplete: 'new-password', minlength: '8'});
  const again = h('input', {name: 'again', type: 'password', autocomplete: 'new-password'});
  const submit = h('button', {type: 'submit', class: 'btn primary'}, t('flow.invite_submit'));
  const form = h('form', {class: 'card narrow', novalidate: true, id: 'invite-form'},
    h('h1', {}, t('flow.invite_title')),
    h('p', {class: 'muted'}, t('flow.invite_intro')),
    field('flow.invite_password', password, {required: true, hint: 'signup.password_hint'}),
    field('flow.invite_again', again, {required: true}),
    h('div', {class: 'actions'}, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    if (password.value !== again.value) {
      showErrors(form, {message: t('flow.invite_mismatch'), fields: {again: t('flow.invite_mismatch')}});
      return;
    }
    submit.disabled = true;
    try {
      await post('/auth/invite', {token, password: password.value}, {noRedirect: true});
      clear(main);
      main.append(h('section', {class: 'card narrow'},
        h('h1', {tabindex: '-1'}, t('flow.invite_title')),
        h('p', {role: 'status', class: 'flash'}, t('flow.invite_done')),
        h('p', {}, h('a', {href: '#/login', class: 'btn primary'}, t('verify.to_login')))));
      main.querySelector('h1').focus();
    } catch (err) {
      submit.disabled = false;
      if (err.status === 404) showErrors(form, {message: t('flow.invite_invalid')});
      else showErrors(form, err);
    }
  });
  main.append(form);
  password.focus();
}
