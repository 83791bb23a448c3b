// Login by email or NIP; comes back to the page the user was sent away from.
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {get, post} from '../api.js';
import {field, showErrors, clearErrors} from '../ui.js';
import {loggedIn} from '../app.js';
import {oidcLogin} from '../oidc_login.js';

export function render(main, params, query) {
  const login = h('input', {name: 'login', autocomplete: 'username'});
  const password = h('input', {name: 'password', type: 'password', autocomplete: 'current-password'});
  const submit = h('button', {type: 'submit', class: 'btn primary'}, t('login.submit'));
  const form = h('form', {class: 'card narrow', novalidate: true},
    h('h1', {}, t('login.title')),
    h('p', {class: 'muted'}, t('login.intro')),
    field('login.login', login, {required: true}),
    field('login.password', password, {required: true}),
    h('div', {class: 'actions'}, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    submit.disabled = true;
    try {
      const r = await post('/auth/login', {login: login.value.trim(), password: password.value}, {noRedirect: true});
      await loggedIn(r.user, r.csrf_token, query.get('next'));
    } catch (err) {
      showErrors(form, err);
      password.value = '';
    } finally {
      submit.disabled = false;
    }
  });
  main.append(form);
  login.focus();
  oidcLogin(form, query); // issue #22: sign-in with the office directory
  // Offered only where sign-up is open (LOKET_SIGNUP).
  get('/auth/signup', {noRedirect: true}).then((r) => {
    if (r.enabled) form.append(h('p', {}, h('a', {href: '#/signup'}, t('signup.link'))));
  }).catch(() => {});
}
